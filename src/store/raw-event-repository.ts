import type { Kysely } from 'kysely';
import type { RawEvent } from '../intake/parser.ts';
import type { RawEventRow } from './sqlite-bulk-writer.ts';
import { fromJson, toJson } from './json-columns.ts';
import type { Selectable } from 'kysely';
import type { Database, RawEventsTable } from './schema.ts';

export interface StoredRawEvent extends RawEvent {
  readonly seq: number;
  readonly tenantId: string;
  readonly receivedAt: string;
}

/** Raw events (not alerts) kept for detection; never dropped. */
export class RawEventRepository {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async insertBatch(
    db: Kysely<Database>,
    tenantId: string,
    events: readonly RawEvent[],
    receivedAt: number,
  ): Promise<number[]> {
    return this.insertRows(db, events.map((e) => toRawEventRow(tenantId, e, receivedAt)));
  }

  async insertRows(db: Kysely<Database>, events: readonly RawEventRow[]): Promise<number[]> {
    const seqs: number[] = [];
    for (let i = 0; i < events.length; i += 400) {
      const rows = await db
        .insertInto('raw_events')
        .values(
          events.slice(i, i + 400).map((e) => ({
            tenant_id: e.tenantId,
            source: e.source,
            host: e.host,
            occurred_at: e.occurredAt,
            received_at: e.receivedAt,
            fields: e.fields,
            raw: e.raw,
          })),
        )
        .returning('seq')
        .execute();
      seqs.push(...rows.map((r) => r.seq));
    }
    return seqs;
  }

  async list(tenantId: string, afterSeq: number, limit: number): Promise<StoredRawEvent[]> {
    const rows = await this.db
      .selectFrom('raw_events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toStored);
  }

  /** Every tenant's raw events after a sequence number, in order: how detection follows intake. */
  async afterSeq(afterSeq: number, limit: number, receivedBefore?: number): Promise<StoredRawEvent[]> {
    let query = this.db.selectFrom('raw_events').selectAll().where('seq', '>', afterSeq);
    if (receivedBefore !== undefined) query = query.where('received_at', '<', receivedBefore);
    return (await query.orderBy('seq').limit(limit).execute()).map(toStored);
  }
}

function toStored(r: Selectable<RawEventsTable>): StoredRawEvent {
  const event: { -readonly [K in keyof StoredRawEvent]: StoredRawEvent[K] } = {
    seq: r.seq,
    tenantId: r.tenant_id,
    source: r.source,
    occurredAt: new Date(r.occurred_at).toISOString(),
    receivedAt: new Date(r.received_at).toISOString(),
    fields: fromJson<Record<string, unknown>>(r.fields),
    raw: fromJson<unknown>(r.raw),
  };
  if (r.host !== null) event.host = r.host;
  return event;
}

/** A raw event as a row: times in ms, fields and payload serialised (done where the request is). */
export function toRawEventRow(tenantId: string, e: RawEvent, receivedAt: number): RawEventRow {
  return {
    tenantId,
    source: e.source,
    host: e.host ?? null,
    occurredAt: Date.parse(e.occurredAt),
    receivedAt,
    fields: toJson(e.fields),
    raw: toJson(e.raw),
  };
}
