import type { Alert, AssetContext, AttackRef, Observable } from '../core/alert.ts';
import { severityFromId, severityId } from '../core/severity.ts';
import { fromJson, toJson } from './json-columns.ts';
import type { AlertRow, NewAlertRow } from './schema.ts';

/**
 * An alert ready to store: everything but the sequence number the store assigns. `rawJson`, when the
 * caller already serialised the payload (intake does, for the fingerprint), saves doing it twice.
 */
export type NewAlert = Omit<Alert, 'seq'> & { readonly rawJson?: string };

/** A stored alert without its original payload, as lists return it. */
export type AlertSummary = Omit<Alert, 'raw'>;

/** The stored uniqueness key: the source's own finding uid, else `fp:` and the content fingerprint. */
export function findingKey(alert: Pick<NewAlert, 'findingUid' | 'fingerprint'>): string {
  return alert.findingUid ?? `fp:${alert.fingerprint}`;
}

export function toAlertRow(alert: NewAlert): NewAlertRow {
  return {
    id: alert.id,
    tenant_id: alert.tenantId,
    source: alert.source,
    finding_uid: findingKey(alert),
    fingerprint: alert.fingerprint,
    title: alert.title,
    description: alert.description ?? null,
    severity_id: severityId(alert.severity),
    source_severity: alert.sourceSeverity ?? null,
    rule_id: alert.ruleId ?? null,
    rule_name: alert.ruleName ?? null,
    category: alert.category ?? null,
    occurred_at: Date.parse(alert.occurredAt),
    detected_at: Date.parse(alert.detectedAt),
    received_at: Date.parse(alert.receivedAt),
    observables: jsonList(alert.observables),
    attacks: jsonList(alert.attacks),
    assets: jsonList(alert.assets),
    raw: alert.rawJson ?? toJson(alert.raw),
  };
}

export function toAlertSummary(row: Omit<AlertRow, 'raw'>): AlertSummary {
  const summary: {
    -readonly [K in keyof AlertSummary]: AlertSummary[K];
  } = {
    id: row.id,
    seq: row.seq,
    tenantId: row.tenant_id,
    source: row.source,
    fingerprint: row.fingerprint,
    title: row.title,
    severity: severityFromId(row.severity_id),
    occurredAt: new Date(row.occurred_at).toISOString(),
    detectedAt: new Date(row.detected_at).toISOString(),
    receivedAt: new Date(row.received_at).toISOString(),
    observables: fromJson<Observable[]>(row.observables),
    attacks: fromJson<AttackRef[]>(row.attacks),
    assets: fromJson<AssetContext[]>(row.assets),
  };
  if (!row.finding_uid.startsWith('fp:')) summary.findingUid = row.finding_uid;
  if (row.description !== null) summary.description = row.description;
  if (row.source_severity !== null) summary.sourceSeverity = row.source_severity;
  if (row.rule_id !== null) summary.ruleId = row.rule_id;
  if (row.rule_name !== null) summary.ruleName = row.rule_name;
  if (row.category !== null) summary.category = row.category;
  return summary;
}

export function toAlert(row: AlertRow): Alert {
  return { ...toAlertSummary(row), raw: fromJson<unknown>(row.raw) };
}

/** Most alerts carry no ATT&CK references or asset context: skip serialising the empty lists. */
function jsonList(list: readonly unknown[]): string {
  return list.length === 0 ? '[]' : JSON.stringify(list);
}
