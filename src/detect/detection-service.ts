import type { Clock } from '../core/clock.ts';
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
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private again = false;
  private stopped = true;
  private onError: (error: unknown) => void = () => undefined;

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
    this.onError = onError;
    this.stopped = false;
    this.timer = setInterval(() => { this.wake(); }, pollMs);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running;
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => { this.onError(error); })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
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
