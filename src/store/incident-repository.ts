import type { Kysely } from 'kysely';
import { userError } from '../core/errors.ts';
import type { Incident, IncidentStatus, Priority, Tier } from '../workflow/incident.ts';
import { incidentPatch, toIncident, toIncidentRow } from './incident-rows.ts';
import type { Database } from './schema.ts';

export interface IncidentFilter {
  readonly statuses?: readonly IncidentStatus[];
  readonly tiers?: readonly Tier[];
  readonly priorities?: readonly Priority[];
  readonly assigneeId?: string | null;
  readonly createdFrom?: number;
  readonly createdTo?: number;
}

/** The open incidents grouping may add an alert to. */
export interface OpenIncidentCandidate {
  readonly id: string;
  readonly lastAlertAt: number;
  readonly alertCount: number;
  readonly ruleKeys: readonly string[];
  readonly entityKeys: readonly string[];
}

export class IncidentRepository {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** The tenant's next incident number (atomic in both dialects). */
  async nextNumber(trx: Kysely<Database>, tenantId: string): Promise<number> {
    const row = await trx
      .insertInto('counters')
      .values({ tenant_id: tenantId, name: 'incident', value: 1 })
      .onConflict((oc) => oc.columns(['tenant_id', 'name']).doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })))
      .returning('value')
      .executeTakeFirstOrThrow();
    return row.value;
  }

  async insert(trx: Kysely<Database>, incident: Incident, now: number, resolvedByKind: string | null = null): Promise<void> {
    await trx.insertInto('incidents').values(toIncidentRow(incident, { updatedAt: now, resolvedByKind })).execute();
    await this.linkEntities(trx, incident.tenantId, incident.id, incident.entityKeys);
  }

  /**
   * Applies a change if the incident still has the version the caller read; bumps the version.
   * Returns false when someone else changed it first (the caller re-reads and decides).
   */
  async update(
    trx: Kysely<Database>,
    incident: Pick<Incident, 'id' | 'tenantId' | 'version'>,
    patch: Partial<Incident>,
    now: number,
    extra: { resolvedByKind?: string | null; ackWarnedAt?: number; resolveWarnedAt?: number } = {},
  ): Promise<boolean> {
    const values = {
      ...incidentPatch(patch),
      ...(extra.resolvedByKind === undefined ? {} : { resolved_by_kind: extra.resolvedByKind }),
      ...(extra.ackWarnedAt === undefined ? {} : { ack_warned_at: extra.ackWarnedAt }),
      ...(extra.resolveWarnedAt === undefined ? {} : { resolve_warned_at: extra.resolveWarnedAt }),
      version: incident.version + 1,
      updated_at: now,
    };
    const result = await trx
      .updateTable('incidents')
      .set(values)
      .where('tenant_id', '=', incident.tenantId)
      .where('id', '=', incident.id)
      .where('version', '=', incident.version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async linkEntities(trx: Kysely<Database>, tenantId: string, incidentId: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await trx
      .insertInto('incident_entities')
      .values(keys.map((k) => ({ tenant_id: tenantId, entity_key: k, incident_id: incidentId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async addAlerts(
    trx: Kysely<Database>,
    tenantId: string,
    incidentId: string,
    alerts: readonly { id: string; seq: number }[],
    now: number,
  ): Promise<void> {
    for (let i = 0; i < alerts.length; i += 500) {
      await trx
        .insertInto('incident_alerts')
        .values(alerts.slice(i, i + 500).map((a) => ({ tenant_id: tenantId, alert_id: a.id, incident_id: incidentId, alert_seq: a.seq, added_at: now })))
        .onConflict((oc) => oc.columns(['tenant_id', 'alert_id']).doUpdateSet({ incident_id: incidentId, added_at: now }))
        .execute();
    }
  }

  /** Open, unmerged incidents sharing any of the entity keys whose latest alert is at or after `since`. */
  async candidates(trx: Kysely<Database>, tenantId: string, entityKeys: readonly string[], since: number): Promise<OpenIncidentCandidate[]> {
    if (entityKeys.length === 0) return [];
    const rows = await trx
      .selectFrom('incident_entities')
      .innerJoin('incidents', 'incidents.id', 'incident_entities.incident_id')
      .select(['incidents.id', 'incidents.last_alert_at', 'incidents.alert_count', 'incidents.rule_keys', 'incidents.entity_keys'])
      .distinct()
      .where('incident_entities.tenant_id', '=', tenantId)
      .where('incident_entities.entity_key', 'in', entityKeys)
      .where('incidents.status', '!=', 'resolved')
      .where('incidents.merged_into', 'is', null)
      .where('incidents.last_alert_at', '>=', since)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      lastAlertAt: r.last_alert_at,
      alertCount: r.alert_count,
      ruleKeys: JSON.parse(r.rule_keys) as string[],
      entityKeys: JSON.parse(r.entity_keys) as string[],
    }));
  }

  async get(tenantId: string, id: string, trx: Kysely<Database> = this.db): Promise<Incident | undefined> {
    const row = await trx.selectFrom('incidents').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toIncident(row);
  }

  /** Accepts an id or a number such as 123 / INC-123. */
  async find(tenantId: string, ref: string): Promise<Incident | undefined> {
    const number = /^(?:inc-)?(\d+)$/i.exec(ref)?.[1];
    if (number === undefined) return this.get(tenantId, ref);
    const row = await this.db
      .selectFrom('incidents')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('number', '=', Number(number))
      .executeTakeFirst();
    return row === undefined ? undefined : toIncident(row);
  }

  async list(tenantId: string, filter: IncidentFilter, limit: number, cursor?: string): Promise<{ items: Incident[]; nextCursor: string | null }> {
    let query = this.db.selectFrom('incidents').selectAll().where('tenant_id', '=', tenantId).where('merged_into', 'is', null);
    if (filter.statuses !== undefined && filter.statuses.length > 0) query = query.where('status', 'in', filter.statuses);
    if (filter.tiers !== undefined && filter.tiers.length > 0) query = query.where('tier', 'in', filter.tiers);
    if (filter.priorities !== undefined && filter.priorities.length > 0) query = query.where('priority', 'in', filter.priorities);
    if (filter.assigneeId !== undefined) {
      query = filter.assigneeId === null ? query.where('assignee_id', 'is', null) : query.where('assignee_id', '=', filter.assigneeId);
    }
    if (filter.createdFrom !== undefined) query = query.where('created_at', '>=', filter.createdFrom);
    if (filter.createdTo !== undefined) query = query.where('created_at', '<', filter.createdTo);
    if (cursor !== undefined) {
      const before = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!Number.isSafeInteger(before)) throw userError('bad_cursor', 'cursor is not one this server issued; start again without it');
      query = query.where('number', '<', before);
    }
    const rows = await query.orderBy('number', 'desc').limit(limit + 1).execute();
    const items = rows.slice(0, limit).map(toIncident);
    const last = rows.length > limit ? items.at(-1) : undefined;
    return { items, nextCursor: last === undefined ? null : Buffer.from(String(last.number)).toString('base64url') };
  }

  /** Open incidents (not resolved, not merged), for queues, SLA clocks and shift hand-over. */
  async open(tenantId: string): Promise<Incident[]> {
    const rows = await this.db
      .selectFrom('incidents')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('status', '!=', 'resolved')
      .where('merged_into', 'is', null)
      .execute();
    return rows.map(toIncident);
  }

  /** Incidents whose SLA clocks need attention at `now` (breached or within the warning lead). */
  async dueForSla(now: number, warnLeadMs: number): Promise<{ incident: Incident; ackWarned: boolean; resolveWarned: boolean }[]> {
    const horizon = now + warnLeadMs;
    const rows = await this.db
      .selectFrom('incidents')
      .selectAll()
      .where('status', '!=', 'resolved')
      .where('merged_into', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('acknowledged_at', 'is', null), eb('ack_breached_at', 'is', null), eb('ack_due_at', '<=', horizon)]),
          eb.and([eb('resolve_breached_at', 'is', null), eb('resolve_due_at', '<=', horizon)]),
        ]),
      )
      .execute();
    return rows.map((r) => ({ incident: toIncident(r), ackWarned: r.ack_warned_at !== null, resolveWarned: r.resolve_warned_at !== null }));
  }

  /** Open load per assignee: count of open incidents per priority. */
  async openLoad(tenantId: string, trx: Kysely<Database> = this.db): Promise<{ assigneeId: string; priority: Priority; count: number }[]> {
    const rows = await trx
      .selectFrom('incidents')
      .select(['assignee_id', 'priority', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('status', '!=', 'resolved')
      .where('merged_into', 'is', null)
      .where('assignee_id', 'is not', null)
      .groupBy(['assignee_id', 'priority'])
      .execute();
    return rows.map((r) => ({ assigneeId: r.assignee_id ?? '', priority: r.priority as Priority, count: r.n }));
  }

  async alertIds(tenantId: string, incidentId: string, trx: Kysely<Database> = this.db): Promise<{ id: string; seq: number }[]> {
    const rows = await trx
      .selectFrom('incident_alerts')
      .select(['alert_id', 'alert_seq'])
      .where('tenant_id', '=', tenantId)
      .where('incident_id', '=', incidentId)
      .orderBy('alert_seq')
      .execute();
    return rows.map((r) => ({ id: r.alert_id, seq: r.alert_seq }));
  }

  /** The columns the figures need, for incidents created in [from, to). */
  async forMetrics(tenantId: string, from: number, to: number) {
    return this.db
      .selectFrom('incidents')
      .select([
        'tier',
        'created_band',
        'priority',
        'verdict',
        'resolved_by_kind',
        'merged_into',
        'alert_count',
        'created_at',
        'first_occurred_at',
        'first_detected_at',
        'first_human_action_at',
        'acknowledged_at',
        'contained_at',
        'resolved_at',
        'ack_due_at',
        'resolve_due_at',
        'ack_breached_at',
        'resolve_breached_at',
      ])
      .where('tenant_id', '=', tenantId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .execute();
  }

  async tenantsWithOpenIncidents(): Promise<string[]> {
    const rows = await this.db.selectFrom('incidents').select('tenant_id').distinct().where('status', '!=', 'resolved').execute();
    return rows.map((r) => r.tenant_id);
  }
}
