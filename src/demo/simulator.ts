import type { Clock } from '../core/clock.ts';
import type { FormatRegistry } from '../intake/format-registry.ts';
import type { IntakeService } from '../intake/intake-service.ts';
import { recordsFromValue } from '../intake/records.ts';
import { createRawEventParser } from '../intake/raw-event-parser.ts';
import { attackChain, noiseAlert, type SimulatedRecord } from './alert-templates.ts';
import { seededRandom } from './random.ts';

export interface SimulatorOptions {
  readonly tenantId: string;
  readonly alertsPerMinute: number;
  /** Chance per minute that an intrusion starts. */
  readonly attackChancePerMinute?: number;
  readonly seed?: number;
}

/**
 * Keeps a realistic trickle of alerts flowing into the demo tenant through the real intake path:
 * busier in business hours, quieter at night, and now and then an intrusion worth waking up for.
 * A separate module the composition root starts only in demo mode; `stop()` ends it.
 */
export class AlertSimulator {
  private readonly deps: { intake: IntakeService; formats: FormatRegistry; clock: Clock };
  private readonly options: SimulatorOptions;
  private readonly random: () => number;
  private timer: NodeJS.Timeout | undefined;
  private pending: SimulatedRecord[] = [];

  constructor(deps: { intake: IntakeService; formats: FormatRegistry; clock: Clock }, options: SimulatorOptions) {
    this.deps = deps;
    this.options = options;
    this.random = seededRandom(options.seed ?? Date.now());
  }

  start(intervalMs = 2_000): void {
    this.timer = setInterval(() => {
      this.tick(intervalMs).catch(() => undefined);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One step: the records due in the last `elapsedMs`, sent through intake. Returns how many were sent. */
  async tick(elapsedMs: number): Promise<number> {
    const now = this.deps.clock.now();
    const hour = now.getUTCHours();
    const busy = hour >= 8 && hour < 18 ? 1.4 : 0.6;
    const expected = (this.options.alertsPerMinute * busy * elapsedMs) / 60_000;
    let count = Math.floor(expected) + (this.random() < expected % 1 ? 1 : 0);
    const records: SimulatedRecord[] = [];
    while (count-- > 0) records.push(noiseAlert(this.random, new Date(now.getTime() - this.random() * elapsedMs)));
    if (this.random() < ((this.options.attackChancePerMinute ?? 0.01) * elapsedMs) / 60_000) {
      this.pending.push(...attackChain(this.random, now));
    }
    const due = this.pending.filter((r) => Date.parse(String(r.record['timestamp']).replace('+0000', 'Z')) <= now.getTime());
    this.pending = this.pending.filter((r) => !due.includes(r));
    records.push(...due);
    for (const format of ['wazuh', 'suricata', 'event'] as const) {
      const batch = records.filter((r) => r.format === format).map((r) => r.record);
      if (batch.length === 0) continue;
      const parser = format === 'event' ? createRawEventParser('windows') : this.deps.formats.require(format);
      await this.deps.intake.ingest(this.options.tenantId, parser, recordsFromValue(batch));
    }
    return records.length;
  }
}
