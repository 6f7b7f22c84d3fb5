import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (scripts/ensure-chromium.sh installs it); a test tool's own browser download cannot work here. */
export const CHROMIUM = process.env['VIGIL_CHROMIUM'] ?? '/usr/bin/chromium';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const ARTIFACTS = join(REPO, 'test-artifacts');

/**
 * `false` when the browser tests can run; a reason to skip when chromium is missing. Under CI=1 a
 * missing browser is not a skip: the suite runs and fails in `requireChromium`.
 */
export function browserSkip(): string | false {
  if (existsSync(CHROMIUM) || process.env['CI'] === '1') return false;
  return `browser tests skipped: ${CHROMIUM} is missing (run scripts/ensure-chromium.sh, or set VIGIL_CHROMIUM)`;
}

export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing and CI=1 requires the browser tests: scripts/ensure-chromium.sh installs it`);
}

/** Builds web/dist when it is missing or older than its sources (type-checking it too, as CI should). */
export function ensureWebBuilt(): void {
  const result = spawnSync(process.execPath, [join(REPO, 'web', 'scripts', 'web-build.mjs'), '--if-stale'], { cwd: REPO, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the web console failed:\n${result.stdout}\n${result.stderr}`);
}

export interface Browser {
  readonly context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Headless chromium on a fresh profile (its own --user-data-dir), removed on close. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'vigil-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      // Anything the page throws or logs as an error is printed, so a failing test says why.
      page.on('pageerror', (error) => {
        console.error(`[browser] page error: ${error.message}`);
      });
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Writes a screenshot of the page into test-artifacts/ (git-ignored). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `console-${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Sizes of what the browser downloads for the console: raw and gzip, JS and CSS. */
export function bundleSize(): { js: number; jsGzip: number; css: number; cssGzip: number; files: number } {
  const assets = join(REPO, 'web', 'dist', 'assets');
  const out = { js: 0, jsGzip: 0, css: 0, cssGzip: 0, files: 0 };
  for (const name of readdirSync(assets)) {
    if (name.endsWith('.gz')) continue;
    const path = join(assets, name);
    const size = statSync(path).size;
    const gz = gzipSync(readFileSync(path), { level: 9 }).length;
    out.files++;
    if (name.endsWith('.js')) {
      out.js += size;
      out.jsGzip += gz;
    } else if (name.endsWith('.css')) {
      out.css += size;
      out.cssGzip += gz;
    }
  }
  return out;
}
