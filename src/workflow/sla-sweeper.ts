import type { Clock } from '../core/clock.ts';
import type { NewTimelineEvent, Store } from '../store/index.ts';
import { WORKFLOW_ACTOR } from './actors.ts';
import type { Incident } from './incident.ts';
import type { IncidentChange, IncidentFeed } from './incident-feed.ts';
import type { IncidentNotification, Notifier } from './notifier.ts';
import type { OnDutySource } from './on-duty.ts';
import { chooseAssignee, loadByAssignee, nextTier } from './routing.ts';
import type { BreachAction } from './settings.ts';
import type { TenantContext, TenantContexts } from './tenant-context.ts';

type Clock_ = 'acknowledge' | 'resolve';

/**
 * Runs the SLA clocks and the shift hand-over check. Due times are stored on each incident, so clocks
 * survive restarts: every sweep looks at what is due now, warns before a breach, and on a breach does
 * what the tenant configured (escalate to the next tier, alert the managers, notify). It also flags
 * incidents whose assignee has gone off duty and hands them to someone on shift.
 */
export class SlaSweeper {
  private readonly deps: { store: Store; clock: Clock; contexts: TenantContexts; onDuty: OnDutySource; feed: IncidentFeed; notifier: Notifier };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(deps: { store: Store; clock: Clock; contexts: TenantContexts; onDuty: OnDutySource; feed: IncidentFeed; notifier: Notifier }) {
    this.deps = deps;
  }

  start(intervalMs = 15_000): void {
    const tick = () => {
      if (this.running !== undefined) return;
      this.running = this.runOnce()
        .catch(() => undefined)
        .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running;
  }

  /** One sweep at the clock's now; returns the events it recorded. */
  async runOnce(): Promise<NewTimelineEvent[]> {
    const now = this.deps.clock.now().getTime();
    const recorded: NewTimelineEvent[] = [];
    const due = await this.deps.store.incidents.dueForSla(now, 60 * 60_000);
    for (const { incident, ackWarned, resolveWarned } of due) {
      const ctx = await this.deps.contexts.get(incident.tenantId, now);
      recorded.push(...(await this.sweepIncident(ctx, incident, now, ackWarned, resolveWarned)));
    }
    for (const tenantId of await this.deps.store.incidents.tenantsWithOpenIncidents()) {
      recorded.push(...(await this.handOver(tenantId, now)));
    }
    return recorded;
  }

  private async sweepIncident(ctx: TenantContext, incident: Incident, now: number, ackWarned: boolean, resolveWarned: boolean): Promise<NewTimelineEvent[]> {
    const warnLead = ctx.settings.warnBeforeMinutes * 60_000;
    const clocks: { clock: Clock_; dueAt: number; warned: boolean; actions: readonly BreachAction[] }[] = [];
    if (incident.acknowledgedAt === null && incident.ackBreachedAt === null) {
      clocks.push({ clock: 'acknowledge', dueAt: incident.ackDueAt, warned: ackWarned, actions: ctx.settings.onAckBreach });
    }
    if (incident.resolveBreachedAt === null) {
      clocks.push({ clock: 'resolve', dueAt: incident.resolveDueAt, warned: resolveWarned, actions: ctx.settings.onResolveBreach });
    }
    const events: NewTimelineEvent[] = [];
    const notifications: IncidentNotification[] = [];
    let patch: Partial<Incident> = {};
    const extra: { ackWarnedAt?: number; resolveWarnedAt?: number } = {};
    const event = (type: string, data: Record<string, unknown>) => events.push({ tenantId: incident.tenantId, incidentId: incident.id, at: now, type, actor: WORKFLOW_ACTOR, data });
    const notify = (type: string, message: string) =>
      notifications.push({
        tenantId: incident.tenantId,
        type,
        incident: { id: incident.id, number: incident.number, title: incident.title, priority: incident.priority, tier: incident.tier },
        message,
        at: new Date(now).toISOString(),
      });

    for (const c of clocks) {
      if (c.dueAt <= now) {
        patch = { ...patch, ...(c.clock === 'acknowledge' ? { ackBreachedAt: now } : { resolveBreachedAt: now }) };
        event('sla_breached', { clock: c.clock, dueAt: c.dueAt, actions: c.actions });
        for (const action of c.actions) {
          if (action === 'next-tier') {
            const target = nextTier(ctx.settings, patch.tier ?? incident.tier);
            if (target === undefined) continue;
            const onDuty = await this.deps.onDuty.onDuty(incident.tenantId, now);
            const assignee = chooseAssignee(onDuty, target, loadByAssignee(await this.deps.store.incidents.openLoad(incident.tenantId)), now);
            patch = { ...patch, tier: target, assigneeId: assignee?.userId ?? null };
            event('escalated', { from: incident.tier, to: target, note: `SLA to ${c.clock} breached (due ${new Date(c.dueAt).toISOString()})` });
            event(assignee === undefined ? 'unassigned' : 'assigned', assignee === undefined ? { tier: target, reason: `nobody of tier ${target} is on duty` } : { assigneeId: assignee.userId, tier: target, reason: 'SLA escalation to the least-loaded analyst on duty' });
          } else if (action === 'manager') {
            event('manager_alerted', { clock: c.clock });
            notify('sla_breached_manager', `INC-${incident.number} (${incident.priority.toUpperCase()}) breached its ${c.clock} SLA: a manager is needed`);
          } else {
            notify('sla_breached', `INC-${incident.number} (${incident.priority.toUpperCase()}) breached its ${c.clock} SLA`);
          }
        }
      } else if (!c.warned && c.dueAt - now <= warnLead) {
        if (c.clock === 'acknowledge') extra.ackWarnedAt = now;
        else extra.resolveWarnedAt = now;
        event('sla_warning', { clock: c.clock, dueAt: c.dueAt, minutesLeft: Math.round((c.dueAt - now) / 60_000) });
        notify('sla_warning', `INC-${incident.number} (${incident.priority.toUpperCase()}) must be ${c.clock === 'acknowledge' ? 'acknowledged' : 'resolved'} within ${Math.round((c.dueAt - now) / 60_000)} minutes`);
      }
    }
    if (events.length === 0) return [];
    const committed = await this.commit(incident, patch, events, now, extra);
    if (!committed) return [];
    await this.send(ctx, notifications);
    return events;
  }

  private async handOver(tenantId: string, now: number): Promise<NewTimelineEvent[]> {
    const open = (await this.deps.store.incidents.open(tenantId)).filter((i) => i.assigneeId !== null && i.handoverFlaggedAt === null);
    if (open.length === 0) return [];
    const onDuty = await this.deps.onDuty.onDuty(tenantId, now);
    const onDutyIds = new Set(onDuty.map((a) => a.userId));
    const analysts = new Set((await this.deps.store.duty.analysts(tenantId)).map((a) => a.userId));
    const load = loadByAssignee(await this.deps.store.incidents.openLoad(tenantId));
    const recorded: NewTimelineEvent[] = [];
    for (const incident of open) {
      const holder = incident.assigneeId ?? '';
      // Only analysts have shifts; work held by someone who is not a rostered analyst is left alone.
      if (onDutyIds.has(holder) || !analysts.has(holder)) continue;
      const next = chooseAssignee(onDuty, incident.tier, load, now);
      const events: NewTimelineEvent[] = [
        { tenantId, incidentId: incident.id, at: now, type: 'handover_flagged', actor: WORKFLOW_ACTOR, data: { from: holder, reason: 'assignee went off duty' } },
      ];
      const patch: Partial<Incident> = { handoverFlaggedAt: now };
      if (next !== undefined) {
        load.set(next.userId, (load.get(next.userId) ?? 0) + 1);
        events.push({ tenantId, incidentId: incident.id, at: now, type: 'assigned', actor: WORKFLOW_ACTOR, data: { from: holder, assigneeId: next.userId, tier: incident.tier, reason: 'shift hand-over to the least-loaded analyst on duty' } });
        Object.assign(patch, { assigneeId: next.userId });
      }
      if (await this.commit(incident, patch, events, now, {})) recorded.push(...events);
    }
    return recorded;
  }

  private async commit(incident: Incident, patch: Partial<Incident>, events: readonly NewTimelineEvent[], now: number, extra: { ackWarnedAt?: number; resolveWarnedAt?: number }): Promise<boolean> {
    const { store, feed } = this.deps;
    // A conflict means a person changed the incident meanwhile: skip it, the next sweep looks again.
    const ok = await store.handle.db.transaction().execute(async (trx) => {
      if (!(await store.incidents.update(trx, incident, patch, now, extra))) return false;
      await store.timeline.append(trx, events);
      return true;
    });
    if (ok) feed.publish(events.map((e): IncidentChange => ({ tenantId: e.tenantId, incidentId: e.incidentId, number: incident.number, type: e.type, at: now })));
    return ok;
  }

  private async send(ctx: TenantContext, notifications: readonly IncidentNotification[]): Promise<void> {
    const destination = ctx.settings.notifyWebhookUrl;
    if (destination === undefined || notifications.length === 0) return;
    for (const n of notifications) {
      const delivered = await this.deps.notifier.notify(destination, n);
      const event: NewTimelineEvent = {
        tenantId: n.tenantId,
        incidentId: n.incident.id,
        at: this.deps.clock.now().getTime(),
        type: delivered ? 'notified' : 'notification_failed',
        actor: WORKFLOW_ACTOR,
        data: { kind: n.type, destination: new URL(destination).host },
      };
      await this.deps.store.timeline.append(this.deps.store.handle.db, [event]);
    }
  }
}
