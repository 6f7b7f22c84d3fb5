/**
 * One worker on a JetStream durable pull consumer: ensures the consumer exists with the wanted settings,
 * pulls at most `maxInFlight` messages ahead, runs the handler with at most `maxInFlight` at once, acks on
 * success, naks with a growing delay on failure, and after the last attempt copies the message to the
 * dead letter subject before terminating it.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { nanos } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { BusLogger, BusMessage, ResolvedConsumeOptions } from './bus.ts';
import { busError, errorText, isPermanentFailure, retryDelay } from './bus.ts';
import { Slots } from './slots.ts';

export interface WorkerDeps {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly nc: NatsConnection;
  readonly stream: string;
  readonly filter: string;
  readonly options: ResolvedConsumeOptions;
  readonly logger: BusLogger;
  readonly deadLetter: (m: JsMsg, attempts: number, error: string) => Promise<void>;
}

export interface Worker {
  close(): Promise<void>;
}

export async function startJetStreamWorker(deps: WorkerDeps): Promise<Worker> {
  await ensureConsumer(deps);
  const consumer = await deps.js.consumers.get(deps.stream, deps.options.durable);
  const slots = new Slots(deps.options.maxInFlight);
  const state = { closing: false };
  const isClosing = (): boolean => state.closing;
  let messages = await consumer.consume({ max_messages: deps.options.maxInFlight });
  // The pull loop ends with an error when the server stops answering (heartbeats missed, consumer
  // deleted): log it and pull again, until the worker is closed.
  const supervised = (async () => {
    for (;;) {
      try {
        await run(deps, messages, slots, isClosing);
      } catch (err) {
        deps.logger.error({ durable: deps.options.durable, error: errorText(err) }, 'bus consumer stopped; pulling again');
      }
      if (isClosing()) return;
      await new Promise((r) => setTimeout(r, RESTART_DELAY_MS));
      if (isClosing()) return;
      try {
        messages = await consumer.consume({ max_messages: deps.options.maxInFlight });
      } catch (err) {
        deps.logger.error({ durable: deps.options.durable, error: errorText(err) }, 'bus consumer could not pull');
      }
    }
  })();
  let closed: Promise<void> | undefined;
  return {
    close: () => {
      closed ??= (async () => {
        state.closing = true;
        await messages.close();
        await supervised;
        await slots.idle();
        await deps.nc.flush(); // the last acks reach the server before close() resolves
      })();
      return closed;
    },
  };
}

const RESTART_DELAY_MS = 1_000;

/** The server-side consumer: created if missing, its ack wait and attempts updated if they changed. */
async function ensureConsumer(deps: WorkerDeps): Promise<void> {
  const { durable, ackWaitMs, maxAttempts } = deps.options;
  const ackWait = nanos(ackWaitMs);
  // One delivery beyond maxAttempts lets a worker dead-letter a message whose handlers all outlived their ack wait.
  const maxDeliver = maxAttempts + 1;
  try {
    const info = await deps.jsm.consumers.info(deps.stream, durable);
    if (info.config.filter_subject !== deps.filter) {
      throw busError('bus_durable_conflict', `durable ${durable} already consumes ${info.config.filter_subject ?? '(all)'}, not ${deps.filter}`);
    }
    if (info.config.ack_wait !== ackWait || info.config.max_deliver !== maxDeliver) {
      await deps.jsm.consumers.update(deps.stream, durable, { ack_wait: ackWait, max_deliver: maxDeliver });
    }
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) throw err;
    await deps.jsm.consumers.add(deps.stream, {
      durable_name: durable,
      filter_subject: deps.filter,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: ackWait,
      max_deliver: maxDeliver,
    });
  }
}

async function run(deps: WorkerDeps, messages: ConsumerMessages, slots: Slots, closing: () => boolean): Promise<void> {
  for await (const m of messages) {
    // Messages pulled but not started when the worker closes go back at once, not after the ack wait.
    if (closing()) {
      m.nak();
      continue;
    }
    const waited = slots.full;
    await slots.acquire();
    if (closing()) {
      slots.release();
      m.nak();
      continue;
    }
    // Its ack wait ran while it waited for a slot: restart the clock now that a handler takes it.
    if (waited) m.working();
    void handle(deps, m).finally(() => {
      slots.release();
    });
  }
}

async function handle(deps: WorkerDeps, m: JsMsg): Promise<void> {
  const { durable, handler, maxAttempts, retryDelayMs } = deps.options;
  const attempt = m.info.deliveryCount;
  if (attempt > maxAttempts) {
    await toDeadLetter(deps, m, attempt - 1, 'attempts exhausted (the last handler outlived its ack wait)');
    return;
  }
  try {
    await handler(toBusMessage(m));
    m.ack();
  } catch (err) {
    const error = errorText(err);
    deps.logger.warn({ durable, subject: m.subject, seq: m.seq, attempt, error }, 'bus handler failed');
    if (isPermanentFailure(err) || attempt >= maxAttempts) await toDeadLetter(deps, m, attempt, error);
    else m.nak(retryDelay(attempt, retryDelayMs));
  }
}

async function toDeadLetter(deps: WorkerDeps, m: JsMsg, attempts: number, error: string): Promise<void> {
  try {
    await deps.deadLetter(m, attempts, error);
    m.term();
  } catch (cause) {
    // Not stored as a dead letter: leave it to be redelivered rather than lose it.
    deps.logger.error({ durable: deps.options.durable, seq: m.seq, error: errorText(cause) }, 'bus dead letter failed');
    m.nak(deps.options.retryDelayMs);
  }
}

function toBusMessage(m: JsMsg): BusMessage {
  const headers: Record<string, string> = {};
  let msgId: string | undefined;
  const h = m.headers;
  if (h !== undefined) {
    for (const k of h.keys()) {
      if (k === 'Nats-Msg-Id') msgId = h.get(k);
      else if (!/^nats-/i.test(k)) headers[k] = h.get(k);
    }
  }
  const base = {
    subject: m.subject,
    data: m.data,
    seq: m.seq,
    headers,
    attempt: m.info.deliveryCount,
    publishedAt: m.time.toISOString(),
  };
  return msgId === undefined ? base : { ...base, msgId };
}
