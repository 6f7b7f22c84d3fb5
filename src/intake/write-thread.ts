import type { Worker } from 'node:worker_threads';
import { operationalError } from '../core/errors.ts';
import { startModuleWorker } from '../core/ts-worker.ts';
import type { GroupWriter, PreparedJob, WrittenJob } from './group-writer.ts';

type Reply = { id: number; results: WrittenJob[] } | { id: number; error: string } | { ready: true } | { closed: true };

/**
 * Group commits on a dedicated thread with its own SQLite connection: the main thread keeps parsing
 * requests while the previous group is written, so intake uses both cores. Jobs cross as plain rows.
 */
export class ThreadGroupWriter implements GroupWriter {
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private readonly pending = new Map<number, { resolve: (r: WrittenJob[]) => void; reject: (e: unknown) => void }>();
  private nextId = 1;
  private closed: (() => void) | undefined;

  constructor(databasePath: string) {
    this.worker = startModuleWorker(new URL('./write-thread-worker.ts', import.meta.url), { workerData: { path: databasePath } });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.on('message', (reply: Reply) => {
        if ('ready' in reply) {
          resolve();
          this.refWhileBusy();
          return;
        }
        if ('closed' in reply) {
          this.closed?.();
          return;
        }
        const waiting = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (waiting === undefined) return;
        this.refWhileBusy();
        if ('error' in reply) waiting.reject(operationalError('write_failed', `alert write failed: ${reply.error}`));
        else waiting.resolve(reply.results);
      });
    });
    this.worker.on('error', (error) => {
      for (const waiting of this.pending.values()) waiting.reject(operationalError('write_thread_failed', 'the writer thread stopped', error));
      this.pending.clear();
    });
  }

  /** An idle writer thread must not keep the process alive; a busy one must, or its answer is lost. */
  private refWhileBusy(): void {
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  async write(jobs: readonly PreparedJob[]): Promise<WrittenJob[]> {
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.refWhileBusy();
      this.worker.postMessage({ id, jobs });
    });
  }

  /** Closes the writer's connection (checkpointing its WAL) and ends the thread. */
  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    this.worker.ref();
    const closed = new Promise<void>((resolve) => (this.closed = resolve));
    this.worker.postMessage({ close: true });
    await closed;
    await this.worker.terminate();
  }
}
