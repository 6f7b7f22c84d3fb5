import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { Command, CommanderError } from 'commander';
import { syntheticAitCsv } from '../triage/evaluation/synthetic-scenario.ts';
import { DEFAULT_AIT_ADS_DIR, registerTriageCommands } from './triage-commands.ts';

async function run(args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
  let out = '';
  let err = '';
  const program = new Command('vigil').exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  registerTriageCommands(program, { write: (s) => (out += s) });
  try {
    await program.parseAsync(args, { from: 'user' });
    return { out, err, exitCode: 0 };
  } catch (e) {
    if (e instanceof CommanderError) return { out, err, exitCode: e.exitCode };
    throw e;
  }
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-triage-'));
  writeFileSync(join(dir, 'alpha.csv.gz'), gzipSync(syntheticAitCsv({ days: 2, seed: 1 })));
  writeFileSync(join(dir, 'beta.csv.gz'), gzipSync(syntheticAitCsv({ days: 2, seed: 2 })));
  return dir;
}

void describe('vigil triage evaluate', () => {
  void test('cold and warm replays print one JSON object with the issue’s figures; bare names resolve in --data-dir', async () => {
    const dir = dataDir();
    const cold = await run(['triage', 'evaluate', '--format', 'ait-ads', '--test', 'beta.csv.gz', '--data-dir', dir]);
    assert.equal(cold.exitCode, 0, cold.err);
    const c = JSON.parse(cold.out) as Record<string, unknown>;
    assert.deepEqual([c['mode'], c['test'], c['delayMinutes']], ['cold', 'beta', 30]);
    for (const key of ['alerts', 'autoClosed', 'reviewItems', 'reviewItemsPerDay', 'workloadReduction', 'attackAlerts', 'attackAlertsAutoClosed', 'steps', 'highPriorityPrecision', 'baseline']) assert.ok(key in c, key);
    const warm = await run(['triage', 'evaluate', '--format', 'ait-ads', '--train', 'alpha', '--test', join(dir, 'beta.csv.gz'), '--data-dir', dir, '--delay-minutes', '45']);
    assert.equal(warm.exitCode, 0, warm.err);
    const w = JSON.parse(warm.out) as { mode: string; train: string[]; delayMinutes: number; reviewItems: number };
    assert.deepEqual([w.mode, w.train, w.delayMinutes], ['warm', ['alpha'], 45]);
    assert.ok(w.reviewItems < (c['reviewItems'] as number), 'training first saves work');
  });

  void test('a tenant policy file changes the decisions', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'policy.yml'), 'autoCloseBelow: 0\nqualityReview:\n  rate: 0\n');
    const r = await run(['triage', 'evaluate', '--format', 'ait-ads', '--test', 'beta', '--data-dir', dir, '--policy', join(dir, 'policy.yml')]);
    assert.equal(r.exitCode, 0, r.err);
    assert.equal((JSON.parse(r.out) as { autoClosed: number }).autoClosed, 0, 'nothing scores below 0');
  });

  void test('clear errors: unknown format, missing file, bad delay', async () => {
    const dir = dataDir();
    assert.match((await run(['triage', 'evaluate', '--format', 'csv', '--test', 'beta', '--data-dir', dir])).err, /unsupported --format csv/);
    const missing = await run(['triage', 'evaluate', '--format', 'ait-ads', '--test', 'nope.csv.gz', '--data-dir', dir]);
    assert.equal(missing.exitCode, 1);
    assert.match(missing.err, /scenario file not found: nope.csv.gz/);
    assert.match((await run(['triage', 'evaluate', '--format', 'ait-ads', '--test', 'beta', '--data-dir', dir, '--delay-minutes', '-3'])).err, /--delay-minutes must be a non-negative number/);
    assert.match(DEFAULT_AIT_ADS_DIR, /shared\/data\/triage\/ait-ads\/?$/);
  });
});
