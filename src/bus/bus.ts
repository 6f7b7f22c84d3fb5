/**
 * The bus port: durable publish, at-least-once consume with durable consumer names, redelivery with
 * backoff and a dead letter after the last attempt. Two adapters implement it with the same
 * semantics (checked by test/bus-contract.test.ts): the in-process bus (embedded default) and
 * NATS JetStream (at scale). The core depends on this file only.
 */
import type { z } from 'zod';
import { VigilError } from '../core/errors.ts';

/**
 * What may be published: bytes are sent as they are; any other value is encoded with
 * `JSON.stringify` (a plain string therefore travels as a JSON string).
 */
export type BusPayload = Uint8Array | string | number | boolean | null | object;

export interface PublishOptions {
  /** Publisher-chosen id: a second publish with the same id within the dedupe window is dropped. */
  readonly msgId?: string;
  /** Application headers. Names starting with `Nats-` are reserved. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The bus's receipt: the message is durable in the bus when this resolves. */
export interface PublishAck {
  /** Position in the bus's log (JetStream stream sequence). */
  readonly seq: number;
  /** True when the message id was already seen within the dedupe window: nothing new was stored. */
  readonly duplicate: boolean;
}

export interface BusMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly seq: number;
  readonly msgId?: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Delivery attempt, 1 on first delivery. */
  readonly attempt: number;
  /** When the bus stored the message, ISO 8601 UTC. */
  readonly publishedAt: string;
}

export type MessageHandler = (msg: BusMessage) => Promise<void>;

export interface ConsumeOptions {
  /** Durable consumer name: keeps its position across consumer restarts; workers sharing it split the work. */
  readonly durable: string;
  /** Resolving acks the message; throwing leads to redelivery (or to the dead letter, see below). */
  readonly handler: MessageHandler;
  /** Handlers running at once in this worker (backpressure). Default 16. */
  readonly maxInFlight?: number;
  /** A handler still running after this long is presumed lost and the message is redelivered. Default 30 s. */
  readonly ackWaitMs?: number;
  /** Deliveries before the message goes to the dead letter subject. Default 5. */
  readonly maxAttempts?: number;
  /** Delay before the first redelivery; doubles per attempt, capped at 60 s. Default 1 s. */
  readonly retryDelayMs?: number;
}

export interface Consumer {
  readonly durable: string;
  /** Stops taking messages and waits for running handlers. The durable keeps its position. */
  close(): Promise<void>;
}

export interface Bus {
  /** Resolves once the message is durable in the bus (JetStream: after the PubAck). */
  publish(subject: string, payload: BusPayload, opts?: PublishOptions): Promise<PublishAck>;
  /** Starts a worker on a durable consumer of `filter` (a subject, may use `*` and `>`). */
  consume(filter: string, opts: ConsumeOptions): Promise<Consumer>;
  /** Where messages of `durable` go after their last failed attempt. */
  deadLetterSubject(durable: string): string;
  /** Closes every consumer (waiting for running handlers), then the bus. */
  close(): Promise<void>;
}

/** The subset of a pino logger the bus uses. */
export interface BusLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLogger: BusLogger = { warn: () => undefined, error: () => undefined };

export const CONSUME_DEFAULTS = {
  maxInFlight: 16,
  ackWaitMs: 30_000,
  maxAttempts: 5,
  retryDelayMs: 1_000,
} as const;

export const MAX_RETRY_DELAY_MS = 60_000;

/** Headers the bus adds to a dead letter. */
export const DEAD_LETTER_HEADERS = {
  subject: 'Vigil-Dead-Subject',
  durable: 'Vigil-Dead-Durable',
  attempts: 'Vigil-Dead-Attempts',
  error: 'Vigil-Dead-Error',
  seq: 'Vigil-Dead-Seq',
} as const;

export interface ResolvedConsumeOptions {
  readonly durable: string;
  readonly handler: MessageHandler;
  readonly maxInFlight: number;
  readonly ackWaitMs: number;
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
}

export function resolveConsumeOptions(opts: ConsumeOptions): ResolvedConsumeOptions {
  const r = {
    durable: opts.durable,
    handler: opts.handler,
    maxInFlight: opts.maxInFlight ?? CONSUME_DEFAULTS.maxInFlight,
    ackWaitMs: opts.ackWaitMs ?? CONSUME_DEFAULTS.ackWaitMs,
    maxAttempts: opts.maxAttempts ?? CONSUME_DEFAULTS.maxAttempts,
    retryDelayMs: opts.retryDelayMs ?? CONSUME_DEFAULTS.retryDelayMs,
  };
  const positiveInts = ['maxInFlight', 'ackWaitMs', 'maxAttempts'] as const;
  for (const key of positiveInts) {
    const v = r[key];
    if (!Number.isInteger(v) || v < 1) {
      throw busError('bus_bad_option', `consume option ${key} must be a positive integer, got ${String(v)}`);
    }
  }
  if (!Number.isFinite(r.retryDelayMs) || r.retryDelayMs < 0) {
    throw busError('bus_bad_option', `consume option retryDelayMs must be >= 0, got ${r.retryDelayMs}`);
  }
  return r;
}

/** Delay before delivery `attempt + 1`, after attempt `attempt` failed. */
export function retryDelay(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_MS);
}

/**
 * A failure that retrying cannot fix (bad input: a user error such as {@link decodeJson}'s): the bus
 * dead-letters the message at once instead of spending its remaining attempts.
 */
export function isPermanentFailure(err: unknown): boolean {
  return err instanceof VigilError && err.kind === 'user';
}

/** Programming or configuration mistakes in how the bus is called. */
export function busError(code: string, message: string): VigilError {
  return new VigilError('bug', code, message);
}

export function encodePayload(payload: BusPayload): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  const text: unknown = JSON.stringify(payload);
  if (typeof text !== 'string') throw busError('bus_bad_payload', 'payload cannot be encoded as JSON');
  return new TextEncoder().encode(text);
}

export function checkHeaders(headers: Readonly<Record<string, string>> | undefined): void {
  for (const name of Object.keys(headers ?? {})) {
    if (/^nats-/i.test(name)) throw busError('bus_bad_header', `header ${name} is reserved (use opts.msgId)`);
    if (!/^[!-9;-~]+$/.test(name)) throw busError('bus_bad_header', `header name ${JSON.stringify(name)} is invalid`);
  }
}

/** An error's message fit for a log field or a header value: one line, bounded. */
export function errorText(err: unknown): string {
  // Header values must not carry control characters.
  const text = (err instanceof Error ? err.message : String(err)).replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a JSON message and validates it: the edge where bus messages enter the core. Throws a user
 * error (`bus_message_invalid`, permanent: the message goes to the dead letter at once) that names the
 * subject, the sequence and what is wrong.
 */
export function decodeJson<S extends z.ZodType>(msg: BusMessage, schema: S): z.output<S> {
  const where = `message ${msg.seq} on ${msg.subject}`;
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(msg.data));
  } catch (cause) {
    throw new VigilError('user', 'bus_message_invalid', `${where} is not JSON: ${errorText(cause)}`, { cause });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`);
    throw new VigilError('user', 'bus_message_invalid', `${where} does not match its schema: ${issues.join('; ')}`, {
      details: parsed.error.issues,
    });
  }
  return parsed.data;
}
