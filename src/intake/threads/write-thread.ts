import { startModuleWorker } from '../../core/ts-worker.ts';
import { WorkerRpc } from '../../core/worker-rpc.ts';
import type { GroupWriter, PreparedJob, WrittenJob } from '../group-writer.ts';

/**
 * Group commits on a dedicated thread with its own SQLite connection: the request thread keeps parsing
 * while the previous group is written. Jobs cross as plain rows. Used by the intake paths that parse on
 * the request thread (Splunk HEC, syslog, detection's alerts); bodies sent to /api/v1/alerts and
 * /api/v1/events are parsed and written by the intake pool instead.
 */
export class ThreadGroupWriter implements GroupWriter {
  private readonly rpc: WorkerRpc<readonly PreparedJob[], WrittenJob[]>;

  constructor(databasePath: string, lock: SharedArrayBuffer) {
    const worker = startModuleWorker(new URL('./write-thread-worker.ts', import.meta.url), { workerData: { path: databasePath, lock } });
    this.rpc = new WorkerRpc(worker, 'intake writer');
  }

  write(jobs: readonly PreparedJob[]): Promise<WrittenJob[]> {
    return this.rpc.call(jobs);
  }

  /** Closes the writer's connection (checkpointing its WAL) and ends the thread. */
  close(): Promise<void> {
    return this.rpc.close();
  }
}
