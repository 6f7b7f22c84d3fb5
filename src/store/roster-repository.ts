import type { Kysely, Selectable } from 'kysely';
import { fromJson, toJson } from './json-columns.ts';
import type { Database, RostersTable } from './schema.ts';

export interface StoredRoster {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly status: 'draft' | 'published' | 'superseded';
  readonly createdAt: number;
  readonly publishedAt: number | null;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly spec: unknown;
  readonly needs: unknown;
  readonly grid: Record<string, (string | null)[]>;
  readonly summary: Record<string, unknown>;
}

type RosterListing = Omit<StoredRoster, 'spec' | 'needs' | 'grid'>;

/** What a roster list shows: everything but the spec, the needs and the grid. */
const toListing = (r: Omit<Selectable<RostersTable>, 'spec' | 'needs' | 'grid'>): RosterListing => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  status: r.status as StoredRoster['status'],
  createdAt: r.created_at,
  publishedAt: r.published_at,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  summary: fromJson<Record<string, unknown>>(r.summary),
});

const toRoster = (r: Selectable<RostersTable>): StoredRoster => ({
  ...toListing(r),
  spec: fromJson<unknown>(r.spec),
  needs: fromJson<unknown>(r.needs),
  grid: fromJson<Record<string, (string | null)[]>>(r.grid),
});

/** Planned and published rosters of a tenant. */
export class RosterRepository {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async insert(r: Omit<StoredRoster, 'publishedAt'>): Promise<void> {
    await this.db
      .insertInto('rosters')
      .values({
        id: r.id,
        tenant_id: r.tenantId,
        name: r.name,
        status: r.status,
        created_at: r.createdAt,
        published_at: null,
        starts_at: r.startsAt,
        ends_at: r.endsAt,
        spec: toJson(r.spec),
        needs: toJson(r.needs),
        grid: toJson(r.grid),
        summary: toJson(r.summary),
      })
      .execute();
  }

  async get(tenantId: string, id: string): Promise<StoredRoster | undefined> {
    const row = await this.db.selectFrom('rosters').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRoster(row);
  }

  async list(tenantId: string): Promise<RosterListing[]> {
    const rows = await this.db
      .selectFrom('rosters')
      .select(['id', 'tenant_id', 'name', 'status', 'created_at', 'published_at', 'starts_at', 'ends_at', 'summary'])
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toListing);
  }

  async update(tenantId: string, id: string, patch: { grid?: Record<string, (string | null)[]>; summary?: Record<string, unknown>; status?: StoredRoster['status']; publishedAt?: number }): Promise<void> {
    await this.db
      .updateTable('rosters')
      .set({
        ...(patch.grid === undefined ? {} : { grid: toJson(patch.grid) }),
        ...(patch.summary === undefined ? {} : { summary: toJson(patch.summary) }),
        ...(patch.status === undefined ? {} : { status: patch.status }),
        ...(patch.publishedAt === undefined ? {} : { published_at: patch.publishedAt }),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  /** Marks earlier published rosters of the same team that overlap [from, to) as superseded. */
  async supersede(tenantId: string, name: string, from: number, to: number, exceptId: string): Promise<void> {
    await this.db
      .updateTable('rosters')
      .set({ status: 'superseded' })
      .where('tenant_id', '=', tenantId)
      .where('name', '=', name)
      .where('status', '=', 'published')
      .where('id', '!=', exceptId)
      .where('starts_at', '<', to)
      .where('ends_at', '>', from)
      .execute();
  }
}
