import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Command, CommanderError } from 'commander';
import { dataPath, skipUnlessData } from '../roster/test-data.ts';
import { registerRosterCommands } from './roster-commands.ts';

/** Runs `vigil …` on a fresh program and returns what it printed. */
async function run(...args: string[]): Promise<string> {
  let out = '';
  const program = new Command('vigil').exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: () => undefined });
  registerRosterCommands(program);
  await program.parseAsync(['node', 'vigil', ...args]);
  return out;
}

test('roster erlang: 14 agents for the reference load, 20 after 30% shrinkage', async () => {
  const r = JSON.parse(await run('roster', 'erlang', '--arrivals-per-hour', '200', '--handling-seconds', '180', '--service-level', '0.8', '--within', '20', '--shrinkage', '0.3')) as Record<string, unknown>;
  assert.equal(r['model'], 'erlang-c');
  assert.equal(r['agents'], 14);
  assert.equal(r['rostered'], 20);
  const a = JSON.parse(await run('roster', 'erlang', '--arrivals-per-hour', '200', '--handling-seconds', '180', '--agents', '14', '--within', '20', '--patience', '600')) as Record<string, number>;
  assert.ok((a['pAbandon'] ?? 0) > 0 && (a['serviceLevel'] ?? 0) > 0.8884);
});

test('user errors exit with code 1 and a message', async () => {
  await assert.rejects(run('roster', 'erlang', '--arrivals-per-hour', '200', '--handling-seconds', '180', '--agents', '14', '--shrinkage', '1.5'), (e: unknown) => e instanceof CommanderError && e.exitCode === 1 && /shrinkage/.test(e.message));
  await assert.rejects(run('roster', 'erlang', '--arrivals-per-hour', 'many', '--handling-seconds', '180'), CommanderError);
  await assert.rejects(run('roster', 'curtois', '/nonexistent/file.txt'), (e: unknown) => e instanceof CommanderError && /cannot read/.test(e.message));
});

test('roster curtois --check scores the README roster; roster curtois solves with a JSON summary', { skip: skipUnlessData('roster/curtois/Instance2.txt') }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-roster-'));
  const rosterFile = join(dir, 'roster.txt');
  writeFileSync(rosterFile, ['A: . D D D . . . D D D . . D D', 'B: D D D D D . . D D . . . D D', 'C: D D D . . D D . . D D D . .', 'D: D D . . . D D D D D . . . .', 'E: . D D D D . . D D . . D D D', 'F: D D D D D . . D D . . D D .', 'G: . . D D D . . D D . . D D D', 'H: D D . . D D D . . D D D . .'].join('\n'));
  const checked = JSON.parse(await run('roster', 'curtois', dataPath('roster/curtois/Instance1.txt'), '--check', rosterFile)) as Record<string, unknown>;
  assert.equal(checked['objective'], 608);
  assert.equal(checked['feasible'], true);
  const solved = JSON.parse(await run('roster', 'curtois', dataPath('roster/curtois/Instance2.txt'), '--time-limit', '15')) as Record<string, unknown>;
  for (const key of ['objective', 'feasible', 'bound', 'seconds']) assert.ok(key in solved, `missing ${key}`);
  assert.equal(solved['feasible'], true);
  assert.ok((solved['objective'] as number) >= (solved['bound'] as number));
});

test('roster forecast, plan, ical and on-duty work end to end on files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-roster-'));
  const csv = ['hour,alerts,handling_seconds'];
  const start = Date.parse('2024-01-01T00:00:00Z');
  for (let h = 0; h < 8 * 168; h++) {
    const hourOfDay = h % 24;
    const weekend = Math.floor(h / 24) % 7 >= 5;
    const alerts = weekend ? 3 : hourOfDay >= 8 && hourOfDay < 18 ? 12 : 4;
    csv.push(`${new Date(start + h * 3_600_000).toISOString()},${alerts},${alerts * 300}`);
  }
  writeFileSync(join(dir, 'alerts.csv'), csv.join('\n'));
  const forecast = JSON.parse(await run('roster', 'forecast', join(dir, 'alerts.csv'), '--zone', 'UTC', '--weeks', '1')) as Record<string, unknown>;
  assert.equal(forecast['hourCount'], 168);
  assert.ok(((forecast['error'] as Record<string, number>)['wape'] ?? 1) < 0.05, 'a noiseless series is forecast almost exactly');

  writeFileSync(
    join(dir, 'team.yaml'),
    [
      'name: Tiny SOC',
      'zone: UTC',
      'start: "2024-02-26"',
      'weeks: 1',
      'tiers: [t1]',
      'shifts:',
      '  - { id: D, start: "07:00", hours: 12 }',
      '  - { id: N, start: "19:00", hours: 12 }',
      'analysts:',
      ...['a', 'b', 'c', 'd', 'e'].map((id) => `  - { id: ${id}, tier: t1, contractHoursPerWeek: 36 }`),
      'rules: { minRestHours: 12, contractToleranceHours: 24, minDaysOffInRow: 1 }',
      'coverage:',
      '  - { tier: t1, min: 1 }',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'staffing.json'), JSON.stringify({ intervalShrinkage: 0.1, tiers: [{ tier: 't1', share: 1, handlingSeconds: 300, target: { serviceLevel: 0.9, withinSeconds: 900 } }] }));
  const planned = await run('roster', 'plan', join(dir, 'team.yaml'), '--time-limit', '5', '--forecast', join(dir, 'alerts.csv'), '--staffing', join(dir, 'staffing.json'));
  writeFileSync(join(dir, 'plan.json'), planned);
  const plan = JSON.parse(planned) as { feasible: boolean; roster: Record<string, (string | null)[]>; coverage: { totalHours: number }; fairness: unknown[] };
  assert.equal(plan.feasible, true);
  assert.deepEqual(Object.keys(plan.roster).sort(), ['a', 'b', 'c', 'd', 'e']);
  assert.equal(plan.coverage.totalHours, 168);
  const ical = await run('roster', 'ical', join(dir, 'plan.json'), '--analyst', 'a');
  assert.ok(ical.startsWith('BEGIN:VCALENDAR'));
  const duty = JSON.parse(await run('roster', 'on-duty', join(dir, 'plan.json'), '--at', '2024-02-27T12:00:00Z')) as { onDuty: unknown[] };
  assert.ok(Array.isArray(duty.onDuty));
  assert.ok(readFileSync(join(dir, 'plan.json'), 'utf8').includes('"published"'));
  writeFileSync(join(dir, 'bad.yaml'), 'name: x\nzone: UTC\n');
  await assert.rejects(run('roster', 'plan', join(dir, 'bad.yaml')), (e: unknown) => e instanceof CommanderError && /start/.test(e.message));
});
