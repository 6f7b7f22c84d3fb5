import type { Clock } from '../core/clock.ts';
import { WakeableLoop } from '../core/wakeable-loop.ts';
import type { AlertSummary, Store } from '../store/index.ts';
import type { AiTriage } from './ai-triage.ts';
import type { IncidentChange, IncidentFeed } from './incident-feed.ts';
import type { OnDutySource } from './on-duty.ts';
import { ConcurrentChange, routeTenantBatch, type TenantBatch } from './tenant-batch.ts';
import type { TenantContexts } from './tenant-context.ts';

export interface RouterOptions {
  readonly consumer?: string;
  readonly batchSize?: number;
  readonly pollMs?: number;
}

/**
 * Follows the alert sequence in the store and turns alerts into incidents: groups each alert into an
 * open incident that shares an entity (or opens one), sets priority and queue, assigns new incidents to
 * the least-loaded on-duty analyst of the queue's tier, and writes it all with the timeline and the new
 * position in one transaction: an alert is routed exactly once, even across restarts and workers.
 */
export class AlertRouter {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly contexts: TenantContexts;
  private readonly onDuty: OnDutySource;
  private readonly feed: IncidentFeed;
  private readonly triage: AiTriage | undefined;
  private readonly consumer: string;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private loop: WakeableLoop | undefined;

  constructor(
    deps: { store: Store; clock: Clock; contexts: TenantContexts; onDuty: OnDutySource; feed: IncidentFeed; triage?: AiTriage | undefined },
    options: RouterOptions = {},
  ) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.contexts = deps.contexts;
    this.onDuty = deps.onDuty;
    this.feed = deps.feed;
    this.triage = deps.triage;
    this.consumer = options.consumer ?? 'workflow.alert-router';
    this.batchSize = options.batchSize ?? 2_000;
    this.pollMs = options.pollMs ?? 1_000;
  }

  /** Polls, and routes at once whenever `wake()` says intake stored something. */
  start(onError: (error: unknown) => void = () => undefined): void {
    this.loop = new WakeableLoop(() => this.drain(), onError);
    this.loop.start(this.pollMs);
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  wake(): void {
    this.loop?.wake();
  }

  /** Routes everything pending; resolves with how many alerts were routed. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  /** Routes one batch. A conflict with a concurrent writer rolls back and retries the batch. */
  async runOnce(): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.routeBatch();
      } catch (error) {
        if (!(error instanceof ConcurrentChange) || attempt >= 5) throw error;
      }
    }
  }

  private async routeBatch(): Promise<number> {
    const from = await this.store.offsets.get(this.consumer);
    const now = this.clock.now().getTime();
    const settle = this.store.handle.caps.sequenceSettleMs;
    const alerts = await this.store.alerts.afterSeq(from, this.batchSize, settle > 0 ? now - settle : undefined);
    const last = alerts.at(-1);
    if (last === undefined) return 0;

    const byTenant = new Map<string, AlertSummary[]>();
    for (const alert of alerts) {
      const list = byTenant.get(alert.tenantId) ?? [];
      list.push(alert);
      byTenant.set(alert.tenantId, list);
    }
    // Everything read outside the transaction is read first: on SQLite the transaction holds the only
    // connection, so a read through the plain handle inside it would wait forever.
    const prepared: TenantBatch[] = [];
    for (const [tenantId, tenantAlerts] of byTenant) {
      const ctx = await this.contexts.get(tenantId, now);
      const engine = await this.triage?.engineFor(ctx);
      prepared.push({ ctx, onDuty: await this.onDuty.onDuty(tenantId, now), engine, alerts: tenantAlerts, now });
    }
    const changes: IncidentChange[] = [];
    await this.store.handle.db.transaction().execute(async (trx) => {
      for (const batch of prepared) changes.push(...(await routeTenantBatch(this.store, trx, batch)));
      if (!(await this.store.offsets.advance(trx, this.consumer, from, last.seq, now))) throw new ConcurrentChange();
    });
    this.feed.publish(changes);
    return alerts.length;
  }
}
