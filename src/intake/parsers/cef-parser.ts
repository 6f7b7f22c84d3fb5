import type { ParseOutcome, SourceParser } from '../parser.ts';
import { alertOutcome } from '../parser.ts';
import { parseSyslogLine } from '../syslog/syslog-header.ts';
import type { SyslogMessage } from '../syslog/syslog-message.ts';
import { buildAlert } from './alert-builder.ts';
import { cefAttacks, cefObservables } from './cef-fields.ts';
import type { CefRecord } from './cef-line.ts';
import { parseCefMessage } from './cef-line.ts';
import { fieldError, guardedParser } from './guard.ts';
import { cefSeverity } from './severity-bands.ts';
import { toIsoUtc } from './time-normalise.ts';
import { lineOf } from './line-input.ts';
import { show } from './values.ts';

/**
 * ArcSight CEF, bare or behind a syslog header (RFC 3164 or 5424).
 *
 * - title ← Name; ruleId ← Device Event Class ID; findingUid ← `externalId`; description ← `msg`;
 *   category ← `cat`;
 * - severity ← Severity (0–3 low, 4–6 medium, 7–8 high, 9–10 critical, or Low/Medium/High/Very-High);
 * - occurredAt ← `start`, else `rt`; detectedAt ← `rt` (when the device saw it), each else the syslog header
 *   time, else the receive time. Times are epoch ms or ArcSight's `MMM dd [yyyy] HH:mm:ss[.SSS] [zone]`
 *   forms; `dtz` gives the zone for zone-less ones;
 * - observables ← src/dst/shost/dhost/suser/duser/request/fname/filePath/fileHash/dvc/dvchost/…;
 *   the syslog hostname is the device.
 */
export const cefParser: SourceParser = guardedParser('cef', 'line', parseCefLine);

function parseCefLine(record: unknown, receivedAt: string): ParseOutcome {
  const line = lineOf(record);
  if (line === undefined) return fieldError('(record)', `expected a CEF line (string), got ${show(record)}`);
  if (line.startsWith('CEF:')) return cefOutcome(line, line, receivedAt, undefined);
  const syslog = parseSyslogLine(line, { referenceMs: Date.parse(receivedAt) });
  if (syslog.ok && syslog.message.message.startsWith('CEF:')) return cefOutcome(syslog.message.message, line, receivedAt, syslog.message);
  const at = line.indexOf('CEF:');
  if (at < 0) return fieldError('(line)', 'no "CEF:" header found');
  // A prefix that is not a syslog header we know: parse the CEF part and keep the whole line as raw.
  return cefOutcome(line.slice(at), line, receivedAt, undefined);
}

/** Parses a CEF message (from `CEF:` on) into an alert; `raw` is what was received. */
export function cefOutcome(text: string, raw: unknown, receivedAt: string, header: SyslogMessage | undefined): ParseOutcome {
  const parsed = parseCefMessage(text);
  if (!parsed.ok) return { kind: 'error', reason: parsed.reason };
  return cefAlert(parsed.cef, raw, receivedAt, header);
}

function cefAlert(cef: CefRecord, raw: unknown, receivedAt: string, header: SyslogMessage | undefined): ParseOutcome {
  const title = cef.name.trim();
  if (title.length === 0) return fieldError('Name', 'empty (CEF header field 6)');
  const severity = cef.severity.length === 0 ? 'unknown' : cefSeverity(cef.severity);
  if (severity === undefined) {
    return fieldError('Severity', `expected 0–10 or Low, Medium, High, Very-High, got ${show(cef.severity)} (CEF header field 7)`);
  }
  const ext = cef.extension;
  const zone = ext['dtz'];
  const options = zone === undefined ? { referenceMs: Date.parse(receivedAt) } : { referenceMs: Date.parse(receivedAt), zone };
  const times: Record<string, string | undefined> = {};
  for (const key of ['rt', 'start', 'end'] as const) {
    const value = ext[key];
    if (value === undefined) continue;
    const iso = toIsoUtc(value, options);
    if (iso === undefined) return fieldError(key, `not a valid date/time: ${show(value)} (epoch ms or "MMM dd yyyy HH:mm:ss")`);
    times[key] = iso;
  }
  const fallback = header?.timestamp ?? receivedAt;
  const detectedAt = times['rt'] ?? fallback;
  const signature = cef.signatureId.trim();
  return alertOutcome(
    buildAlert({
      source: 'cef',
      findingUid: ext['externalId'],
      title,
      description: ext['msg'],
      severity,
      sourceSeverity: cef.severity.length === 0 ? undefined : cef.severity,
      ruleId: signature.length === 0 ? undefined : signature,
      category: ext['cat'],
      occurredAt: times['start'] ?? times['rt'] ?? fallback,
      detectedAt,
      observables: cefObservables(ext, header?.hostname),
      attacks: cefAttacks(ext),
      raw,
    }),
  );
}
