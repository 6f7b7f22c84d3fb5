/**
 * Curtois & Qu instances 1–12 (schedulingbenchmarks.org) through the roster solver: objective found, best
 * known value, gap, the solver's lower bound, feasibility (from the checker) and seconds, as a table and JSON.
 *
 *   node --import tsx bench/curtois-bench.ts [--instances 1-12|1,4,8] [--time-limit 60] [--seed 1] [--workers N] [--verbose] [--file other.txt …]
 *
 * Instances run one after the other, each with the solver's workers (`--workers`, default the solver's: two
 * where the machine has two cores); each row says the machine's load average.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename } from 'node:path';
import { parseCurtois } from '../src/roster/curtois-format.ts';
import { defaultWorkers, solveRoster } from '../src/roster/roster-solver.ts';
import { dataPath, skipUnlessData } from '../src/roster/test-data.ts';

const BEST_KNOWN: Readonly<Record<string, number>> = {
  Instance1: 607,
  Instance2: 828,
  Instance3: 1001,
  Instance4: 1716,
  Instance5: 1143,
  Instance6: 1950,
  Instance7: 1056,
  Instance8: 1300,
  Instance9: 439,
  Instance10: 4631,
  Instance11: 3443,
  Instance12: 4040,
};

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function instanceList(spec: string): number[] {
  return spec.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || !Number.isInteger(a)) return [];
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}

async function main(): Promise<void> {
  const timeLimit = Number(argument('time-limit') ?? 60);
  const seed = Number(argument('seed') ?? 1);
  const workers = argument('workers') === undefined ? defaultWorkers() : Number(argument('workers'));
  const files: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === '--file' && process.argv[i + 1] !== undefined) files.push(process.argv[i + 1] ?? '');
  });
  if (files.length === 0 || argument('instances') !== undefined) {
    const skip = skipUnlessData('roster/curtois/Instance1.txt');
    if (skip !== false) {
      console.error(`skipped: ${skip}`);
      if (files.length === 0) return;
    } else {
      for (const n of instanceList(argument('instances') ?? '1-12')) files.push(dataPath(`roster/curtois/Instance${n}.txt`));
    }
  }
  const rows: Record<string, unknown>[] = [];
  console.log('instance    size        objective   best   gap%    bound   bound-gap%  feasible  seconds');
  for (const file of files) {
    const name = basename(file).replace(/\.txt$/, '');
    const problem = parseCurtois(readFileSync(file, 'utf8'), name);
    const r = await solveRoster(problem, {
      timeLimit,
      seed,
      workers,
      ...(process.argv.includes('--verbose') ? { onLog: (m: string) => { console.error(`  ${m}`); } } : {}),
    });
    const best = BEST_KNOWN[name];
    const gap = best === undefined ? null : ((r.objective - best) / best) * 100;
    const size = `${problem.staff.length}×${problem.days / 7}×${problem.shifts.length}`;
    rows.push({
      instance: name,
      size,
      objective: r.objective,
      bestKnown: best ?? null,
      gapPercent: gap === null ? null : Number(gap.toFixed(2)),
      bound: Number.isFinite(r.bound) ? r.bound : null,
      boundGapPercent: Number.isFinite(r.gap) ? Number((r.gap * 100).toFixed(2)) : null,
      optimal: r.optimal,
      feasible: r.feasible,
      seconds: Number(r.seconds.toFixed(1)),
      // The machine is shared: the 1-minute load average when the instance finished says how much it was.
      loadAverage: Number((loadavg()[0] ?? 0).toFixed(2)),
      workers,
    });
    console.log(
      [
        name.padEnd(11),
        size.padEnd(11),
        String(r.objective).padStart(9),
        String(best ?? '-').padStart(6),
        (gap === null ? '-' : gap.toFixed(2)).padStart(6),
        (Number.isFinite(r.bound) ? r.bound.toFixed(0) : '-').padStart(8),
        (Number.isFinite(r.gap) ? (r.gap * 100).toFixed(2) : '-').padStart(11),
        String(r.feasible).padStart(9),
        r.seconds.toFixed(1).padStart(8),
      ].join(' '),
    );
  }
  const gaps = rows.map((r) => r['gapPercent']).filter((g): g is number => typeof g === 'number');
  const summary = {
    timeLimit,
    seed,
    instances: rows.length,
    allFeasible: rows.every((r) => r['feasible'] === true),
    within2Percent: gaps.filter((g) => g <= 2).length,
    maxGapPercent: gaps.length > 0 ? Math.max(...gaps) : null,
  };
  console.log(JSON.stringify({ summary, rows }, null, 2));
}

await main();
