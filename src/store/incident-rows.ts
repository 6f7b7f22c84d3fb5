import type { Verdict } from '../core/verdict.ts';
import type { HourBand, Incident, IncidentStatus, Priority, Tier } from '../workflow/incident.ts';
import { fromJson, toJson } from './json-columns.ts';
import type { IncidentRow, IncidentsTable } from './schema.ts';

export function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    number: row.number,
    title: row.title,
    status: row.status as IncidentStatus,
    tier: row.tier as Tier,
    priority: row.priority as Priority,
    priorityReasons: fromJson<string[]>(row.priority_reasons),
    severityId: row.severity_id,
    assigneeId: row.assignee_id,
    verdict: row.verdict as Verdict | null,
    alertCount: row.alert_count,
    firstOccurredAt: row.first_occurred_at,
    firstDetectedAt: row.first_detected_at,
    lastAlertAt: row.last_alert_at,
    createdAt: row.created_at,
    createdBand: row.created_band as HourBand,
    firstHumanActionAt: row.first_human_action_at,
    acknowledgedAt: row.acknowledged_at,
    containedAt: row.contained_at,
    resolvedAt: row.resolved_at,
    ackDueAt: row.ack_due_at,
    resolveDueAt: row.resolve_due_at,
    ackBreachedAt: row.ack_breached_at,
    resolveBreachedAt: row.resolve_breached_at,
    handoverFlaggedAt: row.handover_flagged_at,
    mergedInto: row.merged_into,
    triageScore: row.triage_score,
    entityKeys: fromJson<string[]>(row.entity_keys),
    ruleKeys: fromJson<string[]>(row.rule_keys),
    version: row.version,
  };
}

/** Column values of an incident; `resolvedByKind` and the warning stamps live only in the row. */
export function toIncidentRow(
  incident: Incident,
  extra: { resolvedByKind?: string | null; ackWarnedAt?: number | null; resolveWarnedAt?: number | null; updatedAt: number },
): IncidentsTable {
  return {
    id: incident.id,
    tenant_id: incident.tenantId,
    number: incident.number,
    title: incident.title,
    status: incident.status,
    tier: incident.tier,
    priority: incident.priority,
    priority_reasons: toJson(incident.priorityReasons),
    severity_id: incident.severityId,
    assignee_id: incident.assigneeId,
    verdict: incident.verdict,
    resolved_by_kind: extra.resolvedByKind ?? null,
    alert_count: incident.alertCount,
    first_occurred_at: incident.firstOccurredAt,
    first_detected_at: incident.firstDetectedAt,
    last_alert_at: incident.lastAlertAt,
    created_at: incident.createdAt,
    created_band: incident.createdBand,
    first_human_action_at: incident.firstHumanActionAt,
    acknowledged_at: incident.acknowledgedAt,
    contained_at: incident.containedAt,
    resolved_at: incident.resolvedAt,
    ack_due_at: incident.ackDueAt,
    resolve_due_at: incident.resolveDueAt,
    ack_warned_at: extra.ackWarnedAt ?? null,
    resolve_warned_at: extra.resolveWarnedAt ?? null,
    ack_breached_at: incident.ackBreachedAt,
    resolve_breached_at: incident.resolveBreachedAt,
    handover_flagged_at: incident.handoverFlaggedAt,
    merged_into: incident.mergedInto,
    triage_score: incident.triageScore,
    entity_keys: toJson(incident.entityKeys),
    rule_keys: toJson(incident.ruleKeys),
    version: incident.version,
    updated_at: extra.updatedAt,
  };
}

/** The columns an incident update may change, in the row's names. */
export function incidentPatch(patch: Partial<Incident>): Partial<IncidentsTable> {
  const out: Partial<IncidentsTable> = {};
  const map: Partial<Record<keyof Incident, keyof IncidentsTable>> = {
    title: 'title',
    status: 'status',
    tier: 'tier',
    priority: 'priority',
    severityId: 'severity_id',
    assigneeId: 'assignee_id',
    verdict: 'verdict',
    alertCount: 'alert_count',
    firstOccurredAt: 'first_occurred_at',
    firstDetectedAt: 'first_detected_at',
    lastAlertAt: 'last_alert_at',
    firstHumanActionAt: 'first_human_action_at',
    acknowledgedAt: 'acknowledged_at',
    containedAt: 'contained_at',
    resolvedAt: 'resolved_at',
    ackDueAt: 'ack_due_at',
    resolveDueAt: 'resolve_due_at',
    ackBreachedAt: 'ack_breached_at',
    resolveBreachedAt: 'resolve_breached_at',
    handoverFlaggedAt: 'handover_flagged_at',
    mergedInto: 'merged_into',
    triageScore: 'triage_score',
  };
  for (const [key, value] of Object.entries(patch) as [keyof Incident, unknown][]) {
    const column = map[key];
    if (column !== undefined) (out as Record<string, unknown>)[column] = value;
  }
  if (patch.priorityReasons !== undefined) out.priority_reasons = toJson(patch.priorityReasons);
  if (patch.entityKeys !== undefined) out.entity_keys = toJson(patch.entityKeys);
  if (patch.ruleKeys !== undefined) out.rule_keys = toJson(patch.ruleKeys);
  return out;
}
