import type { Kysely } from 'kysely';
import type { Alert } from '../core/alert.ts';
import { delayBucket } from '../core/delay-buckets.ts';
import { findingKey, toAlertRow, type NewAlert } from './alert-rows.ts';
import type { Database, NewAlertRow } from './schema.ts';

/** Rows per INSERT statement: well under every dialect's bound-parameter limit. */
const INSERT_CHUNK = 400;

/** An alert turned into its row and its entity keys: plain data, cheap to hand to a writer thread. */
export interface PreparedAlertRow {
  readonly index: number;
  readonly row: NewAlertRow;
  /** [kind, lower-cased value] of the hosts, IPs and users it names. */
  readonly entities: readonly (readonly [string, string])[];
}

export interface PreparedBatch {
  readonly tenantId: string;
  readonly rows: readonly PreparedAlertRow[];
  /** Positions repeated within the batch itself. */
  readonly batchDuplicates: readonly number[];
}

export interface WrittenBatch {
  /** [input position, store sequence] of each alert stored. */
  readonly stored: readonly (readonly [number, number])[];
  /** Positions the store already held (same source and finding uid). */
  readonly conflicts: readonly number[];
}

/** Rows, entity keys and in-batch duplicates of one tenant's alerts (pure; runs where the request is). */
export function prepareAlertBatch(tenantId: string, alerts: readonly NewAlert[]): PreparedBatch {
  const rows: PreparedAlertRow[] = [];
  const batchDuplicates: number[] = [];
  const keys = new Set<string>();
  alerts.forEach((alert, index) => {
    const key = `${alert.source}\u0000${findingKey(alert)}`;
    if (keys.has(key)) {
      batchDuplicates.push(index);
      return;
    }
    keys.add(key);
    const entities: (readonly [string, string])[] = [];
    const seen = new Set<string>();
    for (const o of alert.observables) {
      if (o.kind !== 'hostname' && o.kind !== 'ip' && o.kind !== 'user') continue;
      const value = o.value.toLowerCase();
      const k = `${o.kind}\u0000${value}`;
      if (seen.has(k)) continue;
      seen.add(k);
      entities.push([o.kind, value]);
    }
    rows.push({ index, row: toAlertRow(alert), entities });
  });
  return { tenantId, rows, batchDuplicates };
}

/**
 * Writes a prepared batch inside the caller's transaction: alert rows (a conflict on source and finding
 * uid means already stored), their entity index rows, and the hourly time-to-ingest rollup.
 */
export async function writePreparedBatch(db: Kysely<Database>, batch: PreparedBatch): Promise<WrittenBatch> {
  const stored: [number, number][] = [];
  const conflicts: number[] = [];
  const rollup = new DelayRollup();
  for (let i = 0; i < batch.rows.length; i += INSERT_CHUNK) {
    const chunk = batch.rows.slice(i, i + INSERT_CHUNK);
    const returned = await db
      .insertInto('alerts')
      .values(chunk.map((c) => c.row))
      .onConflict((oc) => oc.columns(['tenant_id', 'source', 'finding_uid']).doNothing())
      .returning(['id', 'seq'])
      .execute();
    const seqById = new Map(returned.map((r) => [r.id, r.seq]));
    const entities = [];
    for (const c of chunk) {
      const seq = seqById.get(c.row.id);
      if (seq === undefined) {
        conflicts.push(c.index);
        continue;
      }
      stored.push([c.index, seq]);
      for (const [kind, value] of c.entities) entities.push({ tenant_id: batch.tenantId, kind, value, alert_seq: seq, occurred_at: c.row.occurred_at });
      rollup.add(c.row);
    }
    for (let j = 0; j < entities.length; j += INSERT_CHUNK) {
      await db.insertInto('alert_entities').values(entities.slice(j, j + INSERT_CHUNK)).onConflict((oc) => oc.doNothing()).execute();
    }
  }
  const rollupRows = [...rollup.values()].map((c) => ({ tenant_id: batch.tenantId, hour: c.hour, bucket: c.bucket, n: c.n, total_ms: c.total }));
  for (let i = 0; i < rollupRows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('ingest_delay_rollup')
      .values(rollupRows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'hour', 'bucket']).doUpdateSet((eb) => ({
          n: eb('ingest_delay_rollup.n', '+', eb.ref('excluded.n')),
          total_ms: eb('ingest_delay_rollup.total_ms', '+', eb.ref('excluded.total_ms')),
        })),
      )
      .execute();
  }
  return { stored, conflicts };
}

/** One cell of the hourly time-to-ingest rollup: alerts detected in `hour` whose delay fell in `bucket`. */
export interface DelayCell {
  readonly hour: number;
  readonly bucket: number;
  n: number;
  total: number;
}

/** Adds up a batch's time to ingest (received − detected) per detection hour and log-scale bucket. */
export class DelayRollup {
  private readonly cells = new Map<string, DelayCell>();

  add(row: { readonly received_at: number; readonly detected_at: number }): void {
    const delay = row.received_at - row.detected_at;
    const hour = Math.floor(row.detected_at / 3_600_000);
    const bucket = delayBucket(delay);
    const key = `${hour}:${bucket}`;
    const cell = this.cells.get(key) ?? { hour, bucket, n: 0, total: 0 };
    cell.n++;
    cell.total += delay;
    this.cells.set(key, cell);
  }

  values(): IterableIterator<DelayCell> {
    return this.cells.values();
  }
}

/** A stored alert's identity: what intake reports and publishes. */
export interface StoredRef {
  readonly id: string;
  readonly seq: number;
}

/** Ids and sequence numbers of the stored alerts, and every duplicate position, in input order. */
export function completeBatchRefs(batch: PreparedBatch, written: WrittenBatch): { stored: StoredRef[]; duplicates: number[] } {
  const idOf = new Map(batch.rows.map((r) => [r.index, r.row.id]));
  const stored = [...written.stored].sort((a, b) => a[0] - b[0]).map(([index, seq]) => ({ id: idOf.get(index) ?? '', seq }));
  const duplicates = [...batch.batchDuplicates, ...written.conflicts].sort((a, b) => a - b);
  return { stored, duplicates };
}

/** The stored alerts (with their sequence numbers) and every duplicate position, in input order. */
export function completeBatch(alerts: readonly NewAlert[], batch: PreparedBatch, written: WrittenBatch): { stored: Alert[]; duplicates: number[] } {
  const stored = [...written.stored]
    .sort((a, b) => a[0] - b[0])
    .map(([index, seq]) => {
      const { rawJson: _alreadySerialised, ...alert } = alerts[index] as NewAlert;
      return { ...alert, seq };
    });
  const duplicates = [...batch.batchDuplicates, ...written.conflicts].sort((a, b) => a - b);
  return { stored, duplicates };
}
