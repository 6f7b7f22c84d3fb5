import { toIsoUtc } from '../parsers/time-normalise.ts';
import type { Pri } from './pri.ts';
import { parseStructuredData } from './structured-data.ts';
import type { SyslogDraft, SyslogParseResult } from './syslog-message.ts';

/**
 * RFC 5424: `<PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]`,
 * `-` for any absent field. Lenient where senders commonly are not strict: a missing structured-data part at
 * the end of the line, a timestamp without offset (read as UTC).
 */
export function parseRfc5424(line: string, pri: Pri): SyslogParseResult {
  let i = pri.end;
  while (i < line.length && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
  if (line.charCodeAt(i) !== 32) return { ok: false, reason: 'RFC 5424: expected a space after VERSION' };
  i++;

  const fields: (string | undefined)[] = [];
  for (let f = 0; f < 5; f++) {
    if (i >= line.length) return { ok: false, reason: `RFC 5424: header ends after ${f} of 5 fields (TIMESTAMP HOSTNAME APP-NAME PROCID MSGID)` };
    let end = line.indexOf(' ', i);
    if (end < 0) end = line.length;
    const token = line.slice(i, end);
    fields.push(token === '-' ? undefined : token);
    i = end + 1;
  }
  const [time, hostname, appName, procId, msgId] = fields;
  const m: SyslogDraft = { protocol: 'rfc5424', pri: pri.pri, facility: pri.facility, severity: pri.severity, message: '' };
  if (time !== undefined) {
    const iso = toIsoUtc(time);
    if (iso === undefined) return { ok: false, reason: `RFC 5424: TIMESTAMP "${time.slice(0, 40)}" is not a valid RFC 3339 time` };
    m.timestamp = iso;
  }
  if (hostname !== undefined) m.hostname = hostname;
  if (appName !== undefined) m.appName = appName;
  if (procId !== undefined) m.procId = procId;
  if (msgId !== undefined) m.msgId = msgId;
  if (i >= line.length) return { ok: true, message: m };

  const sd = parseStructuredData(line, i);
  if (!sd.ok) return { ok: false, reason: `RFC 5424: ${sd.reason}` };
  if (sd.data !== undefined) m.structuredData = sd.data;
  if (sd.end < line.length) {
    if (line.charCodeAt(sd.end) !== 32) return { ok: false, reason: `RFC 5424: expected a space after structured data at column ${sd.end + 1}` };
    let msg = line.slice(sd.end + 1);
    if (msg.charCodeAt(0) === 0xfeff) {
      msg = msg.slice(1);
      m.bom = true;
    }
    m.message = msg;
  }
  return { ok: true, message: m };
}
