import type { ParseOutcome, SourceParser } from './parser.ts';

/** Fields that commonly carry an event's own time, most specific first. */
const TIME_FIELDS = ['UtcTime', 'EventTime', 'TimeCreated', '@timestamp', 'timestamp', 'time'] as const;
const HOST_FIELDS = ['Hostname', 'Computer', 'host', 'hostname', 'agent.name'] as const;

/**
 * Raw events (`POST /api/v1/events`): any JSON object, kept as is for detection. The event's own time
 * and host are picked from the usual fields when present.
 */
export function createRawEventParser(source: string): SourceParser {
  return {
    format: 'event',
    input: 'json',
    parse(record: unknown, receivedAt: string): ParseOutcome {
      const fields = record as Record<string, unknown>;
      const host = pickHost(fields);
      return {
        kind: 'event',
        event: {
          source,
          occurredAt: pickTime(fields) ?? receivedAt,
          ...(host === undefined ? {} : { host }),
          fields,
          raw: record,
        },
      };
    },
  };
}

function pickTime(fields: Record<string, unknown>): string | undefined {
  for (const name of TIME_FIELDS) {
    const value = fields[name];
    let ms = Number.NaN;
    if (typeof value === 'string') {
      // Sysmon's UtcTime ("2020-10-21 11:05:06.123") has neither T nor zone: it is UTC.
      const iso = /^\d{4}-\d\d-\d\d \d/.test(value) && !/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
      ms = Date.parse(iso);
    } else if (typeof value === 'number') {
      ms = value > 1e12 ? value : value * 1000;
    }
    if (Number.isFinite(ms)) return new Date(ms).toISOString();
  }
  return undefined;
}

function pickHost(fields: Record<string, unknown>): string | undefined {
  for (const name of HOST_FIELDS) {
    const value = name.includes('.')
      ? name.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), fields)
      : fields[name];
    if (typeof value === 'string' && value !== '') return value;
    if (value !== null && typeof value === 'object') {
      const nested = (value as Record<string, unknown>)['name'];
      if (typeof nested === 'string' && nested !== '') return nested;
    }
  }
  return undefined;
}
