import type { Alert } from '../core/alert.ts';
import type { Kysely } from 'kysely';
import type { Database, NewAlert, Store } from '../store/index.ts';
import type { RawEvent } from './parser.ts';

export interface WriteJob {
  readonly tenantId: string;
  readonly alerts: readonly NewAlert[];
  readonly events: readonly RawEvent[];
  readonly receivedAt: number;
}

export interface WriteResult {
  readonly stored: readonly Alert[];
  readonly duplicates: readonly number[];
  readonly eventsStored: number;
}

interface Pending {
  readonly job: WriteJob;
  resolve(result: WriteResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit: requests that arrive while a transaction is running wait, then share the next
 * transaction, so many small requests cost one durable commit (one fsync) instead of one each.
 * Nothing resolves before its transaction has committed: an acknowledged alert is a durable alert.
 */
export class IntakeWriter {
  private readonly store: Store;
  private readonly maxAlertsPerCommit: number;
  private queue: Pending[] = [];
  private running = false;

  constructor(store: Store, options: { maxAlertsPerCommit?: number } = {}) {
    this.store = store;
    this.maxAlertsPerCommit = options.maxAlertsPerCommit ?? 20_000;
  }

  write(job: WriteJob): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const group = this.takeGroup();
        try {
          const results = await this.store.handle.db
            .transaction()
            .execute(async (trx) => {
              const out: WriteResult[] = [];
              for (const { job } of group) out.push(await this.writeJob(trx, job));
              return out;
            });
          group.forEach((p, i) => p.resolve(results[i] ?? { stored: [], duplicates: [], eventsStored: 0 }));
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
        pending.resolve(await this.store.handle.db.transaction().execute((trx) => this.writeJob(trx, pending.job)));
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  private async writeJob(trx: Kysely<Database>, job: WriteJob): Promise<WriteResult> {
    const inserted = await this.store.alerts.insertBatch(trx, job.tenantId, job.alerts);
    const eventsStored =
      job.events.length === 0
        ? 0
        : (await this.store.rawEvents.insertBatch(trx, job.tenantId, job.events, job.receivedAt)).length;
    return { stored: inserted.stored, duplicates: inserted.duplicates, eventsStored };
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
