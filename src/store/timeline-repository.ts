import type { Kysely } from 'kysely';
import type { ActorKind } from '../core/roles.ts';
import { fromJson, toJson } from './json-columns.ts';
import type { Database, TimelineRow } from './schema.ts';

export interface Actor {
  readonly id: string;
  readonly kind: ActorKind;
  readonly name: string;
}

export interface TimelineEvent {
  readonly seq: number;
  readonly tenantId: string;
  readonly incidentId: string;
  readonly at: number;
  readonly type: string;
  readonly actor: Actor;
  readonly data: Readonly<Record<string, unknown>>;
}

export type NewTimelineEvent = Omit<TimelineEvent, 'seq'>;

/** The append-only incident timeline: this repository can add and read events, never change them. */
export class TimelineRepository {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async append(trx: Kysely<Database>, events: readonly NewTimelineEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 500) {
      await trx
        .insertInto('timeline_events')
        .values(
          events.slice(i, i + 500).map((e) => ({
            tenant_id: e.tenantId,
            incident_id: e.incidentId,
            at: e.at,
            type: e.type,
            actor_id: e.actor.id,
            actor_kind: e.actor.kind,
            actor_name: e.actor.name,
            data: toJson(e.data),
          })),
        )
        .execute();
    }
  }

  async forIncident(tenantId: string, incidentId: string): Promise<TimelineEvent[]> {
    const rows = await this.db
      .selectFrom('timeline_events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('incident_id', '=', incidentId)
      .orderBy('seq')
      .execute();
    return rows.map(toEvent);
  }

  /** Events of some types in a time range: metrics read escalations, containment and hand-overs from here. */
  async ofTypes(tenantId: string, types: readonly string[], from: number, to: number): Promise<TimelineEvent[]> {
    const rows = await this.db
      .selectFrom('timeline_events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('type', 'in', types)
      .where('at', '>=', from)
      .where('at', '<', to)
      .orderBy('seq')
      .execute();
    return rows.map(toEvent);
  }
}

function toEvent(r: TimelineRow): TimelineEvent {
  return {
    seq: r.seq,
    tenantId: r.tenant_id,
    incidentId: r.incident_id,
    at: r.at,
    type: r.type,
    actor: { id: r.actor_id, kind: r.actor_kind as ActorKind, name: r.actor_name },
    data: fromJson<Record<string, unknown>>(r.data),
  };
}
