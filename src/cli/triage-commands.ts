import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { evaluateAitAds } from '../triage/evaluation/evaluate.ts';
import { triagePolicySchema, type TriagePolicyInput } from '../triage/policy.ts';

export interface TriageCommandIo {
  readonly write?: (text: string) => void;
}

interface EvaluateOptions {
  readonly format: string;
  readonly test: string;
  readonly train?: string;
  readonly delayMinutes: string;
  readonly dataDir: string;
  readonly policy?: string;
}

/** Bare scenario names resolve here: the shared data folder next to the repository. */
export const DEFAULT_AIT_ADS_DIR = fileURLToPath(new URL('../../../shared/data/triage/ait-ads/', import.meta.url));

const list = (v: string | undefined): string[] => (v === undefined ? [] : v.split(',').map((s) => s.trim()).filter((s) => s !== ''));

/** `vigil triage …`: replay labelled alert streams through the triage engine and report the figures. */
export function registerTriageCommands(program: Command, io: TriageCommandIo = {}): void {
  const write = io.write ?? ((text: string) => process.stdout.write(text));
  const triage = program.command('triage').description('AI triage: evaluation on labelled alert streams');
  triage
    .command('evaluate')
    .description('replay a labelled scenario in time order (warm: after --train scenarios; cold: alone) and print one JSON object')
    .requiredOption('--format <format>', 'data set format (ait-ads)')
    .requiredOption('--test <file>', 'scenario to replay (.csv.gz); bare names resolve in --data-dir')
    .option('--train <files>', 'comma-separated scenarios to replay first (warm mode)')
    .option('--delay-minutes <n>', 'minutes from an item reaching a human to its verdict', '30')
    .option('--data-dir <dir>', 'where bare file names are looked up', DEFAULT_AIT_ADS_DIR)
    .option('--policy <file>', 'tenant triage policy (JSON or YAML) instead of the defaults')
    .action(function (this: Command, opts: EvaluateOptions) {
      if (opts.format !== 'ait-ads') this.error(`unsupported --format ${opts.format} (supported: ait-ads)`, { exitCode: 2 });
      const delayMinutes = Number(opts.delayMinutes);
      if (!Number.isFinite(delayMinutes) || delayMinutes < 0) this.error(`--delay-minutes must be a non-negative number, got ${opts.delayMinutes}`, { exitCode: 2 });
      let policy: TriagePolicyInput | undefined;
      if (opts.policy !== undefined) {
        const parsed = triagePolicySchema.safeParse(parseYaml(readFileSync(opts.policy, 'utf8')));
        if (!parsed.success) this.error(`invalid --policy ${opts.policy}: ${parsed.error.message}`, { exitCode: 2 });
        policy = parsed.data;
      }
      let report;
      try {
        report = evaluateAitAds({ test: opts.test, train: list(opts.train), delayMinutes, dataDir: opts.dataDir, ...(policy === undefined ? {} : { policy }) });
      } catch (e) {
        this.error(e instanceof Error ? e.message : String(e), { exitCode: 1 });
      }
      write(`${JSON.stringify(report, null, 2)}\n`);
    });
}
