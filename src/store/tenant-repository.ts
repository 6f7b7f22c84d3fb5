import type { Kysely } from 'kysely';
import type { Database, TenantRow } from './schema.ts';
import { fromJson, toJson } from './json-columns.ts';

export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
}

const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  name: row.name,
  timeZone: row.time_zone,
  settings: fromJson<Record<string, unknown>>(row.settings),
  createdAt: row.created_at,
});

export class TenantRepository {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async create(tenant: Omit<Tenant, 'createdAt'>, now: number): Promise<Tenant> {
    await this.db
      .insertInto('tenants')
      .values({
        id: tenant.id,
        name: tenant.name,
        time_zone: tenant.timeZone,
        settings: toJson(tenant.settings),
        created_at: now,
      })
      .execute();
    return { ...tenant, createdAt: now };
  }

  async get(id: string): Promise<Tenant | undefined> {
    const row = await this.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toTenant(row);
  }

  async list(ids?: readonly string[]): Promise<Tenant[]> {
    let query = this.db.selectFrom('tenants').selectAll().orderBy('id');
    if (ids !== undefined) {
      if (ids.length === 0) return [];
      query = query.where('id', 'in', ids);
    }
    return (await query.execute()).map(toTenant);
  }

  async updateSettings(id: string, settings: Record<string, unknown>): Promise<void> {
    await this.db.updateTable('tenants').set({ settings: toJson(settings) }).where('id', '=', id).execute();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('tenants')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  }
}
