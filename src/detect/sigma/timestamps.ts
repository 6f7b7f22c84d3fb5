/**
 * Timestamps as events carry them: ISO 8601 with or without zone (`2025-10-24 23:41:00.589` from Sysmon's
 * UtcTime is UTC), epoch seconds or milliseconds. Naive times are read as UTC: the time modifiers are "not
 * designed to handle timezone or format conversions" (modifiers appendix), and Windows logs them in UTC.
 */

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;

/** Epoch milliseconds, or undefined when the value is not a recognisable time. */
export function parseTimestamp(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return value > 1e11 ? value : value * 1000;
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return parseTimestamp(Number(text));
  const naive = NAIVE.exec(text);
  if (naive !== null) {
    const [, y, mo, d, h, mi, s, frac] = naive;
    const ms = frac === undefined ? 0 : Math.round(Number(`0${frac}`) * 1000);
    const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? '0'), ms);
    return Number.isNaN(t) ? undefined : t;
  }
  // Zoned ISO forms; Date.parse also reads RFC 2822, which some syslog-derived events use.
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

export const TIME_PARTS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export type TimePart = (typeof TIME_PARTS)[number];

/** ISO 8601 week number (1–53) of a UTC date. */
function isoWeek(date: Date): number {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const dayNum = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  d.setUTCDate(d.getUTCDate() + 4 - dayNum);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

export function timePart(epochMs: number, part: TimePart): number {
  const d = new Date(epochMs);
  switch (part) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'week':
      return isoWeek(d);
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
  }
}
