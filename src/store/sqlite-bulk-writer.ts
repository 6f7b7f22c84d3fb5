import type BetterSqlite3 from 'better-sqlite3';
import { DelayRollup, type PreparedBatch, type WrittenBatch } from './alert-batch.ts';

/** One raw event as the writer stores it. */
export interface RawEventRow {
  readonly tenantId: string;
  readonly source: string;
  readonly host: string | null;
  readonly occurredAt: number;
  readonly receivedAt: number;
  readonly fields: string;
  readonly raw: string;
}

/**
 * The SQLite intake write path with statements prepared once: the same rows, conflicts and rollup as
 * alert-batch.ts's Kysely path (the store contract suite runs both), without building SQL for every batch.
 * Synchronous, so a group commit is one better-sqlite3 transaction.
 */
export class SqliteBulkWriter {
  private readonly db: BetterSqlite3.Database;
  private readonly insertAlert: BetterSqlite3.Statement;
  private readonly insertEntity: BetterSqlite3.Statement;
  private readonly addDelay: BetterSqlite3.Statement;
  private readonly insertEvent: BetterSqlite3.Statement;

  constructor(db: BetterSqlite3.Database) {
    this.db = db;
    this.insertAlert = db.prepare(
      `insert into alerts (id, tenant_id, source, finding_uid, fingerprint, title, description, severity_id, source_severity,
         rule_id, rule_name, category, occurred_at, detected_at, received_at, observables, attacks, assets, raw)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (tenant_id, source, finding_uid) do nothing`,
    );
    this.insertEntity = db.prepare('insert into alert_entities (tenant_id, kind, value, alert_seq, occurred_at) values (?, ?, ?, ?, ?) on conflict do nothing');
    this.addDelay = db.prepare(
      `insert into ingest_delay_rollup (tenant_id, hour, bucket, n, total_ms) values (?, ?, ?, ?, ?)
       on conflict (tenant_id, hour, bucket) do update set n = n + excluded.n, total_ms = total_ms + excluded.total_ms`,
    );
    this.insertEvent = db.prepare('insert into raw_events (tenant_id, source, host, occurred_at, received_at, fields, raw) values (?, ?, ?, ?, ?, ?, ?)');
  }

  /** Writes every job in one transaction (one fsync) and returns each job's outcome. */
  writeGroup(jobs: readonly { batch: PreparedBatch; events: readonly RawEventRow[] }[]): { written: WrittenBatch; eventsStored: number }[] {
    // Immediate: take the write lock up front, so a concurrent writer waits instead of failing an upgrade.
    return this.db.transaction(() => jobs.map((job) => ({ written: this.writeBatch(job.batch), eventsStored: this.writeEvents(job.events) }))).immediate();
  }

  private writeBatch(batch: PreparedBatch): WrittenBatch {
    const stored: [number, number][] = [];
    const conflicts: number[] = [];
    const rollup = new DelayRollup();
    for (const { index, row, entities } of batch.rows) {
      const inserted = this.insertAlert.run(
        row.id,
        row.tenant_id,
        row.source,
        row.finding_uid,
        row.fingerprint,
        row.title,
        row.description ?? null,
        row.severity_id,
        row.source_severity ?? null,
        row.rule_id ?? null,
        row.rule_name ?? null,
        row.category ?? null,
        row.occurred_at,
        row.detected_at,
        row.received_at,
        row.observables,
        row.attacks,
        row.assets,
        row.raw,
      );
      // No RETURNING (SQLite buffers returned rows in a temporary table): the new row's rowid is its seq.
      if (inserted.changes === 0) {
        conflicts.push(index);
        continue;
      }
      const seq = Number(inserted.lastInsertRowid);
      stored.push([index, seq]);
      for (const [kind, value] of entities) this.insertEntity.run(batch.tenantId, kind, value, seq, row.occurred_at);
      rollup.add(row);
    }
    for (const c of rollup.values()) this.addDelay.run(batch.tenantId, c.hour, c.bucket, c.n, c.total);
    return { stored, conflicts };
  }

  private writeEvents(events: readonly RawEventRow[]): number {
    for (const e of events) this.insertEvent.run(e.tenantId, e.source, e.host, e.occurredAt, e.receivedAt, e.fields, e.raw);
    return events.length;
  }
}
