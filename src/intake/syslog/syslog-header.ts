import { readPri } from './pri.ts';
import { parseRfc3164 } from './rfc3164.ts';
import { parseRfc5424 } from './rfc5424.ts';
import type { SyslogParseOptions, SyslogParseResult } from './syslog-message.ts';

/**
 * Parses one syslog line, RFC 5424 (`<PRI>1 …`) or RFC 3164 (anything else), never throwing. Trailing CR,
 * LF and NUL (framing leftovers) and a BOM before the PRI are removed first. A failure says why, so the
 * caller can keep the line as a raw event with the reason.
 */
export function parseSyslogLine(input: string, options?: SyslogParseOptions): SyslogParseResult {
  let end = input.length;
  while (end > 0) {
    const c = input.charCodeAt(end - 1);
    if (c !== 10 && c !== 13 && c !== 0) break;
    end--;
  }
  const start = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  const line = start === 0 && end === input.length ? input : input.slice(start, end);
  if (line.trim().length === 0) return { ok: false, reason: 'empty line' };
  const pri = readPri(line);
  if (pri !== undefined) {
    const v = line.charCodeAt(pri.end);
    if (v >= 49 && v <= 57) {
      const after = line.charCodeAt(pri.end + 1);
      const after2 = line.charCodeAt(pri.end + 2);
      if (after === 32 || (after >= 48 && after <= 57 && after2 === 32)) return parseRfc5424(line, pri);
    }
  }
  return parseRfc3164(line, pri, options);
}
