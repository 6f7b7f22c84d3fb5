import { workerData } from 'node:worker_threads';
import { serveRpc } from '../../core/worker-rpc.ts';
import type { PreparedJob } from '../group-writer.ts';
import { SqliteIntakeConnection } from './sqlite-intake-connection.ts';

/** The SQLite writer thread: each request is one group commit on this thread's own connection. */
const { path, lock } = workerData as { path: string; lock: SharedArrayBuffer };
const connection = new SqliteIntakeConnection(path, lock);
serveRpc(
  (jobs: readonly PreparedJob[]) => connection.writeGroup(jobs),
  () => { connection.close(); },
);
