import type { AttackRef } from '../../core/alert.ts';
import type { ParseOutcome, SourceParser } from '../parser.ts';
import { alertOutcome } from '../parser.ts';
import { buildAlert } from './alert-builder.ts';
import { attackRef, pairAttacks, pushAttack } from './attack-refs.ts';
import { elasticObservables } from './elastic-observables.ts';
import { getFirst, getPath, one } from './field-path.ts';
import { fieldError, guardedParser } from './guard.ts';
import { elasticSeverity } from './severity-bands.ts';
import { toIsoUtc } from './time-normalise.ts';
import type { JsonRecord } from './values.ts';
import { isRecord, num, rec, show, str, strs, typeName } from './values.ts';

/**
 * Elastic Security alert documents (`.alerts-security.alerts-*`, as a webhook action or a search hit sends
 * them), with `kibana.alert.*` keys either dotted-flat or nested. Pre-8.0 `signal.*` documents are read too.
 *
 * - title ← `kibana.alert.rule.name`; ruleId ← `kibana.alert.rule.uuid`; findingUid ← `kibana.alert.uuid`
 *   (or the hit's `_id`); description ← `kibana.alert.reason`;
 * - severity ← `kibana.alert.severity` (low/medium/high/critical), else banded `kibana.alert.risk_score`;
 * - occurredAt ← `kibana.alert.original_time` (the source event's time), else `@timestamp`;
 *   detectedAt ← `@timestamp` (when the rule created the alert);
 * - ATT&CK ← `kibana.alert.rule.threat[]` {tactic, technique[], subtechnique[]};
 * - observables from the ECS fields copied into the alert (host, user, source, destination, process, file,
 *   url, dns).
 */
export const elasticParser: SourceParser = guardedParser('elastic', 'json', parseElastic);

const RULE_NAME = ['kibana.alert.rule.name', 'signal.rule.name'];
const SEVERITY = ['kibana.alert.severity', 'kibana.alert.rule.severity', 'signal.rule.severity'];
const RISK = ['kibana.alert.risk_score', 'kibana.alert.rule.risk_score', 'signal.rule.risk_score'];
const ORIGINAL_TIME = ['kibana.alert.original_time', 'signal.original_time'];
const THREAT = ['kibana.alert.rule.threat', 'signal.rule.threat'];

function parseElastic(record: unknown, receivedAt: string): ParseOutcome {
  if (!isRecord(record)) return fieldError('(record)', `expected an Elastic Security alert object, got ${typeName(record)}`);
  // A search hit carries the alert in `_source`, or flattened in `fields` (the fields API Elastic recommends).
  const source = rec(record['_source']) ?? (record['_id'] !== undefined ? rec(record['fields']) : undefined);
  const doc: JsonRecord = source ?? record;

  const title = str(one(getFirst(doc, RULE_NAME)));
  if (title === undefined) return fieldError('kibana.alert.rule.name', 'missing (not an Elastic Security alert?)');

  const sevText = str(one(getFirst(doc, SEVERITY)));
  const risk = num(one(getFirst(doc, RISK)));
  const severity = elasticSeverity(sevText, risk);
  if (severity === undefined && sevText !== undefined) {
    return fieldError('kibana.alert.severity', `expected low, medium, high or critical, got ${show(sevText)}`);
  }

  let detectedAt = receivedAt;
  const stamp = one(doc['@timestamp'] ?? getPath(doc, '@timestamp'));
  if (stamp !== undefined) {
    const t = toIsoUtc(stamp);
    if (t === undefined) return fieldError('@timestamp', `not a valid date/time: ${show(stamp)}`);
    detectedAt = t;
  }
  let occurredAt = detectedAt;
  const original = one(getFirst(doc, ORIGINAL_TIME));
  if (original !== undefined) {
    const t = toIsoUtc(original);
    if (t === undefined) return fieldError('kibana.alert.original_time', `not a valid date/time: ${show(original)}`);
    occurredAt = t;
  }

  return alertOutcome(
    buildAlert({
      source: 'elastic',
      findingUid: str(one(getPath(doc, 'kibana.alert.uuid'))) ?? (source === undefined ? undefined : str(record['_id'])),
      title,
      description: str(one(getFirst(doc, ['kibana.alert.reason', 'signal.reason', 'kibana.alert.rule.description']))),
      severity: severity ?? 'unknown',
      sourceSeverity: sevText ?? (risk === undefined ? undefined : `risk_score ${risk}`),
      ruleId: str(one(getFirst(doc, ['kibana.alert.rule.uuid', 'signal.rule.id']))),
      ruleName: title,
      category: str(one(getFirst(doc, ['event.category', 'kibana.alert.original_event.category']))),
      occurredAt,
      detectedAt,
      observables: elasticObservables(doc),
      attacks: threatAttacks(doc),
      raw: record,
    }),
  );
}

/**
 * `threat[]`: {framework, tactic {id, name}, technique [{id, name, subtechnique [{id, name}]}]}, or the
 * fields API's flattened arrays (`…threat.tactic.id: [...]`), which no longer say which goes with which.
 */
function threatAttacks(doc: JsonRecord): readonly AttackRef[] {
  const threat = getFirst(doc, THREAT);
  if (!Array.isArray(threat)) {
    const base = 'kibana.alert.rule.threat';
    const techniqueIds = [...strs(getPath(doc, `${base}.technique.id`)), ...strs(getPath(doc, `${base}.technique.subtechnique.id`))];
    const techniques = [...strs(getPath(doc, `${base}.technique.name`)), ...strs(getPath(doc, `${base}.technique.subtechnique.name`))];
    return pairAttacks(strs(getPath(doc, `${base}.tactic.id`)), strs(getPath(doc, `${base}.tactic.name`)), techniqueIds, techniques);
  }
  const out: AttackRef[] = [];
  for (const entry of threat) {
    if (!isRecord(entry)) continue;
    const framework = str(entry['framework']);
    if (framework !== undefined && !/att&ck/i.test(framework)) continue;
    const tactic = rec(entry['tactic']);
    const tacticId = tactic?.['id'];
    const tacticName = tactic?.['name'];
    const techniques = Array.isArray(entry['technique']) ? entry['technique'] : [];
    let added = false;
    for (const tech of techniques) {
      if (!isRecord(tech)) continue;
      const subs = Array.isArray(tech['subtechnique']) ? tech['subtechnique'].filter(isRecord) : [];
      const targets = subs.length > 0 ? subs : [tech];
      for (const t of targets) {
        const ref = attackRef({ tacticId, tactic: tacticName, techniqueId: t['id'], technique: t['name'] });
        if (ref !== undefined) {
          pushAttack(out, ref);
          added = true;
        }
      }
    }
    if (!added) pushAttack(out, attackRef({ tacticId, tactic: tacticName }));
  }
  return out;
}
