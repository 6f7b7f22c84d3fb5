import type BetterSqlite3 from 'better-sqlite3';
import { openSqliteConnection } from '../../store/open-database.ts';
import { SqliteBulkWriter } from '../../store/sqlite-bulk-writer.ts';
import type { PreparedJob, WrittenJob } from '../group-writer.ts';
import { WriteLock } from './write-lock.ts';

/** After writes pause this long, the WAL is checkpointed; under steady load, at least this often. */
const IDLE_CHECKPOINT_MS = 200;
const MAX_CHECKPOINT_INTERVAL_MS = 10_000;

/**
 * A writer thread's own connection to the SQLite file: prepared statements, group commits under the
 * shared write lock, and the WAL checkpoints (no connection checkpoints automatically when intake writes
 * off the request thread, so the request thread never stalls on one).
 */
export class SqliteIntakeConnection {
  readonly sqlite: BetterSqlite3.Database;
  private readonly writer: SqliteBulkWriter;
  private readonly lock: WriteLock;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(path: string, lock: SharedArrayBuffer) {
    this.sqlite = openSqliteConnection(path, { autoCheckpoint: false });
    this.writer = new SqliteBulkWriter(this.sqlite);
    this.lock = new WriteLock(lock);
  }

  writeGroup(jobs: readonly PreparedJob[]): WrittenJob[] {
    const results = this.lock.hold(() => this.writer.writeGroup(jobs));
    this.afterWrite();
    return results.map((r) => ({ ...r.written, eventsStored: r.eventsStored }));
  }

  close(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.checkpoint();
    this.sqlite.close();
  }

  private afterWrite(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    if (this.lock.claimCheckpoint(Date.now(), MAX_CHECKPOINT_INTERVAL_MS)) this.checkpoint();
    this.idleTimer = setTimeout(() => { this.checkpoint(); }, IDLE_CHECKPOINT_MS);
    this.idleTimer.unref();
  }

  private checkpoint(): void {
    this.sqlite.pragma('wal_checkpoint(PASSIVE)');
  }
}
