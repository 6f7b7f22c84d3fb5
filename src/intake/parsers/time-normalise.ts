import { DateTime } from 'luxon';

/**
 * Time normalisation shared by every parser: any time a source sends becomes ISO 8601 UTC with
 * millisecond precision (`2020-03-04T18:02:04.347Z`), or `undefined` when it is not a real instant.
 *
 * Accepted: ISO 8601 / RFC 3339 (`T` or space, `,`/`.` fractions of any length, `Z`, `±HH:MM`, `±HHMM`,
 * `±HH`, no zone = the `zone` option, UTC by default); epoch numbers or digit strings (seconds below 1e11,
 * milliseconds below 1e14, microseconds below 1e17, nanoseconds above); BSD/ArcSight `MMM dd [yyyy]
 * HH:mm:ss[.SSS] [zone]` (the year, when absent, is inferred from `referenceMs`: see inferYear); and
 * RFC 2822 (`Wed, 04 Mar 2020 18:02:04 +0000`). Impossible dates (Feb 30, hour 25, month 13) are rejected,
 * never rolled over as `Date` would do.
 */
export interface TimeOptions {
  /** Zone for times that carry none: `UTC` (default), an IANA name or `±HH:MM`. */
  readonly zone?: string;
  /** Reference instant (epoch ms) for times without a year; usually the receive time. */
  readonly referenceMs?: number;
}

const MAX_MS = 253402300799999; // 9999-12-31T23:59:59.999Z
const MIN_MS = -30610224000000; // 1000-01-01T00:00:00.000Z

let lastIsoIn = '';
let lastIsoOut = '';

/** ISO 8601 UTC for `value`, or undefined when it is not a valid time. Never throws. */
export function toIsoUtc(value: unknown, options?: TimeOptions): string | undefined {
  if (typeof value === 'number') return epochToIso(value);
  if (typeof value !== 'string') return undefined;
  const text = value.length > 0 && (value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32) ? value.trim() : value;
  if (text.length === 0 || text.length > 64) return undefined;
  const c0 = text.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    if (text.length >= 10 && text.charCodeAt(4) === 45) {
      // A one-entry memo: Wazuh and Suricata repeat the same timestamp within and across records.
      if (text === lastIsoIn && options?.zone === undefined) return lastIsoOut;
      const ms = parseIsoMs(text, options?.zone);
      if (ms === undefined) return undefined;
      const out = msToIso(ms);
      if (out !== undefined && options?.zone === undefined) {
        lastIsoIn = text;
        lastIsoOut = out;
      }
      return out;
    }
    if (/^\d+(\.\d+)?$/.test(text)) return epochToIso(Number(text));
  }
  return parseTextualMs(text, options);
}

/** Epoch number (s, ms, µs or ns by magnitude) to ISO 8601 UTC; undefined for negatives and year > 9999. */
export function epochToIso(epoch: number): string | undefined {
  if (!Number.isFinite(epoch) || epoch < 0) return undefined;
  let ms: number;
  if (epoch < 1e11) ms = epoch * 1000;
  else if (epoch < 1e14) ms = epoch;
  else if (epoch < 1e17) ms = epoch / 1000;
  else ms = epoch / 1e6;
  return msToIso(Math.floor(ms));
}

function msToIso(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return undefined;
  return new Date(ms).toISOString();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

/** Two (or n) ASCII digits at `at` as a number, or -1. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(at + i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Validated wall-clock fields to epoch ms in UTC (before any zone offset), or undefined. */
export function wallToUtcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | undefined {
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/** Offset in minutes for `zone` at the instant of this wall-clock time; undefined for unknown zones. */
function zoneOffsetMinutes(zone: string, wallMs: number): number | undefined {
  const upper = zone.toUpperCase();
  const fixed = ZONE_ABBREVIATIONS[upper];
  if (fixed !== undefined) return fixed;
  const m = /^(?:UTC|GMT)?([+-])(\d{2}):?(\d{2})?$/.exec(upper);
  if (m !== null) {
    const hh = Number(m[2]);
    const mm = Number(m[3] ?? '0');
    if (hh > 23 || mm > 59) return undefined;
    return (m[1] === '-' ? -1 : 1) * (hh * 60 + mm);
  }
  if (!zone.includes('/')) return undefined;
  const wall = new Date(wallMs);
  const dt = DateTime.fromObject(
    {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
      millisecond: wall.getUTCMilliseconds(),
    },
    { zone },
  );
  return dt.isValid ? dt.offset : undefined;
}

/** Abbreviations that are unambiguous enough to accept (ArcSight `zzz`); others must be numeric or IANA. */
const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  Z: 0, UT: 0, UTC: 0, GMT: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  CET: 60, CEST: 120, EET: 120, EEST: 180, WET: 0, WEST: 60, JST: 540,
};

function applyZone(wallMs: number, zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'UTC') return wallMs;
  const off = zoneOffsetMinutes(zone, wallMs);
  return off === undefined ? undefined : wallMs - off * 60000;
}

/** `YYYY-MM-DD[T ]HH:MM[:SS[.frac]][zone]` or `YYYY-MM-DD` to epoch ms. */
export function parseIsoMs(s: string, defaultZone?: string): number | undefined {
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 0 || mo < 0 || d < 0 || s.charCodeAt(7) !== 45) return undefined;
  if (s.length === 10) {
    const dayMs = wallToUtcMs(y, mo, d, 0, 0, 0, 0);
    return dayMs === undefined ? undefined : applyZone(dayMs, defaultZone);
  }
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return undefined; // T t space
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (h < 0 || mi < 0 || s.charCodeAt(13) !== 58) return undefined;
  let pos = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(pos) === 58) {
    sec = digits(s, 17, 2);
    if (sec < 0) return undefined;
    pos = 19;
    const dot = s.charCodeAt(pos);
    if (dot === 46 || dot === 44) {
      pos++;
      const start = pos;
      let scale = 100;
      while (pos < s.length) {
        const c = s.charCodeAt(pos) - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale /= 10;
        pos++;
      }
      if (pos === start) return undefined;
      ms = Math.floor(ms);
    }
  }
  const wall = wallToUtcMs(y, mo, d, h, mi, sec, ms);
  if (wall === undefined) return undefined;
  if (pos === s.length) return applyZone(wall, defaultZone);
  const z = s.charCodeAt(pos);
  if ((z === 90 || z === 122) && pos + 1 === s.length) return wall; // Z
  if (z === 43 || z === 45) {
    const rest = s.length - pos - 1;
    const oh = digits(s, pos + 1, 2);
    let om = 0;
    if (rest === 5 && s.charCodeAt(pos + 3) === 58) om = digits(s, pos + 4, 2);
    else if (rest === 4) om = digits(s, pos + 3, 2);
    else if (rest !== 2) return undefined;
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return undefined;
    const off = (oh * 60 + om) * 60000;
    return z === 43 ? wall - off : wall + off;
  }
  if (z === 32) {
    const zoned = applyZone(wall, s.slice(pos + 1));
    return zoned;
  }
  return undefined;
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

export function monthNumber(abbrev: string): number | undefined {
  return MONTHS[abbrev.toLowerCase()];
}

// MMM dd [yyyy] HH:mm:ss[.SSS] [zone]  (BSD syslog, ArcSight CEF rt/start/end formats)
const BSD_TIME = /^([A-Za-z]{3}) +(\d{1,2}) +(?:(\d{4}) +)?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: +(\S+))?$/;
// RFC 2822, e.g. "Wed, 04 Mar 2020 18:02:04 +0000"
const RFC2822_TIME = /^(?:[A-Za-z]{3}, +)?(\d{1,2}) +([A-Za-z]{3}) +(\d{4}) +(\d{2}):(\d{2})(?::(\d{2}))? *([+-]\d{4}|[A-Za-z]{1,4})?$/;

function parseTextualMs(text: string, options?: TimeOptions): string | undefined {
  const bsd = BSD_TIME.exec(text);
  if (bsd !== null) {
    const month = monthNumber(bsd[1] ?? '');
    if (month === undefined) return undefined;
    const frac = bsd[7] ?? '';
    const ms = frac.length === 0 ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
    const zone = bsd[8] ?? options?.zone;
    const fields = [Number(bsd[2]), Number(bsd[4]), Number(bsd[5]), Number(bsd[6]), ms] as const;
    if (bsd[3] !== undefined) {
      const wall = wallToUtcMs(Number(bsd[3]), month, ...fields);
      return wall === undefined ? undefined : msToIsoMaybe(applyZone(wall, zone));
    }
    return msToIsoMaybe(inferYear(month, fields, zone, options?.referenceMs ?? Date.now()));
  }
  const r = RFC2822_TIME.exec(text);
  if (r !== null) {
    const month = monthNumber(r[2] ?? '');
    if (month === undefined) return undefined;
    const wall = wallToUtcMs(Number(r[3]), month, Number(r[1]), Number(r[4]), Number(r[5]), Number(r[6] ?? '0'), 0);
    return wall === undefined ? undefined : msToIsoMaybe(applyZone(wall, r[7] ?? options?.zone));
  }
  return undefined;
}

function msToIsoMaybe(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : msToIso(ms);
}

/**
 * RFC 3164 and some ArcSight times carry no year. Take the latest of (reference year −1, 0, +1) that is not
 * more than 7 days after the reference: logs arrive late (a replayed file, a queue) far more often than from
 * the future, and the 7 days absorb clock skew, so a "Dec 31 23:59:59" line received on Jan 1 is last year and
 * a "Jan 1 00:00:05" line from a sender whose clock runs ahead, received on Dec 31, is next year. Years in
 * which the date does not exist (Feb 29) are skipped.
 */
export function inferYear(
  month: number,
  [day, h, mi, s, ms]: readonly [number, number, number, number, number],
  zone: string | undefined,
  referenceMs: number,
): number | undefined {
  const refYear = new Date(referenceMs).getUTCFullYear();
  const limit = referenceMs + FUTURE_SLACK_MS;
  for (let y = refYear + 1; y >= refYear - 1; y--) {
    const wall = wallToUtcMs(y, month, day, h, mi, s, ms);
    if (wall === undefined) continue;
    const t = applyZone(wall, zone);
    if (t === undefined) return undefined;
    if (t <= limit) return t;
  }
  return undefined;
}

const FUTURE_SLACK_MS = 7 * 24 * 3600 * 1000;

/** Epoch ms of an ISO string produced by this module (or any valid time), for comparisons. */
export function isoToMs(iso: string): number | undefined {
  const parsed = toIsoUtc(iso);
  return parsed === undefined ? undefined : Date.parse(parsed);
}
