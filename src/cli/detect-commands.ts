/**
 * `vigil detect` (hunt with Sigma rules over event files) and `vigil rules check` (list every rule that
 * cannot be loaded, with its reason). Output goes through the root command's output configuration, so
 * tests capture it with `configureOutput`.
 */
import { readFileSync } from 'node:fs';
import type { Command, OutputConfiguration } from 'commander';
import { huntFiles, matchLine } from '../detect/hunt.ts';
import { loadPipelineFile, loadRuleSet, windowsPipeline, type Logsource, type Pipeline, type Placeholders } from '../detect/index.ts';
import { parseYamlDocuments } from '../detect/sigma/yaml-loader.ts';

export interface DetectCommandIo {
  /** Standard input for `-` (default: process.stdin). */
  readonly stdin?: AsyncIterable<Buffer | string>;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function output(cmd: Command): { out: (s: string) => void; err: (s: string) => void } {
  let root = cmd;
  while (root.parent !== null) root = root.parent;
  const cfg: OutputConfiguration = root.configureOutput();
  return {
    out: (s) => {
      if (cfg.writeOut !== undefined) cfg.writeOut(s);
      else process.stdout.write(s);
    },
    err: (s) => {
      if (cfg.writeErr !== undefined) cfg.writeErr(s);
      else process.stderr.write(s);
    },
  };
}

function parseLogsource(spec: string, cmd: Command): Logsource {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const [key = '', value = ''] = part.split('=').map((s) => s.trim());
    if (!['category', 'product', 'service'].includes(key) || value === '') cmd.error(`--logsource: expected category=…,product=…,service=…, got '${part}'`, { exitCode: 2 });
    out[key] = value.toLowerCase();
  }
  return out;
}

function readPlaceholders(path: string, cmd: Command): Placeholders {
  const { docs, errors } = parseYamlDocuments({ path, text: readFileSync(path, 'utf8') });
  const value = docs[0]?.value;
  if (errors.length > 0 || value === null || typeof value !== 'object' || Array.isArray(value))
    cmd.error(`--placeholders ${path}: expected a map of placeholder name to a list of values`, { exitCode: 2 });
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, (Array.isArray(v) ? (v as unknown[]) : [v]).map(String)]));
}

interface DetectOptions {
  rules: string[];
  pipeline: string[];
  windows: boolean;
  placeholders?: string;
  logsource?: string;
}

export function registerDetectCommands(program: Command, io: DetectCommandIo = {}): void {
  program
    .command('detect')
    .description('evaluate Sigma rules over JSON / NDJSON event files (plain or gzipped); one NDJSON match per line')
    .requiredOption('-r, --rules <path>', 'Sigma rule directory or file (repeatable)', collect, [])
    .option('-p, --pipeline <file>', 'additional pipeline YAML (repeatable)', collect, [])
    .option('--no-windows', 'without the default Windows pipeline')
    .option('--placeholders <file>', 'YAML map of placeholder name → values, for the expand modifier')
    .option('--logsource <spec>', 'logsource of every event, e.g. product=linux,service=auditd (bypasses pipelines)')
    .argument('<files...>', "event files; '-' reads standard input")
    .action(async function (this: Command, files: string[], opts: DetectOptions) {
      const { out, err } = output(this);
      const pipelines: Pipeline[] = [...(opts.windows ? [windowsPipeline()] : []), ...opts.pipeline.map(loadPipelineFile)];
      const set = await loadRuleSet({
        ruleDirs: opts.rules,
        pipelines,
        ...(opts.placeholders !== undefined ? { placeholders: readPlaceholders(opts.placeholders, this) } : {}),
      });
      if (set.errors.length > 0) err(`vigil detect: ${set.errors.length} rule(s) could not be loaded; see 'vigil rules check'\n`);
      if (set.engine.rules.length === 0) this.error('vigil detect: no rules loaded', { exitCode: 2 });
      const logsource = opts.logsource !== undefined ? parseLogsource(opts.logsource, this) : undefined;
      let matches = 0;
      for await (const rec of huntFiles(set.engine, files, { ...(logsource !== undefined ? { logsource } : {}), ...(io.stdin !== undefined ? { stdin: io.stdin } : {}) })) {
        if (rec.kind === 'read-error') err(`${rec.origin.file}:${rec.origin.line}: event ${rec.origin.position}: ${rec.reason}\n`);
        else {
          matches++;
          out(`${matchLine(rec.match, rec.origin)}\n`);
        }
      }
      err(`vigil detect: ${matches} match(es), ${set.engine.rules.length} rule(s)\n`);
    });

  program
    .command('rules')
    .description('Sigma rule tools')
    .command('check')
    .description('list every rule that cannot be loaded, with the reason and its path')
    .argument('<paths...>', 'rule directories or files')
    .option('--json', 'one JSON object per failed rule')
    .action(async function (this: Command, paths: string[], opts: { json?: boolean }) {
      const { out } = output(this);
      const set = await loadRuleSet({ ruleDirs: paths });
      for (const e of set.errors)
        out(opts.json === true ? `${JSON.stringify({ path: e.path, ruleId: e.ruleId ?? null, reason: e.reason })}\n` : `${e.path}\t${e.ruleId ?? '-'}\t${e.reason}\n`);
      const s = set.stats;
      const loaded = s.rules + s.correlations + s.filters;
      out(`${s.files} file(s): ${loaded} loaded (${s.rules} rules, ${s.correlations} correlations, ${s.filters} filters), ${set.errors.length} failed, ${s.unrouted} without a pipeline route\n`);
      if (set.errors.length > 0) this.error(`${set.errors.length} rule(s) could not be loaded`, { exitCode: 1, code: 'vigil.rules.invalid' });
    });
}
