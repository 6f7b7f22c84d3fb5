import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Alert } from '../core/alert.ts';
import type { Severity } from '../core/severity.ts';
import { severityId } from '../core/severity.ts';
import { userError } from '../core/errors.ts';
import type { DialectCapabilities } from './dialect-capabilities.ts';
import { completeBatch, prepareAlertBatch, writePreparedBatch } from './alert-batch.ts';
import { toAlert, toAlertSummary, type AlertSummary, type NewAlert } from './alert-rows.ts';
import type { Database } from './schema.ts';

export interface InsertResult {
  /** Stored alerts with the sequence numbers the store gave them, in input order. */
  readonly stored: readonly Alert[];
  /** Input positions that were duplicates (same source and finding uid, or same fingerprint for alerts without one). */
  readonly duplicates: readonly number[];
}

export interface AlertFilter {
  readonly from?: number;
  readonly to?: number;
  readonly sources?: readonly string[];
  readonly severities?: readonly Severity[];
  readonly minSeverity?: Severity;
  /** Hostname or IP (case-insensitive) of an entity the alert names. */
  readonly entities?: readonly string[];
  readonly ruleId?: string;
  /** Words in the title or rule name (hosts, IPs and users: use `entities`). */
  readonly text?: string;
}

export interface AlertPage {
  readonly items: readonly AlertSummary[];
  readonly nextCursor: string | null;
}

const SUMMARY_COLUMNS = [
  'seq',
  'id',
  'tenant_id',
  'source',
  'finding_uid',
  'fingerprint',
  'title',
  'description',
  'severity_id',
  'source_severity',
  'rule_id',
  'rule_name',
  'category',
  'occurred_at',
  'detected_at',
  'received_at',
  'observables',
  'attacks',
  'assets',
] as const;


export class AlertRepository {
  private readonly db: Kysely<Database>;
  private readonly caps: DialectCapabilities;
  constructor(db: Kysely<Database>, caps: DialectCapabilities) {
    this.db = db;
    this.caps = caps;
  }

  /**
   * Stores one tenant's batch idempotently. Call inside a transaction (`db` may be a transaction).
   * An alert is a duplicate when its tenant already holds the same source and finding uid; alerts
   * without a source uid use their content fingerprint as the uid, so a record sent again is
   * recognised whatever batch it comes in. Duplicates are reported by position.
   */
  async insertBatch(db: Kysely<Database>, tenantId: string, alerts: readonly NewAlert[]): Promise<InsertResult> {
    const batch = prepareAlertBatch(tenantId, alerts);
    return completeBatch(alerts, batch, await writePreparedBatch(db, batch));
  }

  /** The time-to-ingest rollup cells of a tenant for hours in [fromHour, toHour). */
  async ingestDelays(tenantId: string, fromHour: number, toHour: number): Promise<{ hour: number; bucket: number; n: number; totalMs: number }[]> {
    const rows = await this.db
      .selectFrom('ingest_delay_rollup')
      .select(['hour', 'bucket', 'n', 'total_ms'])
      .where('tenant_id', '=', tenantId)
      .where('hour', '>=', fromHour)
      .where('hour', '<', toHour)
      .execute();
    return rows.map((r) => ({ hour: r.hour, bucket: r.bucket, n: r.n, totalMs: r.total_ms }));
  }

  /** Alerts per hour (by detectedAt), from the intake rollup: the history the roster forecast reads. */
  async hourlyCounts(tenantId: string, fromHour: number, toHour: number): Promise<Map<number, number>> {
    const rows = await this.db
      .selectFrom('ingest_delay_rollup')
      .select(['hour', (eb) => eb.fn.sum<number | string>('n').as('alerts')])
      .where('tenant_id', '=', tenantId)
      .where('hour', '>=', fromHour)
      .where('hour', '<', toHour)
      .groupBy('hour')
      .execute();
    return new Map(rows.map((r) => [r.hour, Number(r.alerts)]));
  }

  async get(tenantId: string, id: string): Promise<Alert | undefined> {
    const row = await this.db
      .selectFrom('alerts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toAlert(row);
  }

  async getMany(tenantId: string, ids: readonly string[], db: Kysely<Database> = this.db): Promise<AlertSummary[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('alerts')
      .select(SUMMARY_COLUMNS)
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', ids)
      .orderBy('seq')
      .execute();
    return rows.map(toAlertSummary);
  }

  /** Newest first (by occurrence time, then arrival), keyset-paged by an opaque cursor. */
  async list(tenantId: string, filter: AlertFilter, limit: number, cursor?: string): Promise<AlertPage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const rows =
      filter.entities !== undefined && filter.entities.length > 0
        ? await this.listByEntity(tenantId, filter, filter.entities, limit, after)
        : await this.listByTime(tenantId, filter, limit, after);
    const items = rows.slice(0, limit).map(toAlertSummary);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items, nextCursor: last === undefined ? null : encodeCursor(last.occurred_at, last.seq) };
  }

  /** Walks the (tenant, occurred_at, seq) index newest first, applying the filters. */
  private listByTime(tenantId: string, filter: AlertFilter, limit: number, after: Cursor | undefined) {
    let query = this.db.selectFrom('alerts').select(SUMMARY_COLUMNS).where('alerts.tenant_id', '=', tenantId);
    query = this.applyFilters(query, filter);
    if (after !== undefined) {
      query = query.where((eb) =>
        eb.or([eb('alerts.occurred_at', '<', after.occurredAt), eb.and([eb('alerts.occurred_at', '=', after.occurredAt), eb('alerts.seq', '<', after.seq)])]),
      );
    }
    return query.orderBy('alerts.occurred_at', 'desc').orderBy('alerts.seq', 'desc').limit(limit + 1).execute();
  }

  /**
   * Starts from the entity index (a host or IP names few alerts among millions) and joins the alerts:
   * SQLite's CROSS JOIN keeps that order instead of scanning every alert by time.
   */
  private listByEntity(tenantId: string, filter: AlertFilter, entities: readonly string[], limit: number, after: Cursor | undefined) {
    let query = this.db
      .selectFrom('alert_entities as e')
      .crossJoin('alerts')
      .select(SUMMARY_COLUMNS.map((c) => `alerts.${c}` as const))
      .distinct()
      .whereRef('alerts.seq', '=', 'e.alert_seq')
      .where('e.tenant_id', '=', tenantId)
      .where('e.kind', 'in', ['hostname', 'ip'])
      .where('e.value', 'in', entities.map((e) => e.toLowerCase()))
      .where('alerts.tenant_id', '=', tenantId);
    query = this.applyFilters(query, filter);
    if (after !== undefined) {
      query = query.where((eb) =>
        eb.or([eb('e.occurred_at', '<', after.occurredAt), eb.and([eb('e.occurred_at', '=', after.occurredAt), eb('e.alert_seq', '<', after.seq)])]),
      );
    }
    return query.orderBy('alerts.occurred_at', 'desc').orderBy('alerts.seq', 'desc').limit(limit + 1).execute();
  }

  private applyFilters<Q extends SelectQueryBuilder<Database & { e: Database['alert_entities'] }, 'alerts' | 'e', object> | SelectQueryBuilder<Database, 'alerts', object>>(
    query: Q,
    filter: AlertFilter,
  ): Q {
    // Each condition only names alerts columns, valid in both list queries.
    let q = query as unknown as SelectQueryBuilder<Database, 'alerts', object>;
    if (filter.from !== undefined) q = q.where('alerts.occurred_at', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('alerts.occurred_at', '<', filter.to);
    if (filter.sources !== undefined && filter.sources.length > 0) q = q.where('alerts.source', 'in', filter.sources);
    if (filter.severities !== undefined && filter.severities.length > 0) q = q.where('alerts.severity_id', 'in', filter.severities.map(severityId));
    if (filter.minSeverity !== undefined) q = q.where('alerts.severity_id', '>=', severityId(filter.minSeverity)).where('alerts.severity_id', '<', 99);
    if (filter.ruleId !== undefined) q = q.where('alerts.rule_id', '=', filter.ruleId);
    if (filter.text !== undefined && filter.text.trim() !== '') {
      const pattern = `%${filter.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const op = sql.raw(this.caps.caseInsensitiveLike);
      const esc = this.caps.likeEscape();
      q = q.where((eb) => eb.or([sql<boolean>`${eb.ref('alerts.title')} ${op} ${pattern} ${esc}`, sql<boolean>`${eb.ref('alerts.rule_name')} ${op} ${pattern} ${esc}`]));
    }
    return q as unknown as Q;
  }

  /** Alerts of every tenant after a sequence number, in order: how store consumers follow intake. */
  async afterSeq(afterSeq: number, limit: number, receivedBefore?: number): Promise<AlertSummary[]> {
    let query = this.db.selectFrom('alerts').select(SUMMARY_COLUMNS).where('seq', '>', afterSeq);
    if (receivedBefore !== undefined) query = query.where('received_at', '<', receivedBefore);
    const rows = await query.orderBy('seq').limit(limit).execute();
    return rows.map(toAlertSummary);
  }

  async count(tenantId: string): Promise<number> {
    const row = await this.db
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    return row.n;
  }
}

function encodeCursor(occurredAt: number, seq: number): string {
  return Buffer.from(JSON.stringify([occurredAt, seq])).toString('base64url');
}

interface Cursor {
  readonly occurredAt: number;
  readonly seq: number;
}

function decodeCursor(cursor: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => Number.isSafeInteger(v))) {
      return { occurredAt: value[0] as number, seq: value[1] as number };
    }
  } catch {
    // fall through to the user error below
  }
  throw userError('bad_cursor', 'cursor is not one this server issued; start again without it');
}
