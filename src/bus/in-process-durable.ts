/**
 * One durable consumer of the in-process bus: its position in the log, the messages it delivered and has
 * not acked yet, redeliveries waiting for their delay, and the workers attached to it. It mirrors what a
 * JetStream pull consumer keeps on the server, so both adapters behave alike.
 */
import type { BusLogger, BusMessage, MessageHandler, ResolvedConsumeOptions } from './bus.ts';
import { errorText, isPermanentFailure, retryDelay } from './bus.ts';

export interface StoredMessage {
  readonly seq: number;
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  readonly msgId?: string;
  readonly at: number;
}

/** What a durable needs from the bus that owns the log. */
export interface DurableHost {
  /** Next sequence the log will assign (one past the last message). */
  nextSeq(): number;
  get(seq: number): StoredMessage | undefined;
  deadLetter(msg: StoredMessage, durable: string, attempts: number, error: string): Promise<void>;
  readonly logger: BusLogger;
}

interface Worker {
  readonly handler: MessageHandler;
  readonly maxInFlight: number;
  inFlight: number;
  closing: boolean;
  idle: (() => void) | undefined;
}

type Settings = Pick<ResolvedConsumeOptions, 'ackWaitMs' | 'maxAttempts' | 'retryDelayMs'>;

export class InProcessDurable {
  readonly name: string;
  readonly filter: string;
  private readonly matches: (subject: string) => boolean;
  private readonly host: DurableHost;
  private settings: Settings;
  /** Next log sequence not yet looked at. */
  private cursor: number;
  /** Delivered at least once and neither acked nor dead-lettered; value = deliveries so far. */
  private readonly outstanding = new Map<number, number>();
  /** Current delivery of a message (a handler is running on it within its ack wait). */
  private readonly current = new Map<number, object>();
  /** Messages due for redelivery, oldest first. */
  private readonly ready: number[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly workers: Worker[] = [];
  private rr = 0;
  private pumping = false;

  constructor(name: string, filter: string, matches: (subject: string) => boolean, settings: Settings, host: DurableHost, startSeq: number) {
    this.name = name;
    this.filter = filter;
    this.matches = matches;
    this.settings = settings;
    this.host = host;
    this.cursor = startSeq;
  }

  /** Like a JetStream consumer update: the latest consume() call sets ack wait, attempts and delay. */
  configure(settings: Settings): void {
    this.settings = settings;
  }

  /** Lowest sequence this durable may still need; the bus never trims the log past it. */
  floor(): number {
    // Skip messages of other subjects now, so an idle durable pins only what it will deliver.
    const end = this.host.nextSeq();
    while (this.cursor < end && !this.wants(this.cursor)) this.cursor++;
    let min = this.cursor;
    for (const seq of this.outstanding.keys()) if (seq < min) min = seq;
    return min;
  }

  attach(handler: MessageHandler, maxInFlight: number): () => Promise<void> {
    const worker: Worker = { handler, maxInFlight, inFlight: 0, closing: false, idle: undefined };
    this.workers.push(worker);
    this.pump();
    return async () => {
      worker.closing = true;
      if (worker.inFlight > 0) await new Promise<void>((resolve) => (worker.idle = resolve));
      const i = this.workers.indexOf(worker);
      if (i >= 0) this.workers.splice(i, 1);
      this.pump();
    };
  }

  /** Stops redelivery timers (bus closing). */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Hands deliverable messages to workers with free slots, round robin. */
  pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const worker = this.pickWorker();
        if (worker === undefined) return;
        const seq = this.nextDeliverable();
        if (seq === undefined) return;
        this.deliver(worker, seq);
      }
    } finally {
      this.pumping = false;
    }
  }

  private pickWorker(): Worker | undefined {
    const n = this.workers.length;
    for (let k = 0; k < n; k++) {
      const w = this.workers[(this.rr + k) % n];
      if (w !== undefined && !w.closing && w.inFlight < w.maxInFlight) {
        this.rr = (this.rr + k + 1) % n;
        return w;
      }
    }
    return undefined;
  }

  private nextDeliverable(): number | undefined {
    while (this.ready.length > 0) {
      const seq = this.ready.shift();
      if (seq !== undefined && this.outstanding.has(seq) && !this.current.has(seq)) return seq;
    }
    const end = this.host.nextSeq();
    while (this.cursor < end) {
      const seq = this.cursor++;
      if (this.wants(seq)) return seq;
    }
    return undefined;
  }

  private wants(seq: number): boolean {
    const stored = this.host.get(seq);
    return stored !== undefined && this.matches(stored.subject);
  }

  private deliver(worker: Worker, seq: number): void {
    const stored = this.host.get(seq);
    if (stored === undefined) {
      this.outstanding.delete(seq); // trimmed: cannot happen while outstanding, kept as a guard
      return;
    }
    const attempt = (this.outstanding.get(seq) ?? 0) + 1;
    this.outstanding.set(seq, attempt);
    const token = {};
    this.current.set(seq, token);
    worker.inFlight++;
    const { ackWaitMs, maxAttempts } = this.settings;
    // A handler that outlives its ack wait is presumed lost: the message becomes deliverable again.
    const ackTimer = setTimeout(() => {
      if (this.current.get(seq) !== token) return;
      this.current.delete(seq);
      this.ready.push(seq);
      this.pump();
    }, ackWaitMs);
    const msg = toBusMessage(stored, attempt);
    const run =
      attempt > maxAttempts
        ? this.toDeadLetter(stored, attempt - 1, 'attempts exhausted (the last handler outlived its ack wait)', token)
        : Promise.resolve()
            .then(() => worker.handler(msg))
            .then(
              () => {
                this.settle(seq);
              },
              (err: unknown) => this.failed(stored, attempt, err, token),
            );
    void run.finally(() => {
      clearTimeout(ackTimer);
      worker.inFlight--;
      if (worker.closing && worker.inFlight === 0) worker.idle?.();
      this.pump();
    });
  }

  /** Acked (a late success after an ack-wait redelivery also counts: the work was done). */
  private settle(seq: number): void {
    this.outstanding.delete(seq);
    this.current.delete(seq);
  }

  private async failed(stored: StoredMessage, attempt: number, err: unknown, token: object): Promise<void> {
    if (this.current.get(stored.seq) !== token) return; // this delivery was already given up on (ack wait)
    const error = errorText(err);
    this.host.logger.warn({ durable: this.name, subject: stored.subject, seq: stored.seq, attempt, error }, 'bus handler failed');
    if (isPermanentFailure(err) || attempt >= this.settings.maxAttempts) {
      await this.toDeadLetter(stored, attempt, error, token);
      return;
    }
    this.current.delete(stored.seq);
    this.later(stored.seq, retryDelay(attempt, this.settings.retryDelayMs));
  }

  private async toDeadLetter(stored: StoredMessage, attempts: number, error: string, token: object): Promise<void> {
    try {
      await this.host.deadLetter(stored, this.name, attempts, error);
      this.settle(stored.seq);
    } catch (cause) {
      // The dead letter could not be stored: keep the message and try again later rather than lose it.
      this.host.logger.error({ durable: this.name, seq: stored.seq, error: errorText(cause) }, 'bus dead letter failed');
      if (this.current.get(stored.seq) === token) this.current.delete(stored.seq);
      this.later(stored.seq, this.settings.retryDelayMs);
    }
  }

  private later(seq: number, delayMs: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.ready.push(seq);
      this.pump();
    }, delayMs);
    this.timers.add(t);
  }
}

export function toBusMessage(stored: StoredMessage, attempt: number): BusMessage {
  const base = {
    subject: stored.subject,
    data: stored.data,
    seq: stored.seq,
    headers: stored.headers,
    attempt,
    publishedAt: new Date(stored.at).toISOString(),
  };
  return stored.msgId === undefined ? base : { ...base, msgId: stored.msgId };
}
