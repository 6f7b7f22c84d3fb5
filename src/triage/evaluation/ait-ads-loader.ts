import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Observable } from '../../core/alert.ts';
import type { TriageAlert } from '../engine.ts';

/**
 * AIT Alert Data Set (AIT-ADS) scenarios: CSV `time,name,ip,host,short,time_label,event_label`, gzipped.
 * `time` is epoch seconds; `event_label` is the attack step that caused the alert or `-`; `time_label` the
 * attack phase whose window it fell in, or `false_positive`. Rows are not quite in time order: they are
 * sorted here (stably). Stored column-wise with interned strings: harrison has 594k rows.
 */
export interface AitScenario {
  readonly name: string;
  readonly size: number;
  /** Epoch ms, ascending. */
  readonly times: Float64Array;
  readonly nameIdx: Uint32Array;
  readonly hostIdx: Uint32Array;
  readonly ipIdx: Uint32Array;
  readonly shortIdx: Uint32Array;
  readonly phaseIdx: Uint32Array;
  readonly stepIdx: Uint32Array;
  /** Interned values; index 0 of `steps` is `-` (not an attack). */
  readonly strings: { readonly names: readonly string[]; readonly hosts: readonly string[]; readonly ips: readonly string[]; readonly shorts: readonly string[]; readonly phases: readonly string[]; readonly steps: readonly string[] };
}

export const AIT_COLUMNS = ['time', 'name', 'ip', 'host', 'short', 'time_label', 'event_label'] as const;

/** Splits one CSV line (RFC 4180 quoting, no embedded newlines). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(first?: string) {
    if (first !== undefined) this.id(first);
  }
  id(v: string): number {
    let i = this.index.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.index.set(v, i);
    }
    return i;
  }
}

export function parseAitCsv(text: string, name: string): AitScenario {
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  const col = AIT_COLUMNS.map((c) => header.indexOf(c));
  const missing = AIT_COLUMNS.filter((_, i) => (col[i] ?? -1) < 0);
  if (missing.length > 0) throw new Error(`${name}: not an AIT-ADS CSV (missing columns ${missing.join(', ')})`);
  const [cTime, cName, cIp, cHost, cShort, cPhase, cStep] = col as [number, number, number, number, number, number, number];
  const names = new Interner();
  const hosts = new Interner();
  const ips = new Interner();
  const shorts = new Interner();
  const phases = new Interner();
  const steps = new Interner('-');
  const rows: { t: number; n: number; h: number; i: number; s: number; p: number; e: number }[] = [];
  for (let li = 1; li < lines.length; li++) {
    const line = lines[li];
    if (line === undefined || line === '') continue;
    const f = splitCsvLine(line);
    const t = Number(f[cTime]);
    if (!Number.isFinite(t)) throw new Error(`${name}: line ${li + 1}: bad time ${JSON.stringify(f[cTime])}`);
    // Epoch seconds in the data set; accept milliseconds too.
    const ms = t > 1e11 ? t : t * 1000;
    rows.push({ t: ms, n: names.id(f[cName] ?? ''), h: hosts.id(f[cHost] ?? ''), i: ips.id(f[cIp] ?? ''), s: shorts.id(f[cShort] ?? ''), p: phases.id(f[cPhase] ?? ''), e: steps.id((f[cStep] ?? '-').trim() || '-') });
  }
  rows.sort((a, b) => a.t - b.t);
  const size = rows.length;
  const s: AitScenario = {
    name,
    size,
    times: new Float64Array(size),
    nameIdx: new Uint32Array(size),
    hostIdx: new Uint32Array(size),
    ipIdx: new Uint32Array(size),
    shortIdx: new Uint32Array(size),
    phaseIdx: new Uint32Array(size),
    stepIdx: new Uint32Array(size),
    strings: { names: names.values, hosts: hosts.values, ips: ips.values, shorts: shorts.values, phases: phases.values, steps: steps.values },
  };
  rows.forEach((r, k) => {
    s.times[k] = r.t;
    s.nameIdx[k] = r.n;
    s.hostIdx[k] = r.h;
    s.ipIdx[k] = r.i;
    s.shortIdx[k] = r.s;
    s.phaseIdx[k] = r.p;
    s.stepIdx[k] = r.e;
  });
  return s;
}

export function loadAitScenario(path: string): AitScenario {
  const buf = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
  return parseAitCsv(text, basename(path).replace(/\.csv(\.gz)?$/, ''));
}

const SOURCE_BY_PREFIX: Readonly<Record<string, string>> = { W: 'wazuh', S: 'suricata', A: 'aminer' };

/** The detector that raised it: from the `short` code's prefix, else the name's `Product:` prefix. */
export function aitSource(short: string, name: string): string {
  const fromShort = SOURCE_BY_PREFIX[short.slice(0, 1)];
  if (fromShort !== undefined && short[1] === '-') return fromShort;
  const colon = name.indexOf(':');
  return colon > 0 ? name.slice(0, colon).trim().toLowerCase() : 'unknown';
}

/** Row k as an Alert-shaped object: rule = name, host and IP as observables; the data set has no severity. */
export function aitAlert(s: AitScenario, k: number): TriageAlert {
  const name = s.strings.names[s.nameIdx[k] ?? 0] ?? '';
  const short = s.strings.shorts[s.shortIdx[k] ?? 0] ?? '';
  const host = s.strings.hosts[s.hostIdx[k] ?? 0] ?? '';
  const ip = s.strings.ips[s.ipIdx[k] ?? 0] ?? '';
  const observables: Observable[] = [];
  if (host !== '') observables.push({ kind: 'hostname', value: host, role: 'device' });
  if (ip !== '') observables.push({ kind: 'ip', value: ip, role: 'device' });
  return {
    id: `${s.name}-${k}`,
    occurredAt: new Date(s.times[k] ?? 0).toISOString(),
    source: aitSource(short, name),
    ruleId: name,
    title: name,
    severity: 'unknown',
    observables,
    attacks: [],
    assets: [],
  };
}

export const isAttack = (s: AitScenario, k: number): boolean => (s.stepIdx[k] ?? 0) !== 0;
