import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.ts';
import { WakeableLoop } from '../core/wakeable-loop.ts';
import type { AlertSummary, Database, NewTimelineEvent, Store } from '../store/index.ts';
import { WORKFLOW_ACTOR } from './actors.ts';
import { chooseIncident, toGroupable, type GroupCandidate } from './grouping.ts';
import type { IncidentChange, IncidentFeed } from './incident-feed.ts';
import { PRIORITY_LOAD } from './incident.ts';
import type { OnDutyAnalyst, OnDutySource } from './on-duty.ts';
import { chooseAssignee, loadByAssignee } from './routing.ts';
import type { TenantContext, TenantContexts } from './tenant-context.ts';
import { WorkingIncident } from './working-incident.ts';

class ConcurrentChange extends Error {}

export interface RouterOptions {
  readonly consumer?: string;
  readonly batchSize?: number;
  readonly pollMs?: number;
}

/**
 * Follows the alert sequence in the store and turns alerts into incidents: groups each alert into an
 * open incident that shares an entity (or opens one), sets priority and queue, assigns new incidents to
 * the least-loaded on-duty analyst of the queue's tier, and writes it all with the timeline and the new
 * position in one transaction: an alert is routed exactly once, even across restarts and workers.
 */
export class AlertRouter {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly contexts: TenantContexts;
  private readonly onDuty: OnDutySource;
  private readonly feed: IncidentFeed;
  private readonly consumer: string;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private loop: WakeableLoop | undefined;

  constructor(
    deps: { store: Store; clock: Clock; contexts: TenantContexts; onDuty: OnDutySource; feed: IncidentFeed },
    options: RouterOptions = {},
  ) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.contexts = deps.contexts;
    this.onDuty = deps.onDuty;
    this.feed = deps.feed;
    this.consumer = options.consumer ?? 'workflow.alert-router';
    this.batchSize = options.batchSize ?? 2_000;
    this.pollMs = options.pollMs ?? 1_000;
  }

  /** Polls, and routes at once whenever `wake()` says intake stored something. */
  start(onError: (error: unknown) => void = () => undefined): void {
    this.loop = new WakeableLoop(() => this.drain(), onError);
    this.loop.start(this.pollMs);
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  wake(): void {
    this.loop?.wake();
  }

  /** Routes everything pending; resolves with how many alerts were routed. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  /** Routes one batch. A conflict with a concurrent writer rolls back and retries the batch. */
  async runOnce(): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.routeBatch();
      } catch (error) {
        if (!(error instanceof ConcurrentChange) || attempt >= 5) throw error;
      }
    }
  }

  private async routeBatch(): Promise<number> {
    const from = await this.store.offsets.get(this.consumer);
    const now = this.clock.now().getTime();
    const settle = this.store.handle.caps.sequenceSettleMs;
    const alerts = await this.store.alerts.afterSeq(from, this.batchSize, settle > 0 ? now - settle : undefined);
    const last = alerts.at(-1);
    if (last === undefined) return 0;

    const byTenant = new Map<string, AlertSummary[]>();
    for (const alert of alerts) {
      const list = byTenant.get(alert.tenantId) ?? [];
      list.push(alert);
      byTenant.set(alert.tenantId, list);
    }
    // Everything read outside the transaction is read first: on SQLite the transaction holds the only
    // connection, so a read through the plain handle inside it would wait forever.
    const prepared: { ctx: TenantContext; onDuty: OnDutyAnalyst[]; alerts: AlertSummary[] }[] = [];
    for (const [tenantId, tenantAlerts] of byTenant) {
      prepared.push({ ctx: await this.contexts.get(tenantId, now), onDuty: await this.onDuty.onDuty(tenantId, now), alerts: tenantAlerts });
    }
    const changes: IncidentChange[] = [];
    await this.store.handle.db.transaction().execute(async (trx) => {
      for (const p of prepared) changes.push(...(await this.routeTenant(trx, p.ctx, p.onDuty, p.alerts, now)));
      if (!(await this.store.offsets.advance(trx, this.consumer, from, last.seq, now))) throw new ConcurrentChange();
    });
    this.feed.publish(changes);
    return alerts.length;
  }

  private async routeTenant(
    trx: Kysely<Database>,
    ctx: TenantContext,
    onDuty: readonly OnDutyAnalyst[],
    alerts: readonly AlertSummary[],
    now: number,
  ): Promise<IncidentChange[]> {
    const tenantId = ctx.tenantId;
    const rules = ctx.settings.grouping;
    const groupables = alerts.map((a) => toGroupable(a, rules));
    const keys = new Set(groupables.flatMap((g) => g.entityKeys));
    const earliest = Math.min(...groupables.map((g) => g.occurredAtMs));
    const working = new Map<string, WorkingIncident>();
    const index = new Map<string, Set<string>>();
    const indexKeys = (w: WorkingIncident, entityKeys: Iterable<string>) => {
      for (const key of entityKeys) {
        const set = index.get(key) ?? new Set<string>();
        set.add(w.id);
        index.set(key, set);
      }
    };

    const candidates = await this.store.incidents.candidates(trx, tenantId, [...keys], earliest - rules.windowMinutes * 60_000);
    for (const c of candidates) {
      const incident = await this.store.incidents.get(tenantId, c.id, trx);
      if (incident === undefined) continue;
      const w = WorkingIncident.fromStored(incident);
      working.set(w.id, w);
      indexKeys(w, incident.entityKeys);
    }

    const fresh: WorkingIncident[] = [];
    alerts.forEach((alert, i) => {
      const g = groupables[i];
      if (g === undefined) return;
      const pool: GroupCandidate[] = [];
      const seen = new Set<string>();
      for (const key of g.entityKeys) {
        for (const id of index.get(key) ?? []) {
          if (seen.has(id)) continue;
          seen.add(id);
          const w = working.get(id);
          if (w !== undefined) pool.push(w.asCandidate());
        }
      }
      const chosen = chooseIncident(g, pool, rules);
      let target = chosen === undefined ? undefined : working.get(chosen.id);
      if (target === undefined) {
        target = WorkingIncident.fresh(now);
        working.set(target.id, target);
        fresh.push(target);
      }
      target.add(alert, g.entityKeys, g.ruleKey);
      indexKeys(target, g.entityKeys);
    });

    const events: NewTimelineEvent[] = [];
    const changes: IncidentChange[] = [];
    const event = (incidentId: string, type: string, data: Record<string, unknown>) =>
      events.push({ tenantId, incidentId, at: now, type, actor: WORKFLOW_ACTOR, data });

    if (fresh.length > 0) {
      const load = loadByAssignee(await this.store.incidents.openLoad(tenantId, trx));
      for (const w of fresh) {
        const number = await this.store.incidents.nextNumber(trx, tenantId);
        const draft = w.create(ctx, number, now, null);
        const assignee = chooseAssignee(onDuty, draft.tier, load, now);
        const incident = assignee === undefined ? draft : { ...draft, assigneeId: assignee.userId };
        if (assignee !== undefined) load.set(assignee.userId, (load.get(assignee.userId) ?? 0) + PRIORITY_LOAD[incident.priority]);
        await this.store.incidents.insert(trx, incident, now);
        await this.store.incidents.addAlerts(trx, tenantId, incident.id, w.added, now);
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
        if (assignee !== undefined) {
          event(incident.id, 'assigned', { assigneeId: assignee.userId, tier: incident.tier, reason: 'least-loaded analyst on duty for this tier' });
        } else {
          event(incident.id, 'unassigned', { tier: incident.tier, reason: `nobody of tier ${incident.tier} is on duty: waiting in the ${incident.tier} queue` });
        }
        changes.push({ tenantId, incidentId: incident.id, number: incident.number, type: 'created', at: now });
      }
    }

    for (const w of working.values()) {
      if (w.stored === undefined || w.added.length === 0) continue;
      const patch = w.patch(ctx);
      if (!(await this.store.incidents.update(trx, w.stored, patch, now))) throw new ConcurrentChange();
      await this.store.incidents.addAlerts(trx, tenantId, w.id, w.added, now);
      await this.store.incidents.linkEntities(trx, tenantId, w.id, [...w.newEntityKeys]);
      event(w.id, 'alerts_grouped', { count: w.added.length, alertIds: w.added.slice(0, 50).map((a) => a.id), ruleKeys: [...new Set(w.added.map((a) => `${a.source}:${a.ruleId ?? a.title}`))] });
      if (patch.priority !== undefined) {
        event(w.id, 'priority_changed', { from: w.stored.priority, to: patch.priority, reasons: patch.priorityReasons ?? [] });
      }
      changes.push({ tenantId, incidentId: w.id, number: w.stored.number, type: 'alerts_grouped', at: now });
    }
    await this.store.timeline.append(trx, events);
    return changes;
  }
}
