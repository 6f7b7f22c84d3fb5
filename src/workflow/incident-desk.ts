import { userError } from '../core/errors.ts';
import { severityId } from '../core/severity.ts';
import type { Actor } from '../store/index.ts';
import type { Incident } from './incident.ts';
import { conflict, IncidentService, type ActionContext } from './incident-service.ts';
import { requireWorkable } from './permissions.ts';
import { chooseAssignee, loadByAssignee } from './routing.ts';
import { WorkingIncident } from './working-incident.ts';

/** Restructuring by hand: merge duplicates into one incident, split unrelated alerts out, link related ones. */
export class IncidentDesk extends IncidentService {
  async merge(ctx: ActionContext, targetRef: string, fromRefs: readonly string[], note: string): Promise<Incident> {
    const sources: Incident[] = [];
    for (const ref of fromRefs) {
      const source = await this.get(ctx.tenantId, ref);
      requireWorkable(ctx.role, source);
      sources.push(source);
    }
    const actor = humanActor(ctx);
    return this.mutate(ctx, targetRef, (target, now) => {
      if (target.status === 'resolved') throw userError('resolved', `INC-${target.number} is resolved: reopen it before merging into it`, 409);
      for (const s of sources) {
        if (s.id === target.id) throw userError('self_merge', `INC-${s.number} cannot be merged into itself`, 400);
        if (s.mergedInto !== null) throw userError('already_merged', `INC-${s.number} is already merged`, 409);
      }
      const all = [target, ...sources];
      return {
        patch: {
          alertCount: all.reduce((n, i) => n + i.alertCount, 0),
          firstOccurredAt: Math.min(...all.map((i) => i.firstOccurredAt)),
          firstDetectedAt: Math.min(...all.map((i) => i.firstDetectedAt)),
          lastAlertAt: Math.max(...all.map((i) => i.lastAlertAt)),
          severityId: Math.max(...all.map((i) => i.severityId)),
          entityKeys: [...new Set(all.flatMap((i) => i.entityKeys))].slice(0, 200),
          ruleKeys: [...new Set(all.flatMap((i) => i.ruleKeys))],
        },
        events: [{ type: 'merged', data: { from: sources.map((s) => s.number), note } }],
        also: async (trx) => {
          for (const s of sources) {
            const ok = await this.store.incidents.update(
              trx,
              s,
              { mergedInto: target.id, status: 'resolved', verdict: 'duplicate', resolvedAt: now },
              now,
              { resolvedByKind: 'human' },
            );
            if (!ok) throw conflict(s);
            const alerts = await this.store.incidents.alertIds(ctx.tenantId, s.id, trx);
            await this.store.incidents.addAlerts(trx, ctx.tenantId, target.id, alerts, now);
            await this.store.incidents.linkEntities(trx, ctx.tenantId, target.id, s.entityKeys);
            await this.store.timeline.append(trx, [{ tenantId: ctx.tenantId, incidentId: s.id, at: now, type: 'merged_into', actor, data: { into: target.number, note } }]);
          }
        },
      };
    });
  }

  async split(ctx: ActionContext, ref: string, alertIds: readonly string[], note: string): Promise<{ source: Incident; created: Incident }> {
    const source = await this.get(ctx.tenantId, ref);
    const held = new Set((await this.store.incidents.alertIds(ctx.tenantId, source.id)).map((a) => a.id));
    const missing = alertIds.filter((id) => !held.has(id));
    if (missing.length > 0) throw userError('not_in_incident', `alerts not in INC-${source.number}: ${missing.slice(0, 5).join(', ')}`, 400);
    if (alertIds.length >= held.size) throw userError('split_all', 'a split must leave at least one alert behind', 400);
    const tenant = await this.contexts.get(ctx.tenantId);
    const now = this.clock.now().getTime();
    const alerts = await this.store.alerts.getMany(ctx.tenantId, alertIds);
    const working = WorkingIncident.fresh(now);
    for (const a of alerts) working.add(a, [], `${a.source}:${a.ruleId ?? a.title}`);
    const onDuty = await this.onDuty.onDuty(ctx.tenantId, now);
    const draft = working.create(tenant, 0, now, null);
    const assignee = chooseAssignee(onDuty, source.tier, loadByAssignee(await this.store.incidents.openLoad(ctx.tenantId)), now);
    const remaining = await this.store.alerts.getMany(ctx.tenantId, [...held].filter((id) => !alertIds.includes(id)));
    let createdId = '';
    const actor = humanActor(ctx);
    const updated = await this.mutate(ctx, ref, () => ({
      patch: {
        alertCount: remaining.length,
        severityId: Math.max(0, ...remaining.map((a) => severityId(a.severity)).filter((s) => s !== 99)),
      },
      events: [{ type: 'split', data: { alertIds, note } }],
      also: async (trx) => {
        const number = await this.store.incidents.nextNumber(trx, ctx.tenantId);
        const created: Incident = { ...draft, number, tier: source.tier, assigneeId: assignee?.userId ?? null };
        createdId = created.id;
        await this.store.incidents.insert(trx, created, now);
        await this.store.incidents.addAlerts(trx, ctx.tenantId, created.id, alerts, now);
        await this.store.timeline.append(trx, [
          { tenantId: ctx.tenantId, incidentId: created.id, at: now, type: 'created', actor, data: { splitFrom: source.number, alertCount: alerts.length, priority: created.priority, priorityReasons: created.priorityReasons, tier: created.tier, note } },
        ]);
      },
    }));
    return { source: updated, created: await this.get(ctx.tenantId, createdId) };
  }

  async link(ctx: ActionContext, ref: string, otherRef: string, note: string): Promise<Incident> {
    const other = await this.get(ctx.tenantId, otherRef);
    requireWorkable(ctx.role, other);
    const actor = humanActor(ctx);
    return this.mutate(ctx, ref, (incident, now) => {
      if (incident.id === other.id) throw userError('self_link', 'an incident cannot be linked to itself', 400);
      return {
        patch: {},
        events: [{ type: 'linked', data: { other: other.number, otherId: other.id, note } }],
        also: async (trx) => {
          await this.store.timeline.append(trx, [
            { tenantId: ctx.tenantId, incidentId: other.id, at: now, type: 'linked', actor, data: { other: incident.number, otherId: incident.id, note } },
          ]);
        },
      };
    });
  }
}

function humanActor(ctx: ActionContext): Actor {
  return { id: ctx.principal.id, kind: ctx.principal.kind === 'user' ? 'human' : 'automation', name: ctx.principal.name };
}
