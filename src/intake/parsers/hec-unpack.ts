import type { Observable, ParsedAlert } from '../../core/alert.ts';
import type { ParseOutcome, SourceParser } from '../parser.ts';
import { alertOutcome, eventOutcome, parseError } from '../parser.ts';
import { cefParser } from './cef-parser.ts';
import { elasticParser } from './elastic-parser.ts';
import { splitConcatenatedJson } from './json-stream.ts';
import { ocsfParser } from './ocsf-parser.ts';
import { suricataParser } from './suricata-parser.ts';
import { syslogParser } from './syslog-parser.ts';
import { epochToIso } from './time-normalise.ts';
import type { JsonRecord } from './values.ts';
import { isRecord, num, rec, show, str } from './values.ts';
import { wazuhParser } from './wazuh-parser.ts';

/** HEC envelope metadata, kept beside each outcome. */
export interface HecMeta {
  readonly time?: string;
  readonly host?: string;
  readonly source?: string;
  readonly sourcetype?: string;
  readonly index?: string;
  readonly fields?: JsonRecord;
}

export interface HecResult {
  /** Ordinal of the object in the body (0-based), for "rejected record N" reports. */
  readonly index: number;
  /** Character offset of the object in the body. */
  readonly offset: number;
  /** The Vigil format the object was parsed as; `raw` when its sourcetype maps to none. */
  readonly format: string;
  readonly outcome: ParseOutcome;
  readonly meta: HecMeta;
}

export interface HecOptions {
  readonly receivedAt: string;
  /** Sourcetype for objects that carry none (the token's or the `?sourcetype=` query's). */
  readonly defaultSourcetype?: string;
  /** Parser for `_json` (a configured mapping); without one `_json` events are raw events. */
  readonly jsonParser?: SourceParser;
  /** Extra sourcetype → parser routes (configured mappings by name), checked before the built-in ones. */
  readonly sourcetypes?: Readonly<Record<string, SourceParser>>;
}

const BUILT_IN: readonly (readonly [RegExp, SourceParser])[] = [
  [/^wazuh([:_-].*)?$/, wazuhParser],
  [/^suricata([:_-].*)?$/, suricataParser],
  [/^(elastic|kibana)([:_-].*)?$/, elasticParser],
  [/^ocsf([:_-].*)?$/, ocsfParser],
  [/^cef([:_-].*)?$|[:_-]cef$/, cefParser],
  [/^syslog$|[:_-]syslog$/, syslogParser],
];

/** The parser a Splunk sourcetype maps to, or undefined (the event is then kept raw). */
export function parserForSourcetype(sourcetype: string | undefined, options: Omit<HecOptions, 'receivedAt'> = {}): SourceParser | undefined {
  if (sourcetype === undefined) return undefined;
  const custom = options.sourcetypes?.[sourcetype];
  if (custom !== undefined) return custom;
  const st = sourcetype.toLowerCase();
  if (st === '_json') return options.jsonParser;
  for (const [pattern, parser] of BUILT_IN) if (pattern.test(st)) return parser;
  return undefined;
}

/**
 * Unpacks a Splunk HEC `/services/collector/event` body: concatenated `{event, time, host, source,
 * sourcetype, index, fields}` objects (a JSON array is accepted too). Each object gets its own outcome, in
 * order, with its position; malformed objects are errors that do not affect the others. Never throws.
 */
export function unpackHec(body: string | Uint8Array, options: HecOptions): HecResult[] {
  const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  const trimmed = text.trimStart();
  const chunks = trimmed.startsWith('[') ? arrayChunks(text) : splitConcatenatedJson(text);
  // Bodies usually carry one or two sourcetypes: resolve each once per body.
  const routes = new Map<string | undefined, SourceParser | undefined>();
  const route = (sourcetype: string | undefined): SourceParser | undefined => {
    if (routes.has(sourcetype)) return routes.get(sourcetype);
    const parser = parserForSourcetype(sourcetype, options);
    routes.set(sourcetype, parser);
    return parser;
  };
  return chunks.map((chunk) => {
    if (chunk.kind === 'error') return { index: chunk.index, offset: chunk.offset, format: 'hec', outcome: parseError(`object ${chunk.index} at offset ${chunk.offset}: ${chunk.reason}`), meta: {} };
    return unpackOne(chunk.value, chunk.index, chunk.offset, options, route);
  });
}

function arrayChunks(text: string): ReturnType<typeof splitConcatenatedJson> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return [{ kind: 'error', index: 0, offset: 0, reason: `invalid JSON array: ${err instanceof Error ? err.message : String(err)}` }];
  }
  if (!Array.isArray(parsed)) return [{ kind: 'error', index: 0, offset: 0, reason: 'expected JSON objects' }];
  return parsed.map((value: unknown, index) => ({ kind: 'value', index, offset: -1, value }));
}

function unpackOne(
  value: unknown,
  index: number,
  offset: number,
  options: HecOptions,
  route: (sourcetype: string | undefined) => SourceParser | undefined,
): HecResult {
  const at = offset >= 0 ? `object ${index} at offset ${offset}` : `object ${index}`;
  const fail = (reason: string, meta: HecMeta = {}): HecResult => ({ index, offset, format: 'hec', outcome: parseError(`${at}: ${reason}`), meta });
  if (!isRecord(value)) return fail(`expected an object, got ${show(value)}`);
  const meta = metaOf(value);
  if (typeof meta === 'string') return fail(meta);
  const event = value['event'];
  if (event === undefined || event === null) return fail('event: missing (HEC requires an "event" field)', meta);
  if (event === '' || (isRecord(event) && Object.keys(event).length === 0)) return fail('event: blank', meta);

  const receivedAt = meta.time ?? options.receivedAt;
  const sourcetype = meta.sourcetype ?? options.defaultSourcetype;
  const parser = route(sourcetype);
  if (parser === undefined) {
    const fields = isRecord(event) ? event : { message: event };
    const host = meta.host;
    const source = sourcetype ?? 'hec';
    return {
      index, offset, format: 'raw', meta,
      outcome: eventOutcome(host === undefined ? { source, occurredAt: receivedAt, fields, raw: value } : { source, occurredAt: receivedAt, host, fields, raw: value }),
    };
  }
  let record: unknown = event;
  if (parser.input === 'json' && typeof event === 'string') {
    try {
      record = JSON.parse(event) as unknown;
    } catch {
      return { index, offset, format: parser.format, meta, outcome: parseError(`${at}: event: expected a JSON object for sourcetype ${show(sourcetype)}, got a string that is not JSON`) };
    }
  } else if (parser.input === 'line' && typeof event !== 'string') {
    return { index, offset, format: parser.format, meta, outcome: parseError(`${at}: event: expected a text line for sourcetype ${show(sourcetype)}, got ${show(event)}`) };
  }
  const outcome = parser.parse(record, receivedAt);
  return { index, offset, format: parser.format, meta, outcome: withHecHost(outcome, meta.host, at) };
}

/** Envelope fields; HEC `time` is epoch seconds (number or string, with a fraction). */
function metaOf(obj: JsonRecord): HecMeta | string {
  const meta: { -readonly [K in keyof HecMeta]: HecMeta[K] } = {};
  if (obj['time'] !== undefined) {
    const seconds = num(obj['time']);
    const iso = seconds === undefined ? undefined : epochToIso(seconds);
    if (iso === undefined) return `time: expected epoch seconds, got ${show(obj['time'])}`;
    meta.time = iso;
  }
  for (const key of ['host', 'source', 'sourcetype', 'index'] as const) {
    const v = str(obj[key]);
    if (v !== undefined) meta[key] = v;
  }
  const fields = rec(obj['fields']);
  if (fields !== undefined) meta.fields = fields;
  return meta;
}

/** The HEC `host` is the device when the alert names none; errors get the object's position. */
function withHecHost(outcome: ParseOutcome, host: string | undefined, at: string): ParseOutcome {
  if (outcome.kind === 'error') return parseError(`${at}: ${outcome.reason}`);
  if (host === undefined) return outcome;
  if (outcome.kind === 'event') return outcome.event.host === undefined ? eventOutcome({ ...outcome.event, host }) : outcome;
  const a: ParsedAlert = outcome.alert;
  if (a.observables.some((o) => o.role === 'device' && (o.kind === 'hostname' || o.kind === 'ip'))) return outcome;
  const device: Observable = { kind: 'hostname', value: host.toLowerCase(), role: 'device' };
  return alertOutcome({ ...a, observables: [...a.observables, device] });
}
