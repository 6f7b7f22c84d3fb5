/**
 * The time an event says it happened, from the fields Windows and common shippers use. Sysmon's UtcTime
 * first (the activity itself), then the log record's time, then shipper fields; NXLog's EventTime has no
 * zone and comes last.
 */
import { parseTimestamp } from './sigma/timestamps.ts';

const TIME_FIELDS = ['UtcTime', 'TimeCreated_SystemTime', 'TimeCreated', '@timestamp', 'timestamp', 'Timestamp', 'time', 'EventTime'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Epoch milliseconds of the event's own time, or undefined. */
export function eventTime(event: Readonly<Record<string, unknown>>): number | undefined {
  for (const f of TIME_FIELDS) {
    const t = parseTimestamp(event[f]);
    if (t !== undefined) return t;
  }
  const evtx = event['Event'];
  if (isObject(evtx) && isObject(evtx['System'])) {
    const created = evtx['System']['TimeCreated'];
    if (isObject(created) && isObject(created['#attributes'])) return parseTimestamp(created['#attributes']['SystemTime']);
  }
  return undefined;
}
