import { toIsoUtc } from '../parsers/time-normalise.ts';
import type { Pri } from './pri.ts';
import type { SyslogDraft, SyslogParseOptions, SyslogParseResult } from './syslog-message.ts';

// "Mar  4 18:23:46", "Mar 4 2020 18:23:46", "*Mar  1 18:48:50.483 UTC:" (Cisco), optional ":" after the time.
const BSD_TIME = /[*.]?([A-Z][a-z]{2} +\d{1,2} +(?:\d{4} +)?\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)(?: ([A-Z]{3,4}))?:? +/y;
// RFC 3339 in a BSD header, as rsyslog and syslog-ng write with high-precision timestamps.
const ISO_TIME = /(\d{4}-\d{2}-\d{2}T[0-9:.,]+(?:Z|[+-]\d{2}:?\d{2})?) +/y;
// TAG[PID]: — the tag is up to 48 characters that are not space, colon or brackets.
const TAG = /([^\s:[\]]{1,48})(?:\[([^\]\s]{0,128})\])?: ?/y;

/**
 * RFC 3164 (BSD syslog): `<PRI>TIMESTAMP HOSTNAME TAG[PID]: MSG`, and the variants found in the wild:
 * no PRI (lines from a log file), an RFC 3339 timestamp, a year or milliseconds or zone in the timestamp,
 * no hostname (`<13>Mar  4 18:23:46 sshd[42]: …`), no tag. The year, which the format lacks, is inferred
 * from the receive time (time-normalise.ts inferYear); the zone, also lacking, is `options.zone` (UTC default).
 */
export function parseRfc3164(line: string, pri: Pri | undefined, options: SyslogParseOptions = {}): SyslogParseResult {
  let i = pri?.end ?? 0;
  const m: SyslogDraft = pri === undefined
    ? { protocol: 'rfc3164', message: '' }
    : { protocol: 'rfc3164', pri: pri.pri, facility: pri.facility, severity: pri.severity, message: '' };

  BSD_TIME.lastIndex = i;
  const bsd = BSD_TIME.exec(line);
  let timeText: string | undefined;
  let zone = options.zone;
  if (bsd !== null) {
    timeText = bsd[1];
    if (bsd[2] !== undefined) zone = bsd[2];
    i = BSD_TIME.lastIndex;
  } else {
    ISO_TIME.lastIndex = i;
    const iso = ISO_TIME.exec(line);
    if (iso !== null) {
      timeText = iso[1];
      i = ISO_TIME.lastIndex;
    }
  }
  if (timeText === undefined) {
    if (pri === undefined) return { ok: false, reason: 'neither a syslog PRI nor an RFC 3164 / RFC 3339 timestamp at the start of the line' };
    // RFC 3164 §4.3.3: a PRI with no valid header; the rest is the message.
    m.message = line.slice(i);
    return { ok: true, message: m };
  }
  const referenceMs = options.referenceMs ?? Date.now();
  const iso = toIsoUtc(timeText, zone === undefined ? { referenceMs } : { referenceMs, zone });
  if (iso === undefined) return { ok: false, reason: `RFC 3164: timestamp "${timeText}" is not a valid date/time` };
  m.timestamp = iso;

  // CEF/LEEF payloads are often sent right after the timestamp, with no hostname or tag.
  if (!isPayloadStart(line, i)) {
    let end = line.indexOf(' ', i);
    if (end < 0) end = line.length;
    const token = line.slice(i, end);
    if (!token.endsWith(':') && !token.includes('[')) {
      m.hostname = token;
      i = end + 1;
    }
  }
  if (i < line.length && !isPayloadStart(line, i)) {
    TAG.lastIndex = i;
    const tag = TAG.exec(line);
    if (tag !== null) {
      m.appName = tag[1] ?? '';
      if (tag[2] !== undefined && tag[2].length > 0) m.procId = tag[2];
      i = TAG.lastIndex;
    }
  }
  m.message = i < line.length ? line.slice(i) : '';
  return { ok: true, message: m };
}

function isPayloadStart(line: string, i: number): boolean {
  return line.startsWith('CEF:', i) || line.startsWith('LEEF:', i);
}
