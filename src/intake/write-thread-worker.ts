import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteConnection } from '../store/open-database.ts';
import { SqliteBulkWriter } from '../store/sqlite-bulk-writer.ts';
import type { PreparedJob, WrittenJob } from './group-writer.ts';

/**
 * The SQLite writer thread: its own connection to the same database file (WAL lets the main thread's
 * connection read meanwhile), statements prepared once; each message is one group commit.
 */
const sqlite = openSqliteConnection((workerData as { path: string }).path, { autoCheckpoint: false });
const writer = new SqliteBulkWriter(sqlite);

/**
 * WAL checkpoints run here, off the request path: when writes pause for a moment, and at least every
 * 10 s under steady load so the WAL stays small.
 */
const IDLE_MS = 200;
const MAX_INTERVAL_MS = 10_000;
let lastCheckpoint = Date.now();
let idleTimer: NodeJS.Timeout | undefined;
function checkpoint(): void {
  sqlite.pragma('wal_checkpoint(PASSIVE)');
  lastCheckpoint = Date.now();
}
function afterWrite(): void {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  if (Date.now() - lastCheckpoint > MAX_INTERVAL_MS) checkpoint();
  idleTimer = setTimeout(checkpoint, IDLE_MS);
  idleTimer.unref();
}
const port = parentPort;
if (port === null) throw new Error('write-thread-worker must run as a worker thread');

port.on('message', (message: { id: number; jobs: PreparedJob[] } | { close: true }) => {
  if ('close' in message) {
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    checkpoint();
    sqlite.close();
    port.postMessage({ closed: true });
    return;
  }
  try {
    const results: WrittenJob[] = writer.writeGroup(message.jobs).map((r) => ({ ...r.written, eventsStored: r.eventsStored }));
    port.postMessage({ id: message.id, results });
    afterWrite();
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
});
port.postMessage({ ready: true });
