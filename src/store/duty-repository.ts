import type { Kysely } from 'kysely';
import type { Tier } from '../workflow/incident.ts';
import { fromJson, toJson } from './json-columns.ts';
import type { Database } from './schema.ts';

export interface Analyst {
  readonly tenantId: string;
  readonly userId: string;
  readonly tier: Tier;
  readonly skills: readonly string[];
}

export interface DutyShift {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly startsAt: number;
  readonly endsAt: number;
  /** `manual` (API/CLI) or `roster` (published by the roster engine). */
  readonly source: string;
}

/** Analysts' tiers and skills, and the shifts they are on duty. */
export class DutyRepository {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async upsertAnalyst(analyst: Analyst, now: number): Promise<void> {
    await this.db
      .insertInto('analysts')
      .values({ tenant_id: analyst.tenantId, user_id: analyst.userId, tier: analyst.tier, skills: toJson(analyst.skills), updated_at: now })
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet({ tier: analyst.tier, skills: toJson(analyst.skills), updated_at: now }))
      .execute();
  }

  async analysts(tenantId: string): Promise<Analyst[]> {
    const rows = await this.db.selectFrom('analysts').selectAll().where('tenant_id', '=', tenantId).orderBy('user_id').execute();
    return rows.map((r) => ({ tenantId: r.tenant_id, userId: r.user_id, tier: r.tier as Tier, skills: fromJson<string[]>(r.skills) }));
  }

  async addShift(shift: DutyShift): Promise<void> {
    await this.db
      .insertInto('duty_shifts')
      .values({ id: shift.id, tenant_id: shift.tenantId, user_id: shift.userId, starts_at: shift.startsAt, ends_at: shift.endsAt, source: shift.source })
      .execute();
  }

  async deleteShift(tenantId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('duty_shifts').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Replaces a source's shifts in a period (a published roster replaces its previous publication). */
  async replaceShifts(tenantId: string, source: string, from: number, to: number, shifts: readonly DutyShift[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('duty_shifts').where('tenant_id', '=', tenantId).where('source', '=', source).where('starts_at', '>=', from).where('starts_at', '<', to).execute();
      for (let i = 0; i < shifts.length; i += 500) {
        await trx
          .insertInto('duty_shifts')
          .values(shifts.slice(i, i + 500).map((s) => ({ id: s.id, tenant_id: s.tenantId, user_id: s.userId, starts_at: s.startsAt, ends_at: s.endsAt, source: s.source })))
          .execute();
      }
    });
  }

  /** Replaces every shift a source published (a roster's shifts when it is re-published after edits). */
  async replaceSource(tenantId: string, source: string, shifts: readonly DutyShift[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('duty_shifts').where('tenant_id', '=', tenantId).where('source', '=', source).execute();
      for (let i = 0; i < shifts.length; i += 500) {
        await trx
          .insertInto('duty_shifts')
          .values(shifts.slice(i, i + 500).map((s) => ({ id: s.id, tenant_id: s.tenantId, user_id: s.userId, starts_at: s.startsAt, ends_at: s.endsAt, source: s.source })))
          .execute();
      }
    });
  }

  /** Shifts overlapping [from, to). */
  async shifts(tenantId: string, from: number, to: number): Promise<DutyShift[]> {
    const rows = await this.db
      .selectFrom('duty_shifts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('ends_at', '>', from)
      .where('starts_at', '<', to)
      .orderBy('starts_at')
      .execute();
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, userId: r.user_id, startsAt: r.starts_at, endsAt: r.ends_at, source: r.source }));
  }
}
