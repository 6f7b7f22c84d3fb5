import type { Clock } from '../core/clock.ts';
import { WakeableLoop } from '../core/wakeable-loop.ts';
import type { PositionedOutcome } from '../intake/intake-service.ts';
import type { StoredRawEvent, Store } from '../store/index.ts';
import { loadRuleSet, sigmaMatchToParsedAlert, type RuleSetResult } from './index.ts';

export interface DetectionConfig {
  readonly ruleDirs: readonly string[];
  readonly pipelines: readonly string[];
  readonly placeholders: Readonly<Record<string, readonly string[]>>;
}

/** Where detection sends its alerts: the normal intake path (already parsed). */
export type AlertSink = (tenantId: string, outcomes: readonly PositionedOutcome[]) => Promise<unknown>;

/**
 * Runs the Sigma rules over every raw event the store receives: follows the raw-event sequence from a
 * stored offset, evaluates each event with its tenant's engine (one per tenant, so correlation state
 * never mixes tenants), and sends each match into intake as an alert whose finding uid names the rule
 * and the event: if Vigil stops between sending and moving the offset, the repeat is a duplicate.
 * Correlation windows live in memory and start empty after a restart.
 */
export class DetectionService {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly sink: AlertSink;
  private readonly config: DetectionConfig;
  private readonly engines = new Map<string, Promise<RuleSetResult>>();
  private readonly consumer = 'detect.sigma';
  private loop: WakeableLoop | undefined;

  constructor(deps: { store: Store; clock: Clock; sink: AlertSink; config: DetectionConfig }) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.sink = deps.sink;
    this.config = deps.config;
  }

  /** Loads (once) the rules for a tenant; the result says which rules could not be used and why. */
  ruleSet(tenantId: string): Promise<RuleSetResult> {
    let engine = this.engines.get(tenantId);
    if (engine === undefined) {
      engine = loadRuleSet({ ruleDirs: this.config.ruleDirs, pipelines: this.config.pipelines, placeholders: this.config.placeholders, clock: this.clock });
      this.engines.set(tenantId, engine);
    }
    return engine;
  }

  start(onError: (error: unknown) => void, pollMs = 1_000): void {
    this.loop = new WakeableLoop(() => this.drain(), onError);
    this.loop.start(pollMs);
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  wake(): void {
    this.loop?.wake();
  }

  /** Evaluates everything pending; resolves with the number of alerts produced. */
  async drain(batchSize = 1_000): Promise<number> {
    let produced = 0;
    for (;;) {
      const from = await this.store.offsets.get(this.consumer);
      const settle = this.store.handle.caps.sequenceSettleMs;
      const events = await this.store.rawEvents.afterSeq(from, batchSize, settle > 0 ? this.clock.now().getTime() - settle : undefined);
      const last = events.at(-1);
      if (last === undefined) return produced;
      produced += await this.evaluate(events);
      const now = this.clock.now().getTime();
      await this.store.handle.db.transaction().execute(async (trx) => {
        // Only this consumer moves its offset; a lost race means another worker did the same batch.
        await this.store.offsets.advance(trx, this.consumer, from, last.seq, now);
      });
      if (events.length < batchSize) return produced;
    }
  }

  private async evaluate(events: readonly StoredRawEvent[]): Promise<number> {
    const byTenant = new Map<string, StoredRawEvent[]>();
    for (const e of events) byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
    let produced = 0;
    for (const [tenantId, tenantEvents] of byTenant) {
      const { engine } = await this.ruleSet(tenantId);
      const outcomes: PositionedOutcome[] = [];
      for (const event of tenantEvents) {
        for (const match of engine.evaluate(event.fields)) {
          const alert = sigmaMatchToParsedAlert(match, event.receivedAt);
          const outcome = { kind: 'alert' as const, alert: { ...alert, findingUid: `${alert.ruleId ?? alert.title}@${event.seq}` } };
          outcomes.push({ position: { index: outcomes.length }, outcome });
        }
      }
      if (outcomes.length > 0) {
        await this.sink(tenantId, outcomes);
        produced += outcomes.length;
      }
    }
    return produced;
  }
}
