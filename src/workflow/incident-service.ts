import type { Kysely } from 'kysely';
import type { Principal } from '../auth/index.ts';
import type { Clock } from '../core/clock.ts';
import { forbidden, notFound, userError } from '../core/errors.ts';
import type { Role } from '../core/roles.ts';
import type { Verdict } from '../core/verdict.ts';
import type { Actor, Database, Store } from '../store/index.ts';
import type { Incident, Tier } from './incident.ts';
import type { IncidentFeed } from './incident-feed.ts';
import type { OnDutySource } from './on-duty.ts';
import { requireCanAssignOthers, requireWorkable, roleRank } from './permissions.ts';
import { chooseAssignee, loadByAssignee, nextTier } from './routing.ts';
import type { TenantContext, TenantContexts } from './tenant-context.ts';

/** Who acts, in which tenant and role, and which incident version they saw. */
export interface ActionContext {
  readonly tenantId: string;
  readonly principal: Principal;
  readonly role: Role;
  readonly expectedVersion?: number | undefined;
}

interface Change {
  readonly patch: Partial<Incident>;
  readonly events: readonly { type: string; data: Record<string, unknown> }[];
  readonly resolvedByKind?: string | null;
  /** More writes in the same transaction (moving alerts, the other side of a merge…). */
  readonly also?: (trx: Kysely<Database>) => Promise<void>;
}

/**
 * What people do to incidents: acknowledge, assign, escalate, comment, contain, close, reopen. Every
 * change names the version it read (optimistic concurrency: two analysts acting at once never lose an
 * update; the later one gets a 409 and reloads), is checked against role and queue, and is written
 * with its timeline events in one transaction.
 */
export class IncidentService {
  protected readonly store: Store;
  protected readonly clock: Clock;
  protected readonly contexts: TenantContexts;
  protected readonly onDuty: OnDutySource;
  protected readonly feed: IncidentFeed;

  constructor(deps: { store: Store; clock: Clock; contexts: TenantContexts; onDuty: OnDutySource; feed: IncidentFeed }) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.contexts = deps.contexts;
    this.onDuty = deps.onDuty;
    this.feed = deps.feed;
  }

  async get(tenantId: string, ref: string): Promise<Incident> {
    const incident = await this.store.incidents.find(tenantId, ref);
    if (incident === undefined) throw notFound(`incident ${ref}`);
    return incident;
  }

  acknowledge(ctx: ActionContext, ref: string): Promise<Incident> {
    return this.mutate(ctx, ref, (incident, now) => {
      if (incident.status !== 'new') throw userError('not_new', `INC-${incident.number} is ${incident.status}, not new`, 409);
      const patch: Partial<Incident> = { status: 'acknowledged', acknowledgedAt: now, ...(incident.assigneeId === null ? { assigneeId: ctx.principal.id } : {}) };
      return { patch, events: [{ type: 'acknowledged', data: {} }] };
    });
  }

  start(ctx: ActionContext, ref: string): Promise<Incident> {
    return this.mutate(ctx, ref, (incident, now) => {
      if (incident.status === 'resolved') throw userError('resolved', `INC-${incident.number} is resolved: reopen it first`, 409);
      const patch: Partial<Incident> = { status: 'in_progress', ...(incident.acknowledgedAt === null ? { acknowledgedAt: now } : {}) };
      return { patch, events: [{ type: 'status_changed', data: { from: incident.status, to: 'in_progress' } }] };
    });
  }

  async assign(ctx: ActionContext, ref: string, assignee: string): Promise<Incident> {
    const userId = assignee === 'me' ? ctx.principal.id : assignee;
    if (userId !== ctx.principal.id) requireCanAssignOthers(ctx.role);
    const analyst = (await this.store.duty.analysts(ctx.tenantId)).find((a) => a.userId === userId);
    const now = this.clock.now().getTime();
    if (userId !== ctx.principal.id) {
      if (analyst === undefined) throw userError('not_an_analyst', `${userId} is not an analyst of this tenant`, 400);
      const onDuty = await this.onDuty.onDuty(ctx.tenantId, now);
      if (!onDuty.some((a) => a.userId === userId)) throw userError('off_duty', `${userId} is not on duty now`, 409);
    }
    return this.mutate(ctx, ref, (incident) => {
      if (incident.status === 'resolved') throw userError('resolved', `INC-${incident.number} is resolved`, 409);
      return {
        patch: { assigneeId: userId, handoverFlaggedAt: null },
        events: [{ type: 'assigned', data: { from: incident.assigneeId, assigneeId: userId } }],
      };
    });
  }

  async escalate(ctx: ActionContext, ref: string, note: string, toTier?: Tier): Promise<Incident> {
    const incident = await this.get(ctx.tenantId, ref);
    const tenant = await this.contexts.get(ctx.tenantId);
    const target = toTier ?? nextTier(tenant.settings, incident.tier);
    if (target === undefined) throw userError('top_tier', `INC-${incident.number} is already at the top tier of a ${tenant.settings.tierModel} model`, 409);
    const now = this.clock.now().getTime();
    const assignee = chooseAssignee(await this.onDuty.onDuty(ctx.tenantId, now), target, loadByAssignee(await this.store.incidents.openLoad(ctx.tenantId)), now);
    return this.mutate(ctx, ref, (current) => {
      if (current.status === 'resolved') throw userError('resolved', `INC-${current.number} is resolved: reopen it first`, 409);
      if (current.tier === target) throw userError('same_tier', `INC-${current.number} is already in the ${target} queue`, 409);
      if (target === 'mssp' || (toTier !== undefined && roleRankOfTier(target) <= roleRankOfTier(current.tier))) {
        throw userError('not_upward', `escalation goes up: ${current.tier} → ${target} is not`, 400);
      }
      return {
        patch: { tier: target, assigneeId: assignee?.userId ?? null, handoverFlaggedAt: null },
        events: [
          { type: 'escalated', data: { from: current.tier, to: target, note } },
          assignee === undefined
            ? { type: 'unassigned', data: { tier: target, reason: `nobody of tier ${target} is on duty` } }
            : { type: 'assigned', data: { assigneeId: assignee.userId, tier: target, reason: 'least-loaded analyst on duty for this tier' } },
        ],
      };
    });
  }

  comment(ctx: ActionContext, ref: string, text: string): Promise<Incident> {
    return this.mutate(ctx, ref, () => ({ patch: {}, events: [{ type: 'commented', data: { text } }] }));
  }

  contain(ctx: ActionContext, ref: string, note: string): Promise<Incident> {
    return this.mutate(ctx, ref, (incident, now) => ({
      patch: incident.containedAt === null ? { containedAt: now } : {},
      events: [{ type: 'contained', data: { note, first: incident.containedAt === null } }],
    }));
  }

  async close(ctx: ActionContext, ref: string, verdict: Verdict, note: string): Promise<Incident> {
    const tenant = await this.contexts.get(ctx.tenantId);
    return this.mutate(ctx, ref, (incident, now) => {
      if (incident.status === 'resolved') throw userError('resolved', `INC-${incident.number} is already resolved`, 409);
      if (incident.priority === 'p1' && tenant.settings.requireT2ReviewForP1Close && roleRank(ctx.role) < 2) {
        throw forbidden(`INC-${incident.number} is a P1: this tenant requires a T2 (or higher) to close it; escalate it or ask a T2 to review`);
      }
      return {
        patch: { status: 'resolved', verdict, resolvedAt: now, ...(incident.acknowledgedAt === null ? { acknowledgedAt: now } : {}) },
        resolvedByKind: ctx.principal.kind === 'user' ? 'human' : 'automation',
        events: [{ type: 'closed', data: { verdict, note } }],
      };
    });
  }

  async reopen(ctx: ActionContext, ref: string, note: string): Promise<Incident> {
    const tenant = await this.contexts.get(ctx.tenantId);
    return this.mutate(ctx, ref, (incident, now) => {
      if (incident.status !== 'resolved' || incident.mergedInto !== null) {
        throw userError('not_resolved', `INC-${incident.number} is not a resolved incident that can be reopened`, 409);
      }
      return {
        patch: {
          status: 'acknowledged',
          verdict: null,
          resolvedAt: null,
          resolveDueAt: now + tenant.settings.sla[incident.priority].resolveMinutes * 60_000,
          resolveBreachedAt: null,
        },
        resolvedByKind: null,
        events: [{ type: 'reopened', data: { note, previousVerdict: incident.verdict } }],
      };
    });
  }

  /** Reads, checks, writes and records one change; throws a 409 when the incident moved meanwhile. */
  protected async mutate(
    ctx: ActionContext,
    ref: string,
    decide: (incident: Incident, now: number, tenant: TenantContext) => Change,
  ): Promise<Incident> {
    const incident = await this.get(ctx.tenantId, ref);
    if (ctx.expectedVersion !== undefined && ctx.expectedVersion !== incident.version) throw conflict(incident);
    requireWorkable(ctx.role, incident);
    const tenant = await this.contexts.get(ctx.tenantId);
    const now = this.clock.now().getTime();
    const change = decide(incident, now, tenant);
    const actor: Actor = { id: ctx.principal.id, kind: ctx.principal.kind === 'user' ? 'human' : 'automation', name: ctx.principal.name };
    const patch: Partial<Incident> = actor.kind === 'human' && incident.firstHumanActionAt === null ? { ...change.patch, firstHumanActionAt: now } : change.patch;
    await this.store.handle.db.transaction().execute(async (trx) => {
      const extra = change.resolvedByKind === undefined ? {} : { resolvedByKind: change.resolvedByKind };
      if (!(await this.store.incidents.update(trx, incident, patch, now, extra))) throw conflict(incident);
      await this.store.timeline.append(
        trx,
        change.events.map((e) => ({ tenantId: ctx.tenantId, incidentId: incident.id, at: now, type: e.type, actor, data: e.data })),
      );
      await change.also?.(trx);
    });
    this.feed.publish(change.events.map((e) => ({ tenantId: ctx.tenantId, incidentId: incident.id, number: incident.number, type: e.type, at: now })));
    return this.get(ctx.tenantId, incident.id);
  }
}

function roleRankOfTier(tier: Tier): number {
  return tier === 't3' ? 3 : tier === 't2' ? 2 : 1;
}

export function conflict(incident: Incident): Error {
  return userError(
    'conflict',
    `INC-${incident.number} was changed by someone else since you read it: reload it and try again`,
    409,
    { incidentId: incident.id },
  );
}
