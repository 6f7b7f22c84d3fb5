import type { Kysely } from 'kysely';
import type { AlertSummary, Database, NewTimelineEvent, Store } from '../store/index.ts';
import { toTimelineEvent, type TriageCandidate, type TriageDecision, type TriageEngine } from '../triage/index.ts';
import { TRIAGE_ACTOR, WORKFLOW_ACTOR } from './actors.ts';
import { chooseIncident, toGroupable, type GroupableAlert } from './grouping.ts';
import { PRIORITY_LOAD, type Incident } from './incident.ts';
import type { IncidentChange } from './incident-feed.ts';
import type { OnDutyAnalyst } from './on-duty.ts';
import { chooseAssignee, loadByAssignee } from './routing.ts';
import type { TenantContext } from './tenant-context.ts';
import { WorkingIncident } from './working-incident.ts';

/** A concurrent writer changed an incident this batch read: the caller rolls back and retries. */
export class ConcurrentChange extends Error {}

export interface TenantBatch {
  readonly ctx: TenantContext;
  readonly onDuty: readonly OnDutyAnalyst[];
  /** The tenant's AI triage, when on. */
  readonly engine: TriageEngine | undefined;
  readonly alerts: readonly AlertSummary[];
  readonly now: number;
}

/**
 * Routes one tenant's alerts inside the caller's transaction. Each alert is triaged (when triage is on),
 * then grouped into an open incident sharing an entity, or a new one. Alerts the AI closes (where trusted)
 * go into incidents resolved by the AI, one per rule and entity; a sampled few go to people for quality
 * review; every AI decision is on the timeline with actor kind `ai`.
 */
export async function routeTenantBatch(store: Store, trx: Kysely<Database>, batch: TenantBatch): Promise<IncidentChange[]> {
  const { ctx, engine, now } = batch;
  const tenantId = ctx.tenantId;
  const rules = ctx.settings.grouping;
  const groupables = batch.alerts.map((a) => toGroupable(a, rules));
  const working = new Map<string, WorkingIncident>();
  const index = new Map<string, Set<string>>();
  const indexKeys = (w: WorkingIncident, keys: Iterable<string>) => {
    for (const key of keys) index.set(key, (index.get(key) ?? new Set<string>()).add(w.id));
  };
  const keys = new Set(groupables.flatMap((g) => g.entityKeys));
  const earliest = Math.min(...groupables.map((g) => g.occurredAtMs));
  for (const c of await store.incidents.candidates(trx, tenantId, [...keys], earliest - rules.windowMinutes * 60_000)) {
    const incident = await store.incidents.get(tenantId, c.id, trx);
    if (incident === undefined) continue;
    const w = WorkingIncident.fromStored(incident);
    working.set(w.id, w);
    indexKeys(w, incident.entityKeys);
  }
  const poolFor = (g: GroupableAlert): TriageCandidate[] => {
    const ids = new Set(g.entityKeys.flatMap((key) => [...(index.get(key) ?? [])]));
    return [...ids].flatMap((id) => {
      const w = working.get(id);
      return w === undefined ? [] : [w.asCandidate()];
    });
  };

  const fresh: WorkingIncident[] = [];
  const placeInIncident = (alert: AlertSummary, g: GroupableAlert, preferred?: string): WorkingIncident => {
    const pool = poolFor(g);
    const chosen = (preferred === undefined ? undefined : pool.find((c) => c.id === preferred)) ?? chooseIncident(g, pool, rules);
    let target = chosen === undefined ? undefined : working.get(chosen.id);
    if (target === undefined) {
      target = WorkingIncident.fresh(now);
      working.set(target.id, target);
      fresh.push(target);
    }
    target.add(alert, g.entityKeys, g.ruleKey);
    indexKeys(target, g.entityKeys);
    return target;
  };

  const decisions: { d: TriageDecision; incidentId: string }[] = [];
  const autoClosed = new Map<string, WorkingIncident>();
  const reviews: WorkingIncident[] = [];
  const reopen = new Set<string>();
  batch.alerts.forEach((alert, i) => {
    const g = groupables[i];
    if (g === undefined) return;
    const d = engine?.triage(alert, { candidates: poolFor(g) });
    for (const r of d?.reopen ?? []) reopen.add(r.alertId);
    if (d !== undefined && d.action === 'auto-close') {
      // A quality-review sample goes to people alone; the rest close in one AI incident per rule and entity.
      const key = `${g.ruleKey}|${g.entityKeys[0] ?? ''}`;
      const closed = d.qualityReview ? WorkingIncident.fresh(now) : (autoClosed.get(key) ?? WorkingIncident.fresh(now));
      if (d.qualityReview) reviews.push(closed);
      else autoClosed.set(key, closed);
      closed.add(alert, g.entityKeys, g.ruleKey);
      closed.noteTriage(d.score, undefined);
      decisions.push({ d, incidentId: closed.id });
      return;
    }
    const target = placeInIncident(alert, g, d?.incidentId);
    if (d !== undefined) {
      target.noteTriage(d.score, d.action === 'escalate' ? (d.priority === 'critical' ? 'critical' : 'high') : undefined);
      decisions.push({ d, incidentId: target.id });
    }
  });
  // Look-back: alerts the AI closed minutes ago that a new watch makes suspicious go back to people.
  const reopened = reopen.size === 0 ? [] : await store.alerts.getMany(tenantId, [...reopen], trx);
  for (const alert of reopened) placeInIncident(alert, toGroupable(alert, rules));

  const events: NewTimelineEvent[] = [];
  const changes: IncidentChange[] = [];
  const event = (incidentId: string, type: string, data: Record<string, unknown>, actor = WORKFLOW_ACTOR) =>
    events.push({ tenantId, incidentId, at: now, type, actor, data });

  const load = loadByAssignee(await store.incidents.openLoad(tenantId, trx));
  for (const w of [...fresh, ...reviews]) {
    const number = await store.incidents.nextNumber(trx, tenantId);
    const draft = w.create(ctx, number, now, null);
    const assignee = chooseAssignee(batch.onDuty, draft.tier, load, now);
    const incident: Incident = assignee === undefined ? draft : { ...draft, assigneeId: assignee.userId };
    if (assignee !== undefined) load.set(assignee.userId, (load.get(assignee.userId) ?? 0) + PRIORITY_LOAD[incident.priority]);
    await store.incidents.insert(trx, incident, now);
    await store.incidents.addAlerts(trx, tenantId, incident.id, w.added, now);
    event(incident.id, 'created', {
      alertCount: w.added.length,
      alertIds: w.added.slice(0, 50).map((a) => a.id),
      priority: incident.priority,
      priorityReasons: incident.priorityReasons,
      tier: incident.tier,
      band: incident.createdBand,
      ackDueAt: incident.ackDueAt,
      resolveDueAt: incident.resolveDueAt,
    });
    if (reviews.includes(w)) {
      event(incident.id, 'quality_review_requested', { reason: 'the AI would have closed this alert as benign; a random sample goes to a person so its missed-attack rate is measured' }, TRIAGE_ACTOR);
    }
    if (assignee !== undefined) event(incident.id, 'assigned', { assigneeId: assignee.userId, tier: incident.tier, reason: 'least-loaded analyst on duty for this tier' });
    else event(incident.id, 'unassigned', { tier: incident.tier, reason: `nobody of tier ${incident.tier} is on duty: waiting in the ${incident.tier} queue` });
    changes.push({ tenantId, incidentId: incident.id, number: incident.number, type: 'created', at: now });
  }

  for (const w of working.values()) {
    if (w.stored === undefined || w.added.length === 0) continue;
    const patch = w.patch(ctx);
    if (!(await store.incidents.update(trx, w.stored, patch, now))) throw new ConcurrentChange();
    await store.incidents.addAlerts(trx, tenantId, w.id, w.added, now);
    await store.incidents.linkEntities(trx, tenantId, w.id, [...w.newEntityKeys]);
    event(w.id, 'alerts_grouped', { count: w.added.length, alertIds: w.added.slice(0, 50).map((a) => a.id), ruleKeys: [...new Set(w.added.map((a) => `${a.source}:${a.ruleId ?? a.title}`))] });
    if (patch.priority !== undefined) event(w.id, 'priority_changed', { from: w.stored.priority, to: patch.priority, reasons: patch.priorityReasons ?? [] });
    changes.push({ tenantId, incidentId: w.id, number: w.stored.number, type: 'alerts_grouped', at: now });
  }

  for (const w of autoClosed.values()) {
    const number = await store.incidents.nextNumber(trx, tenantId);
    const draft = w.create(ctx, number, now, null);
    const closed: Incident = { ...draft, status: 'resolved', verdict: 'benign', resolvedAt: now };
    await store.incidents.insert(trx, closed, now, 'ai');
    await store.incidents.addAlerts(trx, tenantId, closed.id, w.added, now);
    event(closed.id, 'created', { alertCount: w.added.length, alertIds: w.added.slice(0, 50).map((a) => a.id), priority: closed.priority, tier: closed.tier, band: closed.createdBand });
    event(closed.id, 'closed', { verdict: 'benign', note: 'closed by AI triage: every alert scored as benign in a class trusted to close on its own' }, TRIAGE_ACTOR);
    changes.push({ tenantId, incidentId: closed.id, number, type: 'ai_closed', at: now });
  }

  for (const { d, incidentId } of decisions) event(incidentId, 'ai_decision', { alertId: d.alertId, ...toTimelineEvent(d).data }, TRIAGE_ACTOR);
  await store.timeline.append(trx, events);
  if (decisions.length > 0) {
    await store.triage.saveDecisions(
      trx,
      tenantId,
      decisions.map(({ d }) => ({
        alertId: d.alertId,
        at: d.record.at,
        score: d.score,
        decision: d.decision,
        action: d.action,
        enforced: d.enforced,
        qualityReview: d.qualityReview,
        modelVersion: d.modelVersion,
        classKey: d.classKey,
        record: d.record,
      })),
    );
  }
  return changes;
}
