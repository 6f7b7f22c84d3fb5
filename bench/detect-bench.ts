/**
 * Sigma engine figures: corpus load + compile time and heap after load; single-thread throughput of every
 * loadable Windows rule over the security-datasets events, replicated to at least 1,000,000 events.
 * Prints the median of the runs as JSON, then a table.
 *
 *   node --expose-gc --import tsx bench/detect-bench.ts [runs=3] [loadRuns=5] [minEvents=1000000]
 *
 * Events are read and parsed once before timing (reading is reported separately); the timed loop is
 * `engine.evaluate(event)` alone. CPU time (process.cpuUsage) is reported next to wall time because the
 * development hosts are shared: events per CPU second is the per-core figure.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEventFile } from '../src/detect/event-reader.ts';
import { loadRuleSet } from '../src/detect/index.ts';

const RUNS = Number(process.argv[2] ?? 3);
const LOAD_RUNS = Number(process.argv[3] ?? 5);
const MIN_EVENTS = Number(process.argv[4] ?? 1_000_000);

const data = fileURLToPath(new URL('../shared/data/', new URL('../', import.meta.url)));
const sigma = join(data, 'sigma');
const eventsDir = join(data, 'events', 'security-datasets');
if (!existsSync(sigma) || !existsSync(eventsDir)) {
  console.log(`detect-bench: skipped, test data not found at ${data}`);
  process.exit(0);
}
const ruleDirs = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((d) => join(sigma, d));

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// 1. Whole corpus: load + compile, heap after load. One function call per run, so that nothing of the
// previous run is still referenced when the next one measures its heap.
interface LoadFigures {
  wallMs: number;
  cpuMs: number;
  heapMB: number;
  rules: number;
  failed: number;
}
async function measureLoad(): Promise<LoadFigures> {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const w0 = performance.now();
  const c0 = cpuMs();
  const set = await loadRuleSet({ ruleDirs });
  const wallMs = performance.now() - w0;
  const cpu = cpuMs() - c0;
  gc();
  const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  if (set.engine.rules.length === 0) throw new Error('no rules loaded');
  return { wallMs, cpuMs: cpu, heapMB, rules: set.stats.rules, failed: set.errors.length };
}
const loads: LoadFigures[] = [];
for (let i = 0; i < LOAD_RUNS; i++) loads.push(await measureLoad());

// 2. Events, read and parsed once.
const events: Record<string, unknown>[] = [];
const r0 = performance.now();
for (const f of readdirSync(eventsDir).filter((n) => n.endsWith('.gz')).sort())
  for await (const rec of readEventFile(join(eventsDir, f))) if (rec.kind === 'event') events.push(rec.event);
const readMs = performance.now() - r0;

// 3. Every loadable Windows rule, one engine, one thread.
gc();
const heapBeforeWindows = process.memoryUsage().heapUsed;
const windows = await loadRuleSet({ ruleDirs, only: { product: 'windows' } });
const passes = Math.ceil(MIN_EVENTS / events.length);
const total = passes * events.length;
const runs: { wallMs: number; cpuMs: number; matches: number }[] = [];
for (let r = 0; r < RUNS; r++) {
  gc();
  let matches = 0;
  const w0 = performance.now();
  const c0 = cpuMs();
  for (let p = 0; p < passes; p++) for (const e of events) matches += windows.engine.evaluate(e).length;
  runs.push({ wallMs: performance.now() - w0, cpuMs: cpuMs() - c0, matches });
}
gc();
const windowsHeapMB = Math.round((process.memoryUsage().heapUsed - heapBeforeWindows) / 1e5) / 10;
let firstPassMatches = 0;
const byLevel: Record<string, number> = {};
const rulesHit = new Set<string>();
for (const e of events)
  for (const m of windows.engine.evaluate(e)) {
    firstPassMatches++;
    byLevel[m.level ?? 'none'] = (byLevel[m.level ?? 'none'] ?? 0) + 1;
    rulesHit.add(m.ruleId);
  }

const figures = {
  corpus: {
    rules: loads[0]?.rules,
    failed: loads[0]?.failed,
    loadCompileWallMs: Math.round(median(loads.map((l) => l.wallMs))),
    loadCompileCpuMs: Math.round(median(loads.map((l) => l.cpuMs))),
    firstLoadWallMs: Math.round(loads[0]?.wallMs ?? 0),
    firstLoadCpuMs: Math.round(loads[0]?.cpuMs ?? 0),
    heapAfterLoadMB: Math.round(median(loads.map((l) => l.heapMB)) * 10) / 10,
    runs: LOAD_RUNS,
  },
  throughput: {
    windowsRules: windows.stats.rules,
    heapAfterRunsMB: windowsHeapMB,
    distinctEvents: events.length,
    eventsPerRun: total,
    readParseEventsPerSec: Math.round((events.length / readMs) * 1000),
    eventsPerWallSec: Math.round(median(runs.map((r) => (total / r.wallMs) * 1000))),
    eventsPerCpuSec: Math.round(median(runs.map((r) => (total / r.cpuMs) * 1000))),
    matchesPerRun: median(runs.map((r) => r.matches)),
    matchesPerDatasetPass: firstPassMatches,
    distinctRulesMatched: rulesHit.size,
    matchesByLevel: byLevel,
    runs: RUNS,
  },
  node: process.version,
  gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
};
console.log(JSON.stringify(figures));
console.table({
  'corpus load+compile (wall ms, median)': figures.corpus.loadCompileWallMs,
  'corpus load+compile (CPU ms, median)': figures.corpus.loadCompileCpuMs,
  'first load in the process (wall / CPU ms)': `${figures.corpus.firstLoadWallMs} / ${figures.corpus.firstLoadCpuMs}`,
  'heap after load (MB)': figures.corpus.heapAfterLoadMB,
  'rules loaded / failed': `${figures.corpus.rules ?? 0} / ${figures.corpus.failed ?? 0}`,
  'Windows rules evaluated': figures.throughput.windowsRules,
  'heap of that engine after the runs (MB, routes built)': figures.throughput.heapAfterRunsMB,
  'events per run': figures.throughput.eventsPerRun,
  'events/s, wall (median)': figures.throughput.eventsPerWallSec,
  'events/s, per CPU second (median)': figures.throughput.eventsPerCpuSec,
  'matches per run': figures.throughput.matchesPerRun,
  'matches per dataset pass': figures.throughput.matchesPerDatasetPass,
  'distinct rules matched': figures.throughput.distinctRulesMatched,
  'read+parse events/s (not in the above)': figures.throughput.readParseEventsPerSec,
});
