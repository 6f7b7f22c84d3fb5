import type { Observable } from '../../core/alert.ts';
import type { ParseOutcome, SourceParser } from '../parser.ts';
import { alertOutcome, eventOutcome } from '../parser.ts';
import { buildAlert } from './alert-builder.ts';
import { fieldError, guardedParser } from './guard.ts';
import { ObservableSet } from './observables.ts';
import { suricataSeverity } from './severity-bands.ts';
import { toIsoUtc } from './time-normalise.ts';
import type { JsonRecord } from './values.ts';
import { isRecord, num, rec, show, str, typeName } from './values.ts';
import { httpObservables, suricataMetadataAttacks } from './suricata-fields.ts';

/**
 * Suricata EVE JSON. `event_type: alert` records become alerts; every other event type (flow, dns, http,
 * tls, fileinfo, anomaly, …) is a raw event for detection, with the EVE record as its fields.
 *
 * - title ← `alert.signature`; ruleId ← `gid:signature_id:rev`; category ← `alert.category`;
 * - severity ← `alert.severity` (1 high, 2 medium, 3 low, 4+ informational; see severity-bands.ts);
 * - occurredAt = detectedAt ← `timestamp` (EVE has one time: when the packet was seen);
 * - ATT&CK ← `alert.metadata.mitre_*` (Emerging Threats rules).
 * EVE has no per-alert id, so findingUid is left out and duplicates are found by fingerprint.
 */
export const suricataParser: SourceParser = guardedParser('suricata', 'json', parseSuricata);

function parseSuricata(record: unknown, receivedAt: string): ParseOutcome {
  if (!isRecord(record)) return fieldError('(record)', `expected an EVE JSON object, got ${typeName(record)}`);
  const eventType = str(record['event_type']);
  if (eventType === undefined) return fieldError('event_type', `missing (not a Suricata EVE record?), got ${show(record['event_type'])}`);

  let occurredAt = receivedAt;
  if (record['timestamp'] !== undefined) {
    const t = toIsoUtc(record['timestamp']);
    if (t === undefined) return fieldError('timestamp', `not a valid date/time: ${show(record['timestamp'])}`);
    occurredAt = t;
  }
  if (eventType !== 'alert') {
    const host = str(record['host']);
    return eventOutcome(
      host === undefined
        ? { source: 'suricata', occurredAt, fields: record, raw: record }
        : { source: 'suricata', occurredAt, host, fields: record, raw: record },
    );
  }

  const alert = rec(record['alert']);
  if (alert === undefined) return fieldError('alert', `expected an object for event_type "alert", got ${typeName(record['alert'])}`);
  const title = str(alert['signature']);
  if (title === undefined) return fieldError('alert.signature', `missing or empty, got ${show(alert['signature'])}`);
  const priority = num(alert['severity']);
  const sid = str(alert['signature_id']);
  const metadata = rec(alert['metadata']);

  return alertOutcome(
    buildAlert({
      source: 'suricata',
      findingUid: undefined,
      title,
      severity: priority === undefined ? 'unknown' : suricataSeverity(priority),
      sourceSeverity: str(alert['severity']),
      ruleId: sid === undefined ? undefined : `${str(alert['gid']) ?? '1'}:${sid}:${str(alert['rev']) ?? '0'}`,
      category: str(alert['category']),
      occurredAt,
      detectedAt: occurredAt,
      observables: eveObservables(record),
      attacks: metadata === undefined ? [] : suricataMetadataAttacks(metadata),
      raw: record,
    }),
  );
}

/** Observables of an EVE record: flow addresses, the sensor, and the application-layer names. */
export function eveObservables(record: JsonRecord): readonly Observable[] {
  const obs = new ObservableSet();
  obs.host(record['host'], 'device');
  obs.address(record['src_ip'], 'src');
  obs.port(record['src_port'], 'src');
  obs.address(record['dest_ip'], 'dst');
  obs.port(record['dest_port'], 'dst');
  const http = rec(record['http']);
  if (http !== undefined) httpObservables(http, record['dest_port'], obs);
  const tls = rec(record['tls']);
  if (tls !== undefined) obs.domain(tls['sni'], 'dst');
  const dns = rec(record['dns']);
  if (dns !== undefined) dnsObservables(dns, obs);
  const fileinfo = rec(record['fileinfo']);
  if (fileinfo !== undefined) {
    obs.add('file', fileinfo['filename'], 'other');
    obs.hashes(fileinfo['sha256'], 'other');
    obs.hashes(fileinfo['md5'], 'other');
    obs.hashes(fileinfo['sha1'], 'other');
  }
  const smtp = rec(record['smtp']);
  if (smtp !== undefined) {
    obs.add('email', smtp['mail_from'], 'src');
    const to = smtp['rcpt_to'];
    if (Array.isArray(to)) for (const r of to) obs.add('email', r, 'dst');
  }
  return obs.toArray();
}

/** EVE DNS: `rrname` (v1/v2 records), `query[]` or `queries[]` (alert metadata in v2/v3). */
function dnsObservables(dns: JsonRecord, obs: ObservableSet): void {
  obs.domain(dns['rrname'], 'dst');
  for (const key of ['query', 'queries'] as const) {
    const list = dns[key];
    if (!Array.isArray(list)) continue;
    for (const q of list) if (isRecord(q)) obs.domain(q['rrname'], 'dst');
  }
}
