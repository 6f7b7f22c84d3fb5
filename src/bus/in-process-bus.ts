/**
 * The embedded bus: one process, zero set-up. Messages live in an in-memory log for the life of the
 * process ("durable" means: in the log, with every durable consumer's position kept while the process
 * lives). Semantics match the JetStream adapter: subject space `<prefix>.>`, dedupe window on message
 * ids, durable consumers that resume, redelivery with backoff, dead letters, maxInFlight backpressure.
 * What survives a restart is the store's business, not this bus's.
 */
import type { Clock } from '../core/clock.ts';
import { systemClock } from '../core/clock.ts';
import { operationalError } from '../core/errors.ts';
import type { Bus, BusLogger, BusPayload, ConsumeOptions, Consumer, PublishAck, PublishOptions } from './bus.ts';
import { DEAD_LETTER_HEADERS, busError, checkHeaders, encodePayload, resolveConsumeOptions, silentLogger } from './bus.ts';
import type { DurableHost, StoredMessage } from './in-process-durable.ts';
import { InProcessDurable } from './in-process-durable.ts';
import { assertDurableName, assertFilter, assertPublishSubject, compileFilter, filterWithin } from './subject.ts';

export interface InProcessBusOptions {
  /** Subject space: publishes go to `<prefix>.…`; dead letters to `<prefix>-dlq.<durable>`. Default `vigil`. */
  readonly prefix?: string;
  /** How long a message id is remembered for dedupe. Default 2 minutes (JetStream's default). */
  readonly dedupeWindowMs?: number;
  /** Acked messages kept for durables created later (deliver-all). Default 10,000. */
  readonly maxRetained?: number;
  /** Messages held at most; beyond, publish fails with `bus_full` instead of dropping. Default 1,000,000. */
  readonly maxMessages?: number;
  readonly logger?: BusLogger;
  readonly clock?: Clock;
}

export function createInProcessBus(options: InProcessBusOptions = {}): Bus {
  return new InProcessBus(options);
}

class InProcessBus implements Bus, DurableHost {
  readonly logger: BusLogger;
  private readonly prefix: string;
  private readonly spaces: readonly string[];
  private readonly dedupeWindowMs: number;
  private readonly maxRetained: number;
  private readonly maxMessages: number;
  private readonly clock: Clock;
  /** log[i] has sequence `base + i`; `head` entries at the front are trimmed and compacted lazily. */
  private log: (StoredMessage | undefined)[] = [];
  private base = 1;
  private head = 0;
  private readonly seen = new Map<string, { readonly seq: number; readonly at: number }>();
  private readonly durables = new Map<string, InProcessDurable>();
  private readonly consumers = new Set<Consumer>();
  private pumpQueued = false;
  private closed = false;

  constructor(options: InProcessBusOptions) {
    this.prefix = options.prefix ?? 'vigil';
    assertPublishSubject(this.prefix);
    this.spaces = [`${this.prefix}.>`, `${this.prefix}-dlq.>`];
    this.dedupeWindowMs = options.dedupeWindowMs ?? 120_000;
    this.maxRetained = options.maxRetained ?? 10_000;
    this.maxMessages = options.maxMessages ?? 1_000_000;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
  }

  publish(subject: string, payload: BusPayload, opts: PublishOptions = {}): Promise<PublishAck> {
    try {
      return Promise.resolve(this.append(subject, encodePayload(payload), opts.headers ?? {}, opts.msgId));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  async consume(filter: string, opts: ConsumeOptions): Promise<Consumer> {
    this.assertOpen();
    assertFilter(filter);
    assertDurableName(opts.durable);
    if (!this.spaces.some((space) => filterWithin(space, filter))) {
      throw busError('bus_bad_subject', `filter ${filter} is outside the bus's subjects ${this.spaces.join(', ')}`);
    }
    const o = resolveConsumeOptions(opts);
    let durable = this.durables.get(o.durable);
    if (durable === undefined) {
      durable = new InProcessDurable(o.durable, filter, compileFilter(filter), o, this, this.base + this.head);
      this.durables.set(o.durable, durable);
    } else if (durable.filter !== filter) {
      throw busError('bus_durable_conflict', `durable ${o.durable} already consumes ${durable.filter}, not ${filter}`);
    } else {
      durable.configure(o);
    }
    const detach = durable.attach(o.handler, o.maxInFlight);
    let closing: Promise<void> | undefined;
    const consumer: Consumer = {
      durable: o.durable,
      close: () => {
        closing ??= detach().finally(() => this.consumers.delete(consumer));
        return closing;
      },
    };
    this.consumers.add(consumer);
    return Promise.resolve(consumer);
  }

  deadLetterSubject(durable: string): string {
    return `${this.prefix}-dlq.${durable}`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((c) => c.close()));
    for (const d of this.durables.values()) d.stop();
  }

  // DurableHost

  nextSeq(): number {
    return this.base + this.log.length;
  }

  get(seq: number): StoredMessage | undefined {
    const i = seq - this.base;
    return i >= this.head ? this.log[i] : undefined;
  }

  async deadLetter(msg: StoredMessage, durable: string, attempts: number, error: string): Promise<void> {
    const headers = {
      ...msg.headers,
      [DEAD_LETTER_HEADERS.subject]: msg.subject,
      [DEAD_LETTER_HEADERS.durable]: durable,
      [DEAD_LETTER_HEADERS.attempts]: String(attempts),
      [DEAD_LETTER_HEADERS.error]: error,
      [DEAD_LETTER_HEADERS.seq]: String(msg.seq),
    };
    // The id makes dead-lettering idempotent should it be retried.
    await this.publish(this.deadLetterSubject(durable), msg.data, { headers, msgId: `dlq:${durable}:${msg.seq}` });
  }

  private append(subject: string, data: Uint8Array, headers: Readonly<Record<string, string>>, msgId: string | undefined): PublishAck {
    this.assertOpen();
    assertPublishSubject(subject);
    if (!subject.startsWith(`${this.prefix}.`) && !subject.startsWith(`${this.prefix}-dlq.`)) {
      throw busError('bus_bad_subject', `subject ${subject} is outside the bus's subjects ${this.spaces.join(', ')}`);
    }
    checkHeaders(headers);
    const at = this.clock.now().getTime();
    if (msgId !== undefined) {
      this.forgetExpiredIds(at);
      const prior = this.seen.get(msgId);
      if (prior !== undefined) return { seq: prior.seq, duplicate: true };
    }
    if (this.log.length - this.head >= this.maxMessages) {
      this.trim(this.maxMessages - 1);
      if (this.log.length - this.head >= this.maxMessages) {
        throw operationalError('bus_full', `in-process bus holds ${this.maxMessages} unconsumed messages; consumers are not keeping up`);
      }
    }
    const seq = this.nextSeq();
    const stored: StoredMessage = msgId === undefined ? { seq, subject, data, headers, at } : { seq, subject, data, headers, msgId, at };
    this.log.push(stored);
    if (msgId !== undefined) this.seen.set(msgId, { seq, at });
    if (this.log.length - this.head > this.maxRetained && seq % 256 === 0) this.trim(this.maxRetained);
    this.schedulePump();
    return { seq, duplicate: false };
  }

  /** Drops the oldest messages beyond the newest `keep` that every durable is done with. */
  private trim(keep: number): void {
    let floor = this.nextSeq();
    for (const d of this.durables.values()) floor = Math.min(floor, d.floor());
    const keepFrom = Math.min(floor, this.nextSeq() - keep);
    while (this.base + this.head < keepFrom) this.log[this.head++] = undefined;
    if (this.head > 4096 && this.head * 2 > this.log.length) {
      this.log = this.log.slice(this.head);
      this.base += this.head;
      this.head = 0;
    }
  }

  private forgetExpiredIds(now: number): void {
    // A Map iterates in insertion order, which is publish order: expired ids are at the front.
    for (const [id, entry] of this.seen) {
      if (now - entry.at < this.dedupeWindowMs) break;
      this.seen.delete(id);
    }
  }

  /** Publishing never runs handlers inline: delivery starts on the next microtask, batched. */
  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      for (const d of this.durables.values()) d.pump();
    });
  }

  private assertOpen(): void {
    if (this.closed) throw operationalError('bus_closed', 'the bus is closed');
  }
}
