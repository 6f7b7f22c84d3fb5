import type { AttackRef } from '../../core/alert.ts';
import type { Severity } from '../../core/severity.ts';
import { severityRank } from '../../core/severity.ts';
import type { ParseOutcome, SourceParser } from '../parser.ts';
import { alertOutcome } from '../parser.ts';
import { buildAlert } from './alert-builder.ts';
import { pairAttacks, pushAttack } from './attack-refs.ts';
import { fieldError, guardedParser } from './guard.ts';
import { ObservableSet } from './observables.ts';
import { suricataSeverity, wazuhLevelSeverity } from './severity-bands.ts';
import { suricataMetadataAttacks } from './suricata-fields.ts';
import { toIsoUtc } from './time-normalise.ts';
import type { JsonRecord } from './values.ts';
import { isRecord, num, rec, show, str, strs, typeName } from './values.ts';
import { wazuhObservables } from './wazuh-observables.ts';

/**
 * Wazuh alerts: one line of `alerts.json`, or the same object as a Wazuh `integratord` custom integration
 * posts it (also accepted wrapped as an indexer hit, `{_id, _source: alert}`).
 *
 * - title ← `rule.description`; ruleId ← `rule.id`; findingUid ← `id`; category ← `rule.groups` joined by ",";
 * - severity ← `rule.level` banded (see severity-bands.ts). When the alert relays a Suricata alert (decoder
 *   json, `data.alert.severity`), the higher of the two bands wins: Wazuh rule 86601 gives every Suricata
 *   alert level 3 whatever its signature's priority;
 * - detectedAt ← `timestamp` (when Wazuh raised it); occurredAt ← the event's own time when the decoded data
 *   carries one that parses (`data.timestamp` for Suricata, `data.win.system.systemTime`), else `timestamp`;
 * - ATT&CK ← `rule.mitre` {id, tactic, technique} and Suricata's `metadata.mitre_*`.
 */
export const wazuhParser: SourceParser = guardedParser('wazuh', 'json', parseWazuh);

function parseWazuh(record: unknown, receivedAt: string): ParseOutcome {
  if (!isRecord(record)) return fieldError('(record)', `expected a Wazuh alert object, got ${typeName(record)}`);
  let alert: JsonRecord = record;
  const hit = rec(record['_source']);
  if (hit !== undefined && record['rule'] === undefined) alert = hit;

  const rule = rec(alert['rule']);
  if (rule === undefined) return fieldError('rule', alert['rule'] === undefined ? 'missing (not a Wazuh alert?)' : `expected an object, got ${typeName(alert['rule'])}`);
  const title = str(rule['description']);
  if (title === undefined) return fieldError('rule.description', `missing or empty, got ${show(rule['description'])}`);
  const level = num(rule['level']);
  if (level === undefined || level < 0 || level > 16 || !Number.isInteger(level)) {
    return fieldError('rule.level', `expected an integer 0–15, got ${show(rule['level'])}`);
  }

  let detectedAt = receivedAt;
  if (alert['timestamp'] !== undefined) {
    const t = toIsoUtc(alert['timestamp']);
    if (t === undefined) return fieldError('timestamp', `not a valid date/time: ${show(alert['timestamp'])}`);
    detectedAt = t;
  }
  const data = rec(alert['data']);
  const occurredAt = eventTime(data) ?? detectedAt;

  let severity: Severity = wazuhLevelSeverity(level);
  const relayed = data === undefined ? undefined : rec(data['alert']);
  if (relayed !== undefined) {
    const priority = num(relayed['severity']);
    if (priority !== undefined) {
      const inner = suricataSeverity(priority);
      if (severityRank(inner) > severityRank(severity)) severity = inner;
    }
  }

  const obs = new ObservableSet();
  wazuhObservables(alert, data, obs);

  const groups = rule['groups'];
  return alertOutcome(
    buildAlert({
      source: 'wazuh',
      findingUid: str(alert['id']),
      title,
      description: str(alert['full_log']),
      severity,
      sourceSeverity: String(level),
      ruleId: str(rule['id']),
      category: Array.isArray(groups) ? strs(groups).join(',') || undefined : str(groups),
      occurredAt,
      detectedAt,
      observables: obs.toArray(),
      attacks: wazuhAttacks(rule, relayed),
      raw: record,
    }),
  );
}

/** The decoded event's own time, when it has one that parses; an odd format there never rejects the alert. */
function eventTime(data: JsonRecord | undefined): string | undefined {
  if (data === undefined) return undefined;
  const ts = data['timestamp'];
  if (ts !== undefined) {
    const t = toIsoUtc(ts);
    if (t !== undefined) return t;
  }
  const win = rec(data['win']);
  const system = win === undefined ? undefined : rec(win['system']);
  return system === undefined ? undefined : toIsoUtc(system['systemTime']);
}

function wazuhAttacks(rule: JsonRecord, relayed: JsonRecord | undefined): readonly AttackRef[] {
  const mitre = rec(rule['mitre']);
  const metadata = relayed === undefined ? undefined : rec(relayed['metadata']);
  if (mitre === undefined && metadata === undefined) return NO_ATTACKS;
  const out: AttackRef[] =
    mitre === undefined ? [] : pairAttacks([], strs(mitre['tactic']), strs(mitre['id']), strs(mitre['technique']));
  if (metadata !== undefined) for (const ref of suricataMetadataAttacks(metadata)) pushAttack(out, ref);
  return out;
}

const NO_ATTACKS: readonly AttackRef[] = Object.freeze([]);
