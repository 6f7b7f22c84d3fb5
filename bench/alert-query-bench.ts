/**
 * Alert listing on a large store (issue 2: "returning quickly on a store of a million alerts"): the first
 * page and a deep page of GET /api/v1/alerts's query with each filter, median of --runs, on SQLite.
 * Usage: node --import tsx bench/alert-query-bench.ts [--alerts 1000000] [--runs 5] [--database URL]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import type { AlertFilter } from '../src/store/index.ts';
import { createVigil } from '../src/vigil.ts';
import { makeAlert } from '../test/support/alert-fixtures.ts';

const { values: args } = parseArgs({ options: { alerts: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' }, database: { type: 'string' } } });
const n = Number(args.alerts);
const dir = mkdtempSync(join(tmpdir(), 'vigil-query-bench-'));
const vigil = await createVigil(loadConfig({ env: {}, overrides: { database: { url: args.database ?? join(dir, 'v.db') } } }), { logger: false });
const SOURCES = ['wazuh', 'suricata', 'elastic', 'cef'] as const;
const SEVERITIES = ['informational', 'low', 'low', 'medium', 'medium', 'high', 'critical'] as const;
const RULES = ['sshd: authentication failed', 'ET SCAN Nmap', 'Integrity checksum changed', 'Logon failure', 'Powershell encoded command', 'Mimikatz credential dump'];
try {
  await vigil.identities.createTenant({ id: 'bench', name: 'Bench', timeZone: 'UTC' });
  const end = Date.parse('2026-11-01T00:00:00Z');
  const span = 90 * 86_400_000;
  const t0 = performance.now();
  for (let s = 0; s < n; s += 5000) {
    const batch = Array.from({ length: Math.min(5000, n - s) }, (_, k) => {
      const i = s + k;
      const at = new Date(end - span + Math.floor((i / n) * span)).toISOString();
      return makeAlert({
        tenantId: 'bench',
        findingUid: `q-${i}`,
        source: SOURCES[i % 4] ?? 'wazuh',
        severity: SEVERITIES[i % 7] ?? 'low',
        title: i % 100_000 === 0 ? 'Kerberoasting of svc_sql detected' : (RULES[i % 6] ?? 'x'),
        ruleId: String(i % 600),
        occurredAt: at,
        detectedAt: at,
        receivedAt: at,
        observables: [
          { kind: 'hostname', value: `host-${i % 5000}` },
          { kind: 'ip', value: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
        ],
      });
    });
    await vigil.store.handle.db.transaction().execute((trx) => vigil.store.alerts.insertBatch(trx, 'bench', batch));
  }
  console.log(`loaded ${n} alerts in ${Math.round((performance.now() - t0) / 1000)} s`);
  const cases: [string, AlertFilter][] = [
    ['newest page, no filter', {}],
    ['one day, 20 days ago', { from: end - 20 * 86_400_000, to: end - 19 * 86_400_000 }],
    ['source = cef', { sources: ['cef'] }],
    ['severity = critical', { severities: ['critical'] }],
    ['asset host-1234', { entities: ['host-1234'] }],
    ['rule 42', { ruleId: '42' }],
    ['text "mimikatz" (common)', { text: 'mimikatz' }],
    ['text "kerberoasting" (rare)', { text: 'kerberoasting' }],
  ];
  const results: Record<string, number> = {};
  for (const [name, filter] of cases) {
    const times: number[] = [];
    let items = 0;
    for (let r = 0; r < Number(args.runs); r++) {
      const t = performance.now();
      const page = await vigil.store.alerts.list('bench', filter, 100);
      times.push(performance.now() - t);
      items = page.items.length;
    }
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
    results[name] = Math.round(median * 10) / 10;
    console.log(`${name.padEnd(32)} ${median.toFixed(1).padStart(8)} ms  (${items} items)`);
  }
  console.log(JSON.stringify({ alerts: n, msMedian: results }));
} finally {
  await vigil.close();
  rmSync(dir, { recursive: true, force: true });
}
