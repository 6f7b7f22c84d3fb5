import type { AttackRef } from '../../core/alert.ts';
import type { Severity } from '../../core/severity.ts';
import { isSeverity } from '../../core/severity.ts';
import type { ParseOutcome, SourceParser } from '../parser.ts';
import { alertOutcome } from '../parser.ts';
import { buildAlert } from './alert-builder.ts';
import { attackRef, pushAttack } from './attack-refs.ts';
import { fieldError, guardedParser } from './guard.ts';
import { ocsfObservables } from './ocsf-observables.ts';
import { ocsfSeverity } from './severity-bands.ts';
import { toIsoUtc } from './time-normalise.ts';
import type { JsonRecord } from './values.ts';
import { isRecord, num, rec, show, str, strs, typeName } from './values.ts';

/**
 * OCSF Detection Finding (class_uid 2004), Vigil's own alert vocabulary. Other classes are refused.
 *
 * - findingUid ← `finding_info.uid`; title ← `finding_info.title` (else `message`); description ←
 *   `finding_info.desc`; ruleId/ruleName ← `finding_info.analytic.uid/name`; category ← `finding_info.types[0]`;
 * - severity ← `severity_id` (one to one), else the `severity` caption;
 * - detectedAt ← `finding_info.created_time`, else `time` (a finding's `time` is when it was created);
 *   occurredAt ← `finding_info.first_seen_time`, else `start_time`, else detectedAt. Timestamps are epoch
 *   milliseconds, or the `*_dt` RFC 3339 siblings of the date/time profile;
 * - ATT&CK ← `finding_info.attacks` and `attacks` (tactic, technique, sub_technique);
 * - observables ← `observables[]`, `device`, `src_endpoint`, `dst_endpoint`, `actor`, `evidences[]`.
 */
export const ocsfParser: SourceParser = guardedParser('ocsf', 'json', parseOcsf);

const DETECTION_FINDING = 2004;
const CLASS_NAMES: Readonly<Record<number, string>> = {
  2001: 'Security Finding', 2002: 'Vulnerability Finding', 2003: 'Compliance Finding', 2005: 'Incident Finding',
  2006: 'Data Security Finding', 2007: 'Application Security Posture Finding',
};

function parseOcsf(record: unknown, receivedAt: string): ParseOutcome {
  if (!isRecord(record)) return fieldError('(record)', `expected an OCSF Detection Finding object, got ${typeName(record)}`);
  const classUid = num(record['class_uid']);
  if (classUid === undefined) return fieldError('class_uid', `missing or not a number (${show(record['class_uid'])}); expected 2004 (Detection Finding)`);
  if (classUid !== DETECTION_FINDING) {
    const name = CLASS_NAMES[classUid];
    return fieldError('class_uid', `${classUid}${name === undefined ? '' : ` (${name})`} is not accepted; only 2004 (Detection Finding) is`);
  }
  const info = rec(record['finding_info']);
  if (info === undefined) return fieldError('finding_info', `expected an object, got ${typeName(record['finding_info'])}`);
  const title = str(info['title']) ?? str(record['message']);
  if (title === undefined) return fieldError('finding_info.title', 'missing (and no message to use instead)');

  const severity = findingSeverity(record);
  if (typeof severity === 'object') return severity;

  const created = timeOf(info, 'created_time', 'finding_info.');
  if (created.error !== undefined) return created.error;
  const time = timeOf(record, 'time');
  if (time.error !== undefined) return time.error;
  const detectedAt = created.iso ?? time.iso ?? receivedAt;
  const firstSeen = timeOf(info, 'first_seen_time', 'finding_info.');
  if (firstSeen.error !== undefined) return firstSeen.error;
  const start = timeOf(record, 'start_time');
  if (start.error !== undefined) return start.error;

  const analytic = rec(info['analytic']);
  const types = strs(info['types']);
  return alertOutcome(
    buildAlert({
      source: 'ocsf',
      findingUid: str(info['uid']),
      title,
      description: str(info['desc']),
      severity,
      sourceSeverity: str(record['severity']) ?? str(record['severity_id']),
      ruleId: analytic === undefined ? undefined : str(analytic['uid']),
      ruleName: analytic === undefined ? undefined : str(analytic['name']),
      category: types[0],
      occurredAt: firstSeen.iso ?? start.iso ?? detectedAt,
      detectedAt,
      observables: ocsfObservables(record),
      attacks: ocsfAttacks(info['attacks'], record['attacks']),
      raw: record,
    }),
  );
}

function findingSeverity(record: JsonRecord): Severity | ParseOutcome {
  const raw = record['severity_id'];
  if (raw !== undefined) {
    const id = num(raw);
    const sev = id === undefined ? undefined : ocsfSeverity(id);
    return sev ?? fieldError('severity_id', `expected 0–6 or 99, got ${show(raw)}`);
  }
  const caption = str(record['severity'])?.toLowerCase();
  if (caption !== undefined && isSeverity(caption)) return caption;
  return fieldError('severity_id', 'missing (required by OCSF; 0–6 or 99)');
}

/** A timestamp attribute (`x` as epoch ms, or `x_dt` as RFC 3339); an unparseable value is an error. */
function timeOf(obj: JsonRecord, key: string, prefix = ''): { iso?: string; error?: ParseOutcome } {
  const path = `${prefix}${key}`;
  const ms = obj[key];
  if (ms !== undefined && ms !== null) {
    const iso = toIsoUtc(ms);
    return iso === undefined ? { error: fieldError(path, `not a valid timestamp: ${show(ms)}`) } : { iso };
  }
  const dt = obj[`${key}_dt`];
  if (dt !== undefined && dt !== null) {
    const iso = toIsoUtc(dt);
    return iso === undefined ? { error: fieldError(`${path}_dt`, `not a valid date/time: ${show(dt)}`) } : { iso };
  }
  return {};
}

/** attack objects: {tactic {uid, name}, technique {uid, name}, sub_technique {uid, name}, tactics [] (older)}. */
function ocsfAttacks(...lists: unknown[]): readonly AttackRef[] {
  const out: AttackRef[] = [];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const a of list) {
      if (!isRecord(a)) continue;
      const sub = rec(a['sub_technique']);
      const tech = sub ?? rec(a['technique']);
      const single = rec(a['tactic']);
      const several = Array.isArray(a['tactics']) ? a['tactics'].filter(isRecord) : [];
      const tactics: (JsonRecord | undefined)[] = single !== undefined ? [single] : several.length > 0 ? several : [undefined];
      for (const tactic of tactics) {
        pushAttack(
          out,
          attackRef({ tacticId: tactic?.['uid'], tactic: tactic?.['name'], techniqueId: tech?.['uid'], technique: tech?.['name'] }),
        );
      }
    }
  }
  return out;
}
