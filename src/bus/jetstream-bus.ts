/**
 * The bus on NATS JetStream. One stream (default `VIGIL`) holds the subject space `<prefix>.>` and the
 * dead letters `<prefix>-dlq.>`; publish resolves on the PubAck (the message is stored), with `Nats-Msg-Id`
 * for dedupe within the stream's duplicate window. Each durable is a server-side pull consumer with
 * explicit acks: any number of stateless workers (in this process or others) may share it.
 */
import { connect, headers as natsHeaders, nanos } from '@nats-io/transport-node';
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';
import { DiscardPolicy, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamClient, JetStreamManager, JetStreamPublishOptions, StreamConfig } from '@nats-io/jetstream';
import { operationalError } from '../core/errors.ts';
import type { Bus, BusLogger, BusPayload, ConsumeOptions, Consumer, PublishAck, PublishOptions } from './bus.ts';
import { DEAD_LETTER_HEADERS, busError, checkHeaders, encodePayload, errorText, resolveConsumeOptions, silentLogger } from './bus.ts';
import { startJetStreamWorker } from './jetstream-worker.ts';
import { assertDurableName, assertFilter, assertPublishSubject, filterWithin } from './subject.ts';

export interface JetStreamBusOptions {
  /** NATS server URL(s). Default `nats://127.0.0.1:4222`. */
  readonly servers?: string | readonly string[];
  /** Stream name. Default `VIGIL`. */
  readonly stream?: string;
  /** Subject space: `<prefix>.>` plus dead letters `<prefix>-dlq.>`. Default `vigil`. */
  readonly prefix?: string;
  /** Dedupe window for message ids. Default 2 minutes. */
  readonly duplicateWindowMs?: number;
  /** How long the stream keeps messages; 0 keeps them until deleted. Default 7 days. */
  readonly maxAgeMs?: number;
  readonly storage?: 'file' | 'memory';
  readonly replicas?: number;
  /** Time allowed for the PubAck. Default 5 s. */
  readonly publishTimeoutMs?: number;
  /** Connection name shown by the server. */
  readonly name?: string;
  readonly logger?: BusLogger;
}

const DAY_MS = 86_400_000;

/** Connects, creates or updates the stream, and returns the bus. */
export async function connectJetStreamBus(options: JetStreamBusOptions = {}): Promise<JetStreamBus> {
  const servers = options.servers ?? 'nats://127.0.0.1:4222';
  const prefix = options.prefix ?? 'vigil';
  assertPublishSubject(prefix);
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: typeof servers === 'string' ? servers : [...servers], name: options.name ?? 'vigil', maxReconnectAttempts: -1 });
  } catch (cause) {
    throw operationalError('bus_unavailable', `cannot connect to NATS at ${String(servers)}: ${errorText(cause)}`, cause);
  }
  try {
    const jsm = await jetstreamManager(nc);
    const stream = options.stream ?? 'VIGIL';
    await ensureStream(jsm, stream, [`${prefix}.>`, `${prefix}-dlq.>`], options);
    return new JetStreamBus(nc, jsm, stream, prefix, options);
  } catch (err) {
    await nc.close();
    throw err;
  }
}

async function ensureStream(jsm: JetStreamManager, name: string, subjects: readonly string[], o: JetStreamBusOptions): Promise<void> {
  const duplicateWindow = nanos(o.duplicateWindowMs ?? 120_000);
  const maxAge = nanos(o.maxAgeMs ?? 7 * DAY_MS);
  try {
    const info = await jsm.streams.info(name);
    const current = info.config.subjects;
    const missing = subjects.filter((s) => !current.includes(s));
    if (missing.length > 0 || info.config.duplicate_window !== duplicateWindow || info.config.max_age !== maxAge) {
      await jsm.streams.update(name, { ...info.config, subjects: [...current, ...missing], duplicate_window: duplicateWindow, max_age: maxAge });
    }
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) throw err;
    const config: Partial<StreamConfig> & { name: string } = {
      name,
      subjects: [...subjects],
      retention: RetentionPolicy.Limits,
      storage: o.storage === 'memory' ? StorageType.Memory : StorageType.File,
      num_replicas: o.replicas ?? 1,
      duplicate_window: duplicateWindow,
      max_age: maxAge,
      discard: DiscardPolicy.Old,
    };
    await jsm.streams.add(config);
  }
}

export class JetStreamBus implements Bus {
  readonly stream: string;
  private readonly nc: NatsConnection;
  private readonly jsm: JetStreamManager;
  private readonly js: JetStreamClient;
  private readonly prefix: string;
  private readonly spaces: readonly string[];
  private readonly publishTimeoutMs: number;
  private readonly logger: BusLogger;
  private readonly consumers = new Set<Consumer>();
  private closing: Promise<void> | undefined;

  constructor(nc: NatsConnection, jsm: JetStreamManager, stream: string, prefix: string, options: JetStreamBusOptions) {
    this.nc = nc;
    this.jsm = jsm;
    this.js = jetstream(nc);
    this.stream = stream;
    this.prefix = prefix;
    this.spaces = [`${prefix}.>`, `${prefix}-dlq.>`];
    this.publishTimeoutMs = options.publishTimeoutMs ?? 5_000;
    this.logger = options.logger ?? silentLogger;
  }

  async publish(subject: string, payload: BusPayload, opts: PublishOptions = {}): Promise<PublishAck> {
    this.assertOpen();
    assertPublishSubject(subject);
    if (!subject.startsWith(`${this.prefix}.`) && !subject.startsWith(`${this.prefix}-dlq.`)) {
      throw busError('bus_bad_subject', `subject ${subject} is outside the bus's subjects ${this.spaces.join(', ')}`);
    }
    checkHeaders(opts.headers);
    const data = encodePayload(payload);
    const pubOpts: Partial<JetStreamPublishOptions> = { timeout: this.publishTimeoutMs };
    if (opts.msgId !== undefined) pubOpts.msgID = opts.msgId;
    if (opts.headers !== undefined && Object.keys(opts.headers).length > 0) pubOpts.headers = toNatsHeaders(opts.headers);
    try {
      const ack = await this.js.publish(subject, data, pubOpts);
      return { seq: ack.seq, duplicate: ack.duplicate };
    } catch (cause) {
      throw operationalError('bus_publish_failed', `publish to ${subject} was not acknowledged by JetStream: ${errorText(cause)}`, cause);
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
    const worker = await startJetStreamWorker({
      js: this.js,
      jsm: this.jsm,
      nc: this.nc,
      stream: this.stream,
      filter,
      options: o,
      logger: this.logger,
      deadLetter: async (m, attempts, error) => {
        const h = toNatsHeaders({
          [DEAD_LETTER_HEADERS.subject]: m.subject,
          [DEAD_LETTER_HEADERS.durable]: o.durable,
          [DEAD_LETTER_HEADERS.attempts]: String(attempts),
          [DEAD_LETTER_HEADERS.error]: error,
          [DEAD_LETTER_HEADERS.seq]: String(m.seq),
        });
        for (const k of m.headers?.keys() ?? []) if (!/^nats-/i.test(k) && !h.has(k)) h.set(k, m.headers?.get(k) ?? '');
        // The id makes dead-lettering idempotent should the worker die between this and the term.
        await this.js.publish(this.deadLetterSubject(o.durable), m.data, { headers: h, msgID: `dlq:${o.durable}:${m.seq}`, timeout: this.publishTimeoutMs });
      },
    });
    const consumer: Consumer = {
      durable: o.durable,
      close: async () => {
        await worker.close();
        this.consumers.delete(consumer);
      },
    };
    this.consumers.add(consumer);
    return consumer;
  }

  deadLetterSubject(durable: string): string {
    return `${this.prefix}-dlq.${durable}`;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.consumers].map((c) => c.close()));
      await this.nc.drain(); // flushes pending acks and publishes, then closes
    })();
    return this.closing;
  }

  /** Deletes the stream and everything in it (tests, or tearing down an installation). */
  async deleteStream(): Promise<void> {
    await this.jsm.streams.delete(this.stream);
  }

  private assertOpen(): void {
    if (this.closing !== undefined) throw operationalError('bus_closed', 'the bus is closed');
  }
}

export function toNatsHeaders(record: Readonly<Record<string, string>>): MsgHdrs {
  const h = natsHeaders();
  for (const [k, v] of Object.entries(record)) h.set(k, v);
  return h;
}
