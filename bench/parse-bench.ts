/**
 * Parse throughput per source format (issue 2): records/s on one core, median of --runs runs after a warm-up.
 * The Wazuh and Suricata goldens from ../shared/data are replicated (cycled) to --records records; CEF and
 * syslog lines are derived from the same data (EVE alerts rewritten as CEF, Wazuh's `full_log` syslog lines
 * with a PRI), and HEC bodies wrap the Wazuh alerts 1,000 to a body.
 * Two figures for JSON formats: parse of an already-decoded object (what the parser costs) and
 * JSON.parse + parse from the line (what an NDJSON intake pays).
 * Usage: node --import tsx bench/parse-bench.ts [--records 200000] [--runs 5]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SourceParser } from '../src/intake/parser.ts';
import { SURICATA_EVE, WAZUH_ALERTS, sharedDataFile } from '../src/intake/parsers/golden-data.ts';
import { cefParser, suricataParser, syslogParser, unpackHec, wazuhParser } from '../src/intake/parsers/index.ts';

const { values: args } = parseArgs({
  options: { records: { type: 'string', default: '200000' }, runs: { type: 'string', default: '5' } },
});
const records = Number(args.records);
const runs = Number(args.runs);
const RECEIVED = new Date().toISOString();

const wazuhPath = sharedDataFile(WAZUH_ALERTS);
const evePath = sharedDataFile(SURICATA_EVE);
if (wazuhPath === undefined || evePath === undefined) {
  console.error('skipped: ../shared/data/alerts (Wazuh and Suricata goldens) not found beside the checkout');
  process.exit(0);
}
const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
const wazuhLines = lines(wazuhPath);
const eveLines = lines(evePath);
const wazuhObjects = wazuhLines.map((l) => JSON.parse(l) as Record<string, unknown>);
const eveObjects = eveLines.map((l) => JSON.parse(l) as Record<string, unknown>);

// Real syslog lines: Wazuh's full_log of the syslog-decoded alerts, with a PRI (auth.notice).
const syslogLines = wazuhObjects.map((o) => o['full_log']).filter((l): l is string => typeof l === 'string' && /^[A-Z][a-z]{2} /.test(l)).map((l) => `<37>${l}`);
// The EVE alerts as a sensor's CEF output would carry them.
const cefEscape = (s: string): string => s.replace(/\\/g, '\\\\').replace(/=/g, '\\=');
const cefLines = eveObjects.map((o) => {
  const a = o['alert'] as Record<string, unknown>;
  const http = (o['http'] ?? {}) as Record<string, unknown>;
  const ext = [`rt=${Date.parse(String(o['timestamp']).replace('+0000', 'Z'))}`, `src=${String(o['src_ip'])}`, `spt=${String(o['src_port'])}`,
    `dst=${String(o['dest_ip'])}`, `dpt=${String(o['dest_port'])}`, `proto=${String(o['proto'])}`, `cat=${cefEscape(String(a['category']))}`];
  if (typeof http['url'] === 'string') ext.push(`request=${cefEscape(http['url'])}`, `requestClientApplication=${cefEscape(String(http['http_user_agent']))}`);
  if (typeof http['hostname'] === 'string') ext.push(`dhost=${http['hostname']}`);
  return `CEF:0|OISF|Suricata|5.0|${String(a['gid'])}:${String(a['signature_id'])}:${String(a['rev'])}|${String(a['signature']).replace(/\|/g, '\\|')}|${Number(a['severity']) === 1 ? 8 : 5}|${ext.join(' ')}`;
});
const hecBodies: string[] = [];
for (let start = 0; start < wazuhObjects.length * 2; start += 1000) {
  const parts: string[] = [];
  for (let i = start; i < start + 1000; i++) parts.push(JSON.stringify({ time: 1583345031, host: 'wazuh-mgr', sourcetype: 'wazuh', event: wazuhObjects[i % wazuhObjects.length] }));
  hecBodies.push(parts.join('\n'));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Runs `body` over `records` inputs cycled from `inputs`; returns records/s (median) and the check count. */
function measure(inputs: readonly unknown[], body: (input: unknown) => number): { perSecond: number; check: number } {
  const once = (): { seconds: number; check: number } => {
    let check = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < records; i++) check += body(inputs[i % inputs.length]);
    return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, check };
  };
  once(); // warm-up: let the JIT settle
  const rates: number[] = [];
  let check = 0;
  for (let r = 0; r < runs; r++) {
    const { seconds, check: c } = once();
    rates.push(records / seconds);
    check = c;
  }
  return { perSecond: median(rates), check };
}

/** 1 per accepted record, so the loop's result is used and the count shows nothing was rejected. */
const parsed = (parser: SourceParser) => (input: unknown): number => (parser.parse(input, RECEIVED).kind === 'alert' ? 1 : 0);

const results: { name: string; perSecond: number; alerts: string }[] = [];
function run(name: string, inputs: readonly unknown[], body: (input: unknown) => number): void {
  const { perSecond, check } = measure(inputs, body);
  results.push({ name, perSecond, alerts: `${check}/${records}` });
  console.log(`${name.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} records/s   (accepted ${check}/${records})`);
}

console.log(`parse throughput, ${records.toLocaleString('en-US')} records per run, median of ${runs} runs, one core (Node ${process.version})`);
run('wazuh: parse (decoded object)', wazuhObjects, parsed(wazuhParser));
run('wazuh: JSON.parse + parse (NDJSON line)', wazuhLines, (l) => parsed(wazuhParser)(JSON.parse(l as string)));
run('suricata: parse (decoded object)', eveObjects, parsed(suricataParser));
run('suricata: JSON.parse + parse (NDJSON line)', eveLines, (l) => parsed(suricataParser)(JSON.parse(l as string)));
run('cef: parse (line)', cefLines, parsed(cefParser));
run('syslog: parse (3164 line, raw event)', syslogLines, (l) => (syslogParser.parse(l, RECEIVED).kind === 'event' ? 1 : 0));
{
  // HEC bodies of 1,000 objects: records/1000 bodies per run, so the object count matches the others.
  const once = (): number => {
    const t0 = process.hrtime.bigint();
    let alerts = 0;
    const bodies = Math.max(1, Math.round(records / 1000));
    for (let i = 0; i < bodies; i++) {
      for (const r of unpackHec(hecBodies[i % hecBodies.length] ?? '', { receivedAt: RECEIVED })) if (r.outcome.kind === 'alert') alerts++;
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (alerts !== bodies * 1000) throw new Error(`hec: ${alerts} alerts of ${bodies * 1000}`);
    return (bodies * 1000) / seconds;
  };
  once();
  const perSecond = median(Array.from({ length: runs }, once));
  results.push({ name: 'hec: unpack + wazuh parse', perSecond, alerts: 'all' });
  console.log(`${'hec: unpack + wazuh parse (1,000 per body)'.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} records/s`);
}
console.log(JSON.stringify({ bench: 'parse', records, runs, node: process.version, results: results.map((r) => ({ ...r, perSecond: Math.round(r.perSecond) })) }));
