import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEVERITIES } from '../../core/severity.ts';
import type { ParseOutcome, SourceParser } from '../parser.ts';
import { SURICATA_EVE, WAZUH_ALERTS, sharedDataLines } from './golden-data.ts';
import { PARSER_FORMATS, createMappingParser, getParser, unpackHec } from './index.ts';

/**
 * Parsers must never throw, whatever arrives. Deterministic random inputs (seeded), three kinds: junk
 * values, valid records with leaves replaced by junk, and valid lines with characters mutated. The guard
 * in guard.ts would hide an exception, so outcomes that come from it fail these tests too.
 */
const RECEIVED = '2024-06-01T12:00:00.000Z';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIAL = ['', ' ', '-', '|', '\\', '=', '"', '{', '}', '[', ']', '<', '>', ':', '\n', '\u0000', '\uFEFF', 'CEF:', '<13>', '1 ', 'T', 'Z', '+99:99', '2024-02-30T25:61:61Z', '__proto__', 'constructor', '\uD800'];
const SEEDS = [1, 2, 3];

function junk(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * 12);
  switch (k) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return Math.floor(r() * 2 ** 53) * (r() < 0.2 ? -1 : 1);
    case 3: return [NaN, Infinity, -0, 1e308, 1.5, 0, 15, 99, 2004, 1714644903412][Math.floor(r() * 10)];
    case 4: return SPECIAL[Math.floor(r() * SPECIAL.length)];
    case 5: return randomString(r);
    case 6: return depth > 3 ? 'deep' : Array.from({ length: Math.floor(r() * 4) }, () => junk(r, depth + 1));
    case 7:
    case 8: {
      if (depth > 3) return {};
      const o: Record<string, unknown> = {};
      const n = Math.floor(r() * 5);
      for (let i = 0; i < n; i++) o[r() < 0.3 ? (SPECIAL[Math.floor(r() * SPECIAL.length)] ?? 'k') : randomString(r, 6)] = junk(r, depth + 1);
      return o;
    }
    default: return randomString(r);
  }
}

function randomString(r: () => number, max = 40): string {
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) {
    const p = r();
    s += p < 0.1 ? (SPECIAL[Math.floor(r() * SPECIAL.length)] ?? '') : p < 0.8 ? String.fromCharCode(32 + Math.floor(r() * 95)) : String.fromCharCode(Math.floor(r() * 0xffff));
  }
  return s;
}

/** A deep copy of `value` with some leaves (or whole subtrees) replaced by junk. */
function mutate(value: unknown, r: () => number): unknown {
  if (r() < 0.08) return junk(r);
  if (Array.isArray(value)) return value.map((v) => mutate(v, r));
  if (typeof value === 'object' && value !== null) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (r() > 0.05) o[k] = mutate(v, r);
    return o;
  }
  return value;
}

function mutateLine(line: string, r: () => number): string {
  const chars = Array.from(line); // by code point, so mutations do not split surrogate pairs
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (chars.length + 1));
    const op = r();
    if (op < 0.4) chars.splice(at, 0, SPECIAL[Math.floor(r() * SPECIAL.length)] ?? '');
    else if (op < 0.7) chars.splice(at, 1);
    else chars.splice(at, chars.length);
  }
  return chars.join('');
}

function checkOutcome(o: ParseOutcome, where: string): void {
  switch (o.kind) {
    case 'alert': {
      const a = o.alert;
      assert.ok(typeof a.title === 'string' && a.title.length > 0, `${where}: title`);
      assert.ok((SEVERITIES as readonly string[]).includes(a.severity), `${where}: severity ${a.severity}`);
      assert.match(a.occurredAt, ISO, where);
      assert.match(a.detectedAt, ISO, where);
      const keys = a.observables.map((x) => `${x.kind}|${x.role ?? ''}|${x.value}`);
      assert.equal(new Set(keys).size, keys.length, `${where}: duplicate observables`);
      for (const x of a.observables) assert.ok(typeof x.value === 'string' && x.value.length > 0, `${where}: observable value`);
      return;
    }
    case 'event':
      assert.match(o.event.occurredAt, ISO, where);
      return;
    case 'error':
      assert.ok(typeof o.reason === 'string' && o.reason.length > 0, `${where}: reason`);
      // The guard turns exceptions into this reason; a parser that relies on it has a bug.
      assert.doesNotMatch(o.reason, /record could not be parsed/, `${where}: the parser threw: ${o.reason}`);
      return;
  }
}

const LINE_SAMPLES = [
  'CEF:0|Acme|NGFW|9.1|THREAT-4711|Cobalt \\| Strike|8|rt=1714644903412 src=10.0.0.1 msg=a \\= b\\nc dst=1.2.3.4 cs1Label=MITRE Technique cs1=T1071',
  '<134>Sep 19 08:26:10 host1 CEF:0|Security|threatmanager|1.0|100|worm stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232',
  '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="App\\]"] \uFEFFAn event',
  '<38>Jun  1 11:59:58 web-01 sshd[4242]: Failed password for root from 203.0.113.5 port 52314 ssh2',
];

function parsersUnderTest(): SourceParser[] {
  const list = PARSER_FORMATS.map((f) => getParser(f)).filter((p): p is SourceParser => p !== undefined);
  list.push(createMappingParser({ name: 'fuzz', fields: { title: ['a.b', 'title'], severity: 'sev', occurredAt: 'ts', srcIp: 'src', technique: 't' }, severityMap: { '1': 'low' } }));
  return list;
}

void test('no parser throws on junk values of any type', () => {
  for (const seed of SEEDS) {
    const r = rng(seed);
    for (const parser of parsersUnderTest()) {
      for (let i = 0; i < 300; i++) {
        const input = r() < 0.5 ? junk(r) : randomString(r, 200);
        checkOutcome(parser.parse(input, RECEIVED), `${parser.format} seed ${seed} #${i}`);
      }
    }
  }
});

void test('no parser throws on real records with leaves replaced by junk', () => {
  const wazuh = sharedDataLines(WAZUH_ALERTS).slice(0, 40).map((l) => JSON.parse(l) as unknown);
  const eve = sharedDataLines(SURICATA_EVE).slice(0, 20).map((l) => JSON.parse(l) as unknown);
  const samples: unknown[] = [
    ...wazuh,
    ...eve,
    { class_uid: 2004, severity_id: 4, time: 1714644903412, finding_info: { uid: 'u', title: 't', attacks: [{ tactic: { uid: 'TA0001' }, technique: { uid: 'T1566' } }] }, observables: [{ name: 'src_endpoint.ip', type_id: 2, value: '1.2.3.4' }], evidences: [{ process: { file: { hashes: [{ value: 'ab' }] } } }] },
    { '@timestamp': '2024-05-02T10:15:03.412Z', 'kibana.alert.rule.name': 'r', 'kibana.alert.severity': 'high', 'kibana.alert.rule.threat': [{ tactic: { id: 'TA0002' }, technique: [{ id: 'T1059', subtechnique: [{ id: 'T1059.001' }] }] }], host: { name: 'h', ip: ['1.1.1.1'] } },
  ];
  let checked = 0;
  for (const seed of SEEDS) {
    const r = rng(seed * 7919);
    for (const parser of parsersUnderTest()) {
      if (parser.input !== 'json') continue;
      for (const sample of samples) {
        checkOutcome(parser.parse(mutate(sample, r), RECEIVED), `${parser.format} seed ${seed}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 0);
});

void test('line parsers never throw on mutated CEF and syslog lines, and syslog never drops a non-empty line', () => {
  const syslog = getParser('syslog');
  const cef = getParser('cef');
  assert.ok(syslog !== undefined && cef !== undefined);
  for (const seed of SEEDS) {
    const r = rng(seed * 104729);
    for (let i = 0; i < 400; i++) {
      const line = mutateLine(LINE_SAMPLES[i % LINE_SAMPLES.length] ?? '', r);
      checkOutcome(cef.parse(line, RECEIVED), `cef ${JSON.stringify(line)}`);
      const o = syslog.parse(line, RECEIVED);
      checkOutcome(o, `syslog ${JSON.stringify(line)}`);
      if (line.replace(/[\r\n\0]/g, '').trim().length > 0 && line.trim().length > 0) {
        assert.notEqual(o.kind, 'error', `syslog dropped ${JSON.stringify(line)}`);
      }
    }
  }
});

void test('a record whose getters throw is an error, not an exception', () => {
  const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
  for (const parser of parsersUnderTest()) {
    const o = parser.parse(hostile, RECEIVED);
    if (o.kind !== 'error') assert.fail(`${parser.format}: expected an error, got ${o.kind}`);
    assert.match(o.reason, /boom|expected/, parser.format);
  }
});

void test('the HEC unpacker never throws on random bodies', () => {
  const r = rng(99);
  for (let i = 0; i < 300; i++) {
    const parts = Array.from({ length: 1 + Math.floor(r() * 4) }, () =>
      r() < 0.5 ? JSON.stringify({ sourcetype: ['wazuh', 'cef', 'syslog', 'suricata', 'x'][Math.floor(r() * 5)], event: junk(r), time: junk(r) }) : randomString(r, 60),
    );
    const out = unpackHec(parts.join(r() < 0.5 ? '' : '\n'), { receivedAt: RECEIVED });
    for (const res of out) checkOutcome(res.outcome, `hec #${i}`);
  }
});
