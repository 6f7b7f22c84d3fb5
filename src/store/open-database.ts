import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { operationalError } from '../core/errors.ts';
import {
  postgresCapabilities,
  sqliteCapabilities,
  type DialectCapabilities,
} from './dialect-capabilities.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly caps: DialectCapabilities;
  /** Human-readable location with any password removed, for logs. */
  readonly location: string;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** `postgres://…` opens PostgreSQL; anything else is a SQLite file path (`:memory:` for tests). */
export function openDatabase(url: string, options: { poolSize?: number; sqliteAutoCheckpoint?: boolean } = {}): DatabaseHandle {
  return isPostgresUrl(url) ? openPostgres(url, options.poolSize ?? 10) : openSqlite(sqlitePath(url), options.sqliteAutoCheckpoint ?? true);
}

export function sqlitePath(url: string): string {
  return url.replace(/^sqlite:/, '');
}

/** A better-sqlite3 connection with Vigil's settings (the store's, and the intake writer thread's own). */
export function openSqliteConnection(path: string, options: { autoCheckpoint: boolean } = { autoCheckpoint: true }): BetterSqlite3.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  // WAL lets readers run beside the writer; synchronous=FULL makes a commit durable (fsync'd) before it
  // returns, which is what lets intake acknowledge an alert only once it is on disk.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -65536');
  // A checkpoint runs in whichever connection commits past the threshold, stalling it; when intake writes on
  // its own thread, that thread checkpoints on its own schedule and the request thread never does.
  if (!options.autoCheckpoint) sqlite.pragma('wal_autocheckpoint = 0');
  return sqlite;
}

function openSqlite(path: string, autoCheckpoint: boolean): DatabaseHandle {
  const sqlite = openSqliteConnection(path, { autoCheckpoint });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, caps: sqliteCapabilities, location: path, close: () => db.destroy() };
}

const INT8_OID = 20;
const builtinParser = pg.types.getTypeParser as (oid: number, format: 'text' | 'binary') => unknown;

/** int8 (bigint) as a JavaScript number: epoch milliseconds and sequence numbers stay well within 2^53. */
function typeParser(oid: number, format?: 'text' | 'binary'): unknown {
  if (oid === INT8_OID) return (value: string) => Number(value);
  return builtinParser(oid, format ?? 'text');
}

function openPostgres(url: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // bigint (int8) columns hold epoch milliseconds and sequence numbers, well within 2^53.
    types: { getTypeParser: typeParser as pg.CustomTypesConfig['getTypeParser'] },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, caps: postgresCapabilities, location: redactUrl(url), close: () => db.destroy() };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable database URL)';
  }
}

/** Applies every pending migration; throws an operational error naming the failed one. */
export async function migrateToLatest(handle: DatabaseHandle): Promise<readonly string[]> {
  const migrator = new Migrator({
    db: handle.db,
    provider: migrationProvider(handle.caps),
    migrationTableName: 'vigil_migrations',
    migrationLockTableName: 'vigil_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    throw operationalError(
      'migration_failed',
      `database migration ${failed?.migrationName ?? ''} failed on ${handle.location}`,
      error,
    );
  }
  return (results ?? []).map((r) => r.migrationName);
}
