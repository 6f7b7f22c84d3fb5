/**
 * Intake figures (issue 2), end to end over HTTP against a real `vigil serve` child process:
 *  1. batch intake of the Wazuh alerts in ../shared/data (replicated to --alerts, unique ids) into SQLite
 *     and PostgreSQL: alerts/s, median of --runs runs, each on a fresh database;
 *  2. single-alert POST latency at --rate requests/s (open loop): p50, p99.
 * Usage: node --import tsx bench/intake-bench.ts [--alerts 200000] [--batch 1000] [--concurrency 4] [--runs 3]
 *        [--rate 500] [--seconds 20] [--skip-postgres] [--workers router,detection,sla] [--threads 2]
 * `--workers` is what else the server runs meanwhile (VIGIL_WORKERS); empty (the default) measures intake alone.
 * `--threads` is the number of intake threads on SQLite (VIGIL_INTAKE_THREADS; 0: parse on the request thread).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { createVigil } from '../src/vigil.ts';
import { createPostgresDatabase } from '../test/support/databases.ts';
import { freePort, startServerProcess, waitForExit } from '../test/support/server-process.ts';
import { sharedData } from '../test/support/shared-data.ts';

const { values: args } = parseArgs({
  options: {
    alerts: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '4' },
    runs: { type: 'string', default: '3' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '20' },
    'skip-postgres': { type: 'boolean', default: false },
    workers: { type: 'string', default: '' },
    threads: { type: 'string', default: '2' },
  },
});
const totalAlerts = Number(args.alerts);
const batchSize = Number(args.batch);
const concurrency = Number(args.concurrency);
const runs = Number(args.runs);

const wazuh = sharedData('alerts/wazuh/ossec_spiral.jsonl');
if (wazuh.skip) {
  console.error(`skipped: ${wazuh.skip}`);
  process.exit(0);
}
const base = readFileSync(wazuh.path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);

function makeBatches(run: string): Buffer[] {
  const batches: Buffer[] = [];
  for (let start = 0; start < totalAlerts; start += batchSize) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(start + batchSize, totalAlerts); i++) {
      lines.push(JSON.stringify({ ...base[i % base.length], id: `${run}-${i}` }));
    }
    batches.push(Buffer.from(lines.join('\n')));
  }
  return batches;
}

async function prepare(databaseUrl: string): Promise<string> {
  const vigil = await createVigil(loadConfig({ env: {}, overrides: { database: { url: databaseUrl } } }), { logger: false });
  await vigil.identities.createTenant({ id: 'bench', name: 'Bench', timeZone: 'UTC' });
  const { token } = await vigil.identities.createServiceToken('bench', 'ingest', 'bench');
  await vigil.close();
  return token;
}

// The load generator must cost the server's two cores as little as possible: plain node:http with
// keep-alive and bodies encoded once (fetch's web streams cost more CPU than the server's parsing).
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, token: string, body: string | Buffer, contentType: string): Promise<void> {
  const target = new URL(`${url}/api/v1/alerts?format=wazuh`);
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const request = http.request(
      { agent, host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'content-length': payload.length } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          if ((response.statusCode ?? 500) >= 400) reject(new Error(`HTTP ${response.statusCode ?? 0}: ${Buffer.concat(chunks).toString()}`));
          else resolve();
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** CPU seconds a process has used (all its threads), from /proc; undefined where there is no /proc. */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid ?? 0}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return undefined;
  }
}

/** Server CPU per alert of each batch run: what the figure would be with the server alone on the cores. */
const serverCpuUsPerAlert: number[] = [];

async function batchRun(databaseUrl: string, run: string): Promise<number> {
  const token = await prepare(databaseUrl);
  const batches = makeBatches(run);
  const server = await startServerProcess({ databaseUrl, port: await freePort(), env: { VIGIL_WORKERS: args.workers, VIGIL_INTAKE_THREADS: args.threads } });
  try {
    await post(server.url, token, JSON.stringify({ ...base[0], id: `${run}-warmup` }), 'application/json');
    let next = 0;
    const cpuBefore = cpuSecondsOf(server.child.pid);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < batches.length) await post(server.url, token, batches[next++] ?? '', 'application/x-ndjson');
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = cpuSecondsOf(server.child.pid);
    if (cpuBefore !== undefined && cpuAfter !== undefined) serverCpuUsPerAlert.push(((cpuAfter - cpuBefore) * 1e6) / totalAlerts);
    return totalAlerts / seconds;
  } finally {
    server.child.kill('SIGTERM');
    await waitForExit(server.child);
  }
}

async function latencyRun(databaseUrl: string): Promise<{ p50: number; p99: number; max: number; sent: number; errors: number }> {
  const token = await prepare(databaseUrl);
  const server = await startServerProcess({ databaseUrl, port: await freePort(), env: { VIGIL_WORKERS: args.workers, VIGIL_INTAKE_THREADS: args.threads } });
  const rate = Number(args.rate);
  const total = rate * Number(args.seconds);
  const bodies = Array.from({ length: total }, (_, i) => Buffer.from(JSON.stringify({ ...base[i % base.length], id: `lat-${i}` })));
  const latencies: number[] = [];
  let errors = 0;
  try {
    for (let i = 0; i < 200; i++) await post(server.url, token, JSON.stringify({ ...base[i % base.length], id: `warm-${i}` }), 'application/json');
    const started = performance.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const t0 = performance.now();
      inflight.push(
        post(server.url, token, bodies[i] ?? '', 'application/json').then(
          () => void latencies.push(performance.now() - t0),
          () => {
            errors++;
          },
        ),
      );
    }
    await Promise.all(inflight);
  } finally {
    server.child.kill('SIGTERM');
    await waitForExit(server.child);
  }
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return { p50: q(0.5), p99: q(0.99), max: latencies.at(-1) ?? Number.NaN, sent: total, errors };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function onSqlite<T>(body: (url: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  try {
    return await body(join(dir, 'vigil.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres<T>(body: (url: string) => Promise<T>): Promise<T> {
  const database = await createPostgresDatabase();
  try {
    return await body(database.url);
  } finally {
    await database.drop();
  }
}

const results: Record<string, unknown> = { alerts: totalAlerts, batch: batchSize, concurrency, workers: args.workers, intakeThreads: Number(args.threads) };
const sqliteRates: number[] = [];
for (let r = 0; r < runs; r++) sqliteRates.push(await onSqlite((url) => batchRun(url, `s${r}`)));
results['sqliteBatchAlertsPerSecond'] = { median: Math.round(median(sqliteRates)), runs: sqliteRates.map(Math.round) };
const sqliteCpu = median(serverCpuUsPerAlert.splice(0));
results['sqliteServerCpuUsPerAlert'] = Number(sqliteCpu.toFixed(1));
console.log(`batch intake, SQLite:     ${Math.round(median(sqliteRates))} alerts/s (runs: ${sqliteRates.map(Math.round).join(', ')}); server CPU ${sqliteCpu.toFixed(1)} µs per alert`);

if (!args['skip-postgres']) {
  const pgRates: number[] = [];
  for (let r = 0; r < runs; r++) pgRates.push(await onPostgres((url) => batchRun(url, `p${r}`)));
  results['postgresBatchAlertsPerSecond'] = { median: Math.round(median(pgRates)), runs: pgRates.map(Math.round) };
  const pgCpu = median(serverCpuUsPerAlert.splice(0));
  results['postgresServerCpuUsPerAlert'] = Number(pgCpu.toFixed(1));
  console.log(`batch intake, PostgreSQL: ${Math.round(median(pgRates))} alerts/s (runs: ${pgRates.map(Math.round).join(', ')}); Vigil CPU ${pgCpu.toFixed(1)} µs per alert (PostgreSQL's own not counted)`);
}

const latency = await onSqlite((url) => latencyRun(url));
results['sqliteSingleAlertLatencyMs'] = { rate: Number(args.rate), ...latency };
console.log(`single-alert POST at ${args.rate}/s, SQLite: p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms, max ${latency.max.toFixed(1)} ms, errors ${latency.errors}`);
console.log(JSON.stringify(results));
