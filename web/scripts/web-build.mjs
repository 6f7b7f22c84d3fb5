#!/usr/bin/env node
// Builds the console into web/dist: type-check (web/tsconfig*.json), then vite build.
//   --if-stale       only when web/dist is missing or older than its sources
//   --no-typecheck   skip the type-check (`npm start` runs `--if-stale --no-typecheck` first)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('..', import.meta.url));
const repo = join(web, '..');

/** Newest modification time under the console's sources (and the server modules it imports lists from). */
export function newestSource() {
  let newest = 0;
  const visit = (path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const p of ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json']) visit(join(web, p));
  for (const p of ['src/core/verdict.ts', 'src/workflow/incident.ts']) visit(join(repo, p));
  return newest;
}

export function isStale() {
  try {
    return statSync(join(web, 'dist', 'index.html')).mtimeMs < newestSource();
  } catch {
    return true;
  }
}

function run(args) {
  // NODE_ENV decides which React build is bundled; left unset, a plugin may set it to "development" mid-build.
  const result = spawnSync(process.execPath, args, { cwd: repo, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && !isStale()) process.exit(0);
if (!process.argv.includes('--no-typecheck')) {
  const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
  run([tsc, '--noEmit', '-p', join(web, 'tsconfig.json')]);
  run([tsc, '--noEmit', '-p', join(web, 'tsconfig.node.json')]);
  run([tsc, '--noEmit', '-p', join(web, 'test', 'tsconfig.json')]);
}
const t0 = Date.now();
run([join(repo, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', ifStale ? 'warn' : 'info']);
if (ifStale) console.log(`web console built into web/dist in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
