import type { Store } from '../store/index.ts';
import { writePreparedBatch, type PreparedBatch, type WrittenBatch } from '../store/alert-batch.ts';
import type { RawEventRow } from '../store/sqlite-bulk-writer.ts';

/** One request's share of a group commit: its prepared alerts and raw events. */
export interface PreparedJob {
  readonly batch: PreparedBatch;
  readonly events: readonly RawEventRow[];
}

export interface WrittenJob extends WrittenBatch {
  readonly eventsStored: number;
}

/**
 * Writes a group of jobs in one transaction and resolves only after the commit. Two adapters: inline on
 * the store's own connection, or on a dedicated SQLite writer thread (write-thread.ts) so that parsing
 * and writing use both cores.
 */
export interface GroupWriter {
  write(jobs: readonly PreparedJob[]): Promise<WrittenJob[]>;
  close(): Promise<void>;
}

export async function writeJobs(store: Store, jobs: readonly PreparedJob[]): Promise<WrittenJob[]> {
  return store.handle.db.transaction().execute(async (trx) => {
    const out: WrittenJob[] = [];
    for (const job of jobs) {
      const written = await writePreparedBatch(trx, job.batch);
      const eventsStored = job.events.length === 0 ? 0 : (await store.rawEvents.insertRows(trx, job.events)).length;
      out.push({ ...written, eventsStored });
    }
    return out;
  });
}

export class InlineGroupWriter implements GroupWriter {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }
  write(jobs: readonly PreparedJob[]): Promise<WrittenJob[]> {
    return writeJobs(this.store, jobs);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
