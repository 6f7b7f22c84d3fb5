import type { AttackRef, Observable } from '../../core/alert.ts';
import { userError } from '../../core/errors.ts';
import type { Severity } from '../../core/severity.ts';
import { isSeverity } from '../../core/severity.ts';
import type { ParseOutcome, SourceParser } from '../parser.ts';
import { alertOutcome } from '../parser.ts';
import { buildAlert } from './alert-builder.ts';
import { isTacticId, isTechniqueId, pairAttacks } from './attack-refs.ts';
import { getPath, one } from './field-path.ts';
import { fieldError, guardedParser } from './guard.ts';
import type { FieldMapping, MappingFieldName } from './mapping-schema.ts';
import { validateMapping } from './mapping-schema.ts';
import type { ObservableAdder } from './observables.ts';
import { ObservableSet } from './observables.ts';
import { toIsoUtc } from './time-normalise.ts';
import type { JsonRecord } from './values.ts';
import { isRecord, show, str, strs, typeName } from './values.ts';

const OBSERVABLE_FIELDS: readonly (readonly [MappingFieldName, ObservableAdder, Observable['role']])[] = [
  ['host', 'host', 'device'], ['hostIp', 'address', 'device'],
  ['srcIp', 'address', 'src'], ['srcPort', 'port', 'src'], ['srcHost', 'host', 'src'],
  ['dstIp', 'address', 'dst'], ['dstPort', 'port', 'dst'], ['dstHost', 'host', 'dst'],
  ['user', 'user', 'actor'], ['srcUser', 'user', 'actor'], ['dstUser', 'user', 'target'],
  ['url', 'url', 'dst'], ['domain', 'domain', 'dst'], ['file', 'file', 'target'], ['hash', 'hashes', 'target'],
  ['process', 'process', 'actor'], ['commandLine', 'command_line', 'actor'], ['userAgent', 'user_agent', 'src'],
];

/**
 * A parser for generic JSON from a declarative mapping (see mapping-schema.ts). Throws a user error
 * (`invalid_mapping`, listing every problem) when the mapping itself is wrong: that is a config error,
 * found at start-up. The parser it returns never throws.
 */
export function createMappingParser(input: unknown): SourceParser {
  const checked = validateMapping(input);
  if (!checked.ok) {
    const name = isRecord(input) && typeof input['name'] === 'string' ? ` "${input['name']}"` : '';
    throw userError('invalid_mapping', `field mapping${name} is invalid: ${checked.errors.join('; ')}`, 400, checked.errors);
  }
  const m = checked.mapping;
  const severityMap = new Map<string, Severity>();
  for (const [k, v] of Object.entries(m.severityMap ?? {})) severityMap.set(k.toLowerCase(), v);
  return guardedParser(m.name, 'json', (record, receivedAt) => parseMapped(m, severityMap, record, receivedAt));
}

function pathsOf(m: FieldMapping, field: MappingFieldName): readonly string[] {
  const p = m.fields[field];
  return p === undefined ? [] : typeof p === 'string' ? [p] : p;
}

/** The first configured path with a value, and which path it was. */
function lookup(m: FieldMapping, doc: JsonRecord, field: MappingFieldName): { value: unknown; path: string } | undefined {
  for (const p of pathsOf(m, field)) {
    const v = getPath(doc, p);
    if (v !== undefined && v !== null && v !== '') return { value: v, path: p };
  }
  return undefined;
}

function text(m: FieldMapping, doc: JsonRecord, field: MappingFieldName): string | undefined {
  const found = lookup(m, doc, field);
  return found === undefined ? undefined : str(one(found.value));
}

function parseMapped(m: FieldMapping, severityMap: ReadonlyMap<string, Severity>, record: unknown, receivedAt: string): ParseOutcome {
  if (!isRecord(record)) return fieldError('(record)', `expected a JSON object, got ${typeName(record)}`);
  const titleAt = lookup(m, record, 'title');
  const title = titleAt === undefined ? m.defaults?.title : str(one(titleAt.value));
  if (title === undefined) {
    const where = pathsOf(m, 'title').join(' | ');
    return fieldError(where, `missing: the title (mapping "${m.name}")${titleAt === undefined ? '' : `, got ${show(titleAt.value)}`}`);
  }

  let severity: Severity | undefined = m.defaults?.severity;
  const sevAt = lookup(m, record, 'severity');
  if (sevAt !== undefined) {
    const key = str(one(sevAt.value))?.toLowerCase();
    const mapped = key === undefined ? undefined : severityMap.get(key) ?? (isSeverity(key) ? key : undefined);
    if (mapped === undefined) {
      const known = [...severityMap.keys()];
      return fieldError(sevAt.path, `severity ${show(sevAt.value)} is not in the mapping's severityMap${known.length > 0 ? ` (${known.join(', ')})` : ''} nor a Vigil severity`);
    }
    severity = mapped;
  } else if (severity === undefined) {
    if (pathsOf(m, 'severity').length > 0) return fieldError(pathsOf(m, 'severity').join(' | '), `missing: the severity (mapping "${m.name}" has no defaults.severity)`);
    severity = 'unknown';
  }

  const options = m.timeZone === undefined ? { referenceMs: Date.parse(receivedAt) } : { referenceMs: Date.parse(receivedAt), zone: m.timeZone };
  const times: Partial<Record<'occurredAt' | 'detectedAt', string>> = {};
  for (const field of ['occurredAt', 'detectedAt'] as const) {
    const at = lookup(m, record, field);
    if (at === undefined) continue;
    const iso = toIsoUtc(one(at.value), options);
    if (iso === undefined) return fieldError(at.path, `not a valid date/time: ${show(at.value)}`);
    times[field] = iso;
  }

  return alertOutcome(
    buildAlert({
      source: m.name,
      findingUid: text(m, record, 'findingUid'),
      title,
      description: text(m, record, 'description'),
      severity,
      sourceSeverity: sevAt === undefined ? undefined : str(one(sevAt.value)),
      ruleId: text(m, record, 'ruleId'),
      ruleName: text(m, record, 'ruleName'),
      category: text(m, record, 'category') ?? m.defaults?.category,
      occurredAt: times.occurredAt ?? times.detectedAt ?? receivedAt,
      detectedAt: times.detectedAt ?? times.occurredAt ?? receivedAt,
      observables: mappedObservables(m, record),
      attacks: mappedAttacks(m, record),
      raw: record,
    }),
  );
}

function mappedObservables(m: FieldMapping, doc: JsonRecord): readonly Observable[] {
  const obs = new ObservableSet();
  for (const [field, adder, role] of OBSERVABLE_FIELDS) {
    const at = lookup(m, doc, field);
    if (at === undefined) continue;
    for (const value of Array.isArray(at.value) ? at.value : [at.value]) {
      obs.put(adder, value, role);
    }
  }
  return obs.toArray();
}

/** `tactic` / `technique` fields may hold ids (TA0001, T1059.001) or names; each is sorted by its shape. */
function mappedAttacks(m: FieldMapping, doc: JsonRecord): readonly AttackRef[] {
  const tactics = strs(lookup(m, doc, 'tactic')?.value);
  const techniques = strs(lookup(m, doc, 'technique')?.value);
  if (tactics.length === 0 && techniques.length === 0) return [];
  return pairAttacks(
    tactics.filter(isTacticId),
    tactics.filter((t) => !isTacticId(t)),
    techniques.filter(isTechniqueId),
    techniques.filter((t) => !isTechniqueId(t)),
  );
}
