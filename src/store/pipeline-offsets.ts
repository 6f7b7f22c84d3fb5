import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Where each store consumer (e.g. the workflow's alert router) has got to in the alert sequence.
 * Advancing is conditional on the position read, so two workers never both process a range.
 */
export class PipelineOffsets {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async get(consumer: string, trx: Kysely<Database> = this.db): Promise<number> {
    const row = await trx.selectFrom('pipeline_offsets').select('position').where('consumer', '=', consumer).executeTakeFirst();
    return row === undefined ? 0 : row.position;
  }

  /** Moves `consumer` from `from` to `to`; false when another worker moved it first. */
  async advance(trx: Kysely<Database>, consumer: string, from: number, to: number, now: number): Promise<boolean> {
    if (from === 0) {
      const inserted = await trx
        .insertInto('pipeline_offsets')
        .values({ consumer, position: to, updated_at: now })
        .onConflict((oc) => oc.column('consumer').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
    }
    const result = await trx
      .updateTable('pipeline_offsets')
      .set({ position: to, updated_at: now })
      .where('consumer', '=', consumer)
      .where('position', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
