import type { ParsedAlert } from '../core/alert.ts';

/**
 * A raw event: something a source sent that is not (yet) an alert, e.g. a Suricata `flow` record, a
 * Windows event or a syslog line that did not parse. Kept for detection (Sigma) and never dropped.
 */
export interface RawEvent {
  /** The product or format it came from (suricata, syslog, windows, …). */
  readonly source: string;
  /** The event's own time when it has one, else the time it was received; ISO 8601 UTC. */
  readonly occurredAt: string;
  readonly host?: string;
  /** Field view used by detection: the event's fields (flattened or nested as the source sends them). */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The original payload, as received. */
  readonly raw: unknown;
}

/** What a parser makes of one record. An `error` reason says what is wrong, in words a sender can act on. */
export type ParseOutcome =
  | { readonly kind: 'alert'; readonly alert: ParsedAlert }
  | { readonly kind: 'event'; readonly event: RawEvent }
  | { readonly kind: 'error'; readonly reason: string };

/**
 * One parser per source format. JSON formats receive a parsed JSON value; line formats (CEF, syslog)
 * receive the line as a string. `receivedAt` is the fallback time when the record carries none.
 */
export interface SourceParser {
  readonly format: string;
  /** `json`: records are JSON values (object per record); `line`: records are text lines. */
  readonly input: 'json' | 'line';
  parse(record: unknown, receivedAt: string): ParseOutcome;
}

export const alertOutcome = (alert: ParsedAlert): ParseOutcome => ({ kind: 'alert', alert });
export const eventOutcome = (event: RawEvent): ParseOutcome => ({ kind: 'event', event });
export const parseError = (reason: string): ParseOutcome => ({ kind: 'error', reason });
