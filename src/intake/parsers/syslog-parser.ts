import type { ParseOutcome, RawEvent, SourceParser } from '../parser.ts';
import { eventOutcome } from '../parser.ts';
import { facilityName, severityName } from '../syslog/pri.ts';
import { parseSyslogLine } from '../syslog/syslog-header.ts';
import type { SyslogMessage } from '../syslog/syslog-message.ts';
import { cefOutcome } from './cef-parser.ts';
import { fieldError, guardedParser } from './guard.ts';
import { lineOf } from './line-input.ts';
import { show } from './values.ts';

export interface SyslogParserOptions {
  /** Zone of RFC 3164 timestamps, which carry none: `UTC` (default), an IANA name or `±HH:MM`. */
  readonly zone?: string;
}

/**
 * Plain syslog lines (RFC 5424 or RFC 3164, already unframed). Nothing that arrives is dropped:
 * - a message that is CEF becomes the CEF parser's alert (the syslog host and time fill what CEF lacks);
 * - any other line is a raw event for detection: its time, host, and fields `protocol`, `facility`,
 *   `facilityName`, `severity`, `severityName`, `hostname`, `appName`, `procId`, `msgId`,
 *   `structuredData`, `message`;
 * - a line that cannot be parsed, or CEF that is malformed, is a raw event too, with the whole line as
 *   `message`, the receive time, and `parseError` saying what was wrong.
 * Only an empty line or a non-string record is an error: there is nothing to keep.
 */
export function createSyslogParser(options: SyslogParserOptions = {}): SourceParser {
  return guardedParser('syslog', 'line', (record, receivedAt) => parseSyslogRecord(record, receivedAt, options));
}

export const syslogParser: SourceParser = createSyslogParser();

function parseSyslogRecord(record: unknown, receivedAt: string, options: SyslogParserOptions): ParseOutcome {
  const line = lineOf(record);
  if (line === undefined) return fieldError('(record)', `expected a syslog line (string), got ${show(record)}`);
  const referenceMs = Date.parse(receivedAt);
  const parsed = parseSyslogLine(line, options.zone === undefined ? { referenceMs } : { referenceMs, zone: options.zone });
  if (!parsed.ok) {
    if (line.trim().length === 0) return fieldError('(line)', 'empty line');
    return unparsed(line, receivedAt, parsed.reason);
  }
  const msg = parsed.message;
  if (msg.message.startsWith('CEF:')) {
    const cef = cefOutcome(msg.message, line, receivedAt, msg);
    if (cef.kind !== 'error') return cef;
    return eventOutcome(syslogEvent(msg, line, receivedAt, cef.reason));
  }
  return eventOutcome(syslogEvent(msg, line, receivedAt, undefined));
}

function unparsed(line: string, receivedAt: string, reason: string): ParseOutcome {
  return eventOutcome({ source: 'syslog', occurredAt: receivedAt, fields: { message: line, parseError: reason }, raw: line });
}

function syslogEvent(msg: SyslogMessage, line: string, receivedAt: string, parseError: string | undefined): RawEvent {
  const fields: Record<string, unknown> = { protocol: msg.protocol };
  if (msg.facility !== undefined) {
    fields['facility'] = msg.facility;
    fields['facilityName'] = facilityName(msg.facility);
  }
  if (msg.severity !== undefined) {
    fields['severity'] = msg.severity;
    fields['severityName'] = severityName(msg.severity);
  }
  if (msg.hostname !== undefined) fields['hostname'] = msg.hostname;
  if (msg.appName !== undefined) fields['appName'] = msg.appName;
  if (msg.procId !== undefined) fields['procId'] = msg.procId;
  if (msg.msgId !== undefined) fields['msgId'] = msg.msgId;
  if (msg.structuredData !== undefined) fields['structuredData'] = msg.structuredData;
  fields['message'] = msg.message;
  if (parseError !== undefined) fields['parseError'] = parseError;
  const occurredAt = msg.timestamp ?? receivedAt;
  return msg.hostname === undefined
    ? { source: 'syslog', occurredAt, fields, raw: line }
    : { source: 'syslog', occurredAt, host: msg.hostname, fields, raw: line };
}
