import type { NewAlert } from '../store/index.ts';
import { completeBatchRefs, prepareAlertBatch, type StoredRef } from '../store/alert-batch.ts';
import { toRawEventRow } from '../store/raw-event-repository.ts';
import type { GroupWriter, PreparedJob, WrittenJob } from './group-writer.ts';
import type { RawEvent } from './parser.ts';

export interface WriteJob {
  readonly tenantId: string;
  readonly alerts: readonly NewAlert[];
  readonly events: readonly RawEvent[];
  readonly receivedAt: number;
}

export interface WriteResult {
  readonly stored: readonly StoredRef[];
  readonly duplicates: readonly number[];
  readonly eventsStored: number;
}

interface Pending {
  readonly job: WriteJob;
  readonly prepared: PreparedJob;
  resolve(result: WriteResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit: requests that arrive while a transaction is running wait, then share the next
 * transaction, so many small requests cost one durable commit (one fsync) instead of one each.
 * Nothing resolves before its transaction has committed: an acknowledged alert is a durable alert.
 */
export class IntakeWriter {
  private readonly writer: GroupWriter;
  private readonly maxAlertsPerCommit: number;
  private queue: Pending[] = [];
  private running = false;

  constructor(writer: GroupWriter, options: { maxAlertsPerCommit?: number } = {}) {
    this.writer = writer;
    this.maxAlertsPerCommit = options.maxAlertsPerCommit ?? 20_000;
  }

  write(job: WriteJob): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      // Rows are built here, on the request's thread; the writer only writes.
      const prepared: PreparedJob = {
        batch: prepareAlertBatch(job.tenantId, job.alerts),
        events: job.events.map((e) => toRawEventRow(job.tenantId, e, job.receivedAt)),
      };
      this.queue.push({ job, prepared, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  close(): Promise<void> {
    return this.writer.close();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const group = this.takeGroup();
        try {
          const results = await this.writer.write(group.map((p) => p.prepared));
          group.forEach((p, i) => { this.settle(p, results[i]); });
        } catch (error) {
          if (group.length === 1) group[0]?.reject(error);
          else await this.writeEachAlone(group);
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** After a shared commit failed: one bad job must not fail its neighbours, so each runs alone. */
  private async writeEachAlone(group: readonly Pending[]): Promise<void> {
    for (const pending of group) {
      try {
        this.settle(pending, (await this.writer.write([pending.prepared]))[0]);
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  private settle(pending: Pending, written: WrittenJob | undefined): void {
    if (written === undefined) {
      pending.reject(new Error('the writer returned no result for a job'));
      return;
    }
    const { stored, duplicates } = completeBatchRefs(pending.prepared.batch, written);
    pending.resolve({ stored, duplicates, eventsStored: written.eventsStored });
  }

  private takeGroup(): Pending[] {
    const group: Pending[] = [];
    let alerts = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0];
      if (next === undefined) break;
      if (group.length > 0 && alerts + next.job.alerts.length > this.maxAlertsPerCommit) break;
      group.push(next);
      alerts += next.job.alerts.length;
      this.queue.shift();
    }
    return group;
  }
}
