/**
 * The bus contract: the same cases over every adapter. In-process always; JetStream against the NATS
 * server at VIGIL_NATS_URL (default nats://127.0.0.1:4222) when reachable, on a fresh stream per test
 * that is deleted afterwards. With CI=1 or VIGIL_REQUIRE_SERVICES=1 an unreachable NATS fails the suite.
 */
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { z } from 'zod';
import type { Bus, BusMessage, ConsumeOptions, Consumer } from '../src/bus/bus.ts';
import { DEAD_LETTER_HEADERS, decodeJson } from '../src/bus/bus.ts';
import { createInProcessBus } from '../src/bus/in-process-bus.ts';
import { connectJetStreamBus } from '../src/bus/jetstream-bus.ts';
import type { JetStreamBus } from '../src/bus/jetstream-bus.ts';

const NATS_URL = process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222';
const REQUIRED = process.env.CI === '1' || process.env.VIGIL_REQUIRE_SERVICES === '1';

interface Harness {
  readonly bus: Bus;
  /** The subject space of this test: publish to `${p}.…`. */
  readonly p: string;
  /** Another handle on the same bus contents (JetStream: a new connection; in-process: the same bus). */
  reopen(): Promise<Bus>;
}

interface Adapter {
  readonly name: string;
  /** Why the adapter cannot run here, or undefined when it can. */
  readonly unavailable: string | undefined;
  make(t: TestContext): Promise<Harness>;
}

const uid = (): string => randomBytes(5).toString('hex');

function probe(url: string, timeoutMs = 1000): Promise<boolean> {
  const u = new URL(url.includes('://') ? url : `nats://${url}`);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: u.hostname, port: Number(u.port || 4222) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => {
      done(false);
    });
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
  });
}

const natsUp = await probe(NATS_URL);

const adapters: readonly Adapter[] = [
  {
    name: 'in-process',
    unavailable: undefined,
    make: (t) => {
      const p = `t${uid()}`;
      const bus = createInProcessBus({ prefix: p });
      t.after(() => bus.close());
      return Promise.resolve({ bus, p, reopen: () => Promise.resolve(bus) });
    },
  },
  {
    name: 'jetstream',
    unavailable: natsUp ? undefined : `NATS not reachable at ${NATS_URL}`,
    make: async (t) => {
      const id = uid();
      const p = `t${id}`;
      const opts = { servers: NATS_URL, stream: `VIGIL_TEST_${id}`, prefix: p, storage: 'memory' } as const;
      const bus = await connectJetStreamBus(opts);
      const others: JetStreamBus[] = [];
      t.after(async () => {
        await Promise.all(others.map((b) => b.close()));
        await bus.deleteStream();
        await bus.close();
      });
      return {
        bus,
        p,
        reopen: async () => {
          const other = await connectJetStreamBus(opts);
          others.push(other);
          return other;
        },
      };
    },
  },
];

/** Polls until `cond` holds; fails with `what` after `timeoutMs`. */
async function until(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const text = (m: BusMessage): string => new TextDecoder().decode(m.data);

interface Recorder {
  readonly seen: BusMessage[];
  readonly handler: ConsumeOptions['handler'];
}

function recorder(fail: (m: BusMessage) => boolean = () => false): Recorder {
  const seen: BusMessage[] = [];
  return {
    seen,
    handler: (m) => {
      seen.push(m);
      return fail(m) ? Promise.reject(new Error(`boom on ${text(m)}`)) : Promise.resolve();
    },
  };
}

for (const adapter of adapters) {
  void describe(`bus contract: ${adapter.name}`, () => {
    /** Runs a contract case, or skips it (fails it under CI=1 / VIGIL_REQUIRE_SERVICES=1) when the adapter is unavailable. */
    const contract = (name: string, body: (h: Harness, t: TestContext) => Promise<void>): void => {
      void test(name, async (t) => {
        if (adapter.unavailable !== undefined) {
          if (REQUIRED) assert.fail(`${adapter.unavailable} (required: CI=1 or VIGIL_REQUIRE_SERVICES=1)`);
          t.skip(adapter.unavailable);
          return;
        }
        await body(await adapter.make(t), t);
      });
    };
    const consume = async (t: TestContext, bus: Bus, filter: string, opts: ConsumeOptions): Promise<Consumer> => {
      const c = await bus.consume(filter, opts);
      t.after(() => c.close());
      return c;
    };

    contract('publish resolves once stored: a consumer started later, on another handle, receives it', async (h, t) => {
      const ack1 = await h.bus.publish(`${h.p}.alerts`, { id: 1, title: 'x' }, { headers: { 'Vigil-Tenant': 'acme' } });
      const ack2 = await h.bus.publish(`${h.p}.alerts`, new TextEncoder().encode('raw bytes'));
      assert.equal(ack1.duplicate, false);
      assert.ok(ack2.seq > ack1.seq, 'sequences increase');
      const other = await h.reopen();
      const r = recorder();
      await consume(t, other, `${h.p}.alerts`, { durable: 'late', handler: r.handler });
      await until('two messages', () => r.seen.length === 2);
      const [first, second] = r.seen;
      assert.ok(first !== undefined && second !== undefined);
      assert.deepEqual(decodeJson(first, z.object({ id: z.number(), title: z.string() })), { id: 1, title: 'x' });
      assert.equal(first.headers['Vigil-Tenant'], 'acme');
      assert.equal(first.attempt, 1);
      assert.equal(first.seq, ack1.seq);
      assert.ok(!Number.isNaN(Date.parse(first.publishedAt)));
      assert.equal(text(second), 'raw bytes');
    });

    contract('publishing outside the subject space, or with a reserved header, is refused', async (h) => {
      await assert.rejects(h.bus.publish('elsewhere.alerts', {}), /outside the bus's subjects/);
      await assert.rejects(h.bus.publish(`${h.p}.*`, {}), /cannot publish/);
      await assert.rejects(h.bus.publish(`${h.p}.a`, {}, { headers: { 'Nats-Msg-Id': 'x' } }), /reserved/);
      await assert.rejects(h.bus.consume('elsewhere.>', { durable: 'd', handler: () => Promise.resolve() }), /outside/);
    });

    contract('messages arrive in publish order per subject', async (h, t) => {
      for (let i = 0; i < 20; i++) await h.bus.publish(`${h.p}.order.${i % 2 === 0 ? 'a' : 'b'}`, { i });
      const r = recorder();
      await consume(t, h.bus, `${h.p}.order.*`, { durable: 'ordered', handler: r.handler, maxInFlight: 1 });
      await until('20 messages', () => r.seen.length === 20);
      const schema = z.object({ i: z.number() });
      for (const s of ['a', 'b']) {
        const got = r.seen.filter((m) => m.subject.endsWith(`.${s}`)).map((m) => decodeJson(m, schema).i);
        assert.deepEqual(got, [...got].sort((x, y) => x - y), `subject ${s} in order`);
        assert.equal(got.length, 10);
      }
    });

    contract('subject wildcards: * is one token, > is one or more', async (h, t) => {
      const subjects = ['a.x', 'a.y.z', 'b.x', 'a'];
      for (const s of subjects) await h.bus.publish(`${h.p}.${s}`, s);
      const star = recorder();
      const tail = recorder();
      const mid = recorder();
      await consume(t, h.bus, `${h.p}.a.*`, { durable: 'star', handler: star.handler });
      await consume(t, h.bus, `${h.p}.a.>`, { durable: 'tail', handler: tail.handler });
      await consume(t, h.bus, `${h.p}.*.x`, { durable: 'mid', handler: mid.handler });
      await until('wildcard deliveries', () => star.seen.length >= 1 && tail.seen.length >= 2 && mid.seen.length >= 2);
      await sleep(100);
      const names = (r: Recorder): string[] => r.seen.map((m) => m.subject.slice(h.p.length + 1)).sort();
      assert.deepEqual(names(star), ['a.x']);
      assert.deepEqual(names(tail), ['a.x', 'a.y.z']);
      assert.deepEqual(names(mid), ['a.x', 'b.x']);
    });

    contract('a handler that throws gets the message again (at least once), then it is acked', async (h, t) => {
      await h.bus.publish(`${h.p}.retry`, 'flaky');
      await h.bus.publish(`${h.p}.retry`, 'fine');
      const r = recorder((m) => text(m) === '"flaky"' && m.attempt === 1);
      await consume(t, h.bus, `${h.p}.retry`, { durable: 'retry', handler: r.handler, retryDelayMs: 10 });
      await until('redelivery', () => r.seen.filter((m) => text(m) === '"flaky"').length === 2);
      await sleep(150);
      const flaky = r.seen.filter((m) => text(m) === '"flaky"');
      assert.deepEqual(flaky.map((m) => m.attempt), [1, 2]);
      assert.equal(flaky[0]?.seq, flaky[1]?.seq);
      assert.deepEqual(r.seen.filter((m) => text(m) === '"fine"').map((m) => m.attempt), [1]);
    });

    contract('after maxAttempts failures the message goes to the dead letter subject, once', async (h, t) => {
      const ack = await h.bus.publish(`${h.p}.poison`, { bad: true }, { headers: { 'Vigil-Tenant': 'acme' } });
      await h.bus.publish(`${h.p}.poison`, { bad: false });
      const r = recorder((m) => text(m).includes('true'));
      await consume(t, h.bus, `${h.p}.poison`, { durable: 'poison', handler: r.handler, maxAttempts: 3, retryDelayMs: 5 });
      const dead = recorder();
      await consume(t, h.bus, h.bus.deadLetterSubject('poison'), { durable: 'dead', handler: dead.handler });
      await until('dead letter', () => dead.seen.length === 1);
      await sleep(150);
      assert.deepEqual(r.seen.filter((m) => text(m).includes('true')).map((m) => m.attempt), [1, 2, 3]);
      assert.equal(dead.seen.length, 1);
      const d = dead.seen[0];
      assert.ok(d !== undefined);
      assert.equal(text(d), JSON.stringify({ bad: true }));
      assert.equal(d.subject, h.bus.deadLetterSubject('poison'));
      assert.equal(d.headers[DEAD_LETTER_HEADERS.subject], `${h.p}.poison`);
      assert.equal(d.headers[DEAD_LETTER_HEADERS.attempts], '3');
      assert.equal(d.headers[DEAD_LETTER_HEADERS.seq], String(ack.seq));
      assert.match(d.headers[DEAD_LETTER_HEADERS.error] ?? '', /boom/);
      assert.equal(d.headers['Vigil-Tenant'], 'acme');
    });

    contract('an invalid message (decodeJson) is dead-lettered at once, without retries', async (h, t) => {
      await h.bus.publish(`${h.p}.typed`, { n: 'not a number' });
      const attempts: number[] = [];
      await consume(t, h.bus, `${h.p}.typed`, {
        durable: 'typed',
        retryDelayMs: 5,
        handler: (m) => {
          attempts.push(m.attempt);
          decodeJson(m, z.object({ n: z.number() }));
          return Promise.resolve();
        },
      });
      const dead = recorder();
      await consume(t, h.bus, h.bus.deadLetterSubject('typed'), { durable: 'typeddead', handler: dead.handler });
      await until('dead letter', () => dead.seen.length === 1);
      assert.deepEqual(attempts, [1]);
      assert.match(dead.seen[0]?.headers[DEAD_LETTER_HEADERS.error] ?? '', /does not match its schema: n:/);
    });

    contract('a handler running past ackWait is presumed lost: the message is delivered again', async (h, t) => {
      await h.bus.publish(`${h.p}.slow`, 'slow');
      const attempts: number[] = [];
      let release = (): void => undefined;
      const stuck = new Promise<void>((r) => (release = r));
      await consume(t, h.bus, `${h.p}.slow`, {
        durable: 'slow',
        ackWaitMs: 300,
        maxInFlight: 2,
        handler: (m) => {
          attempts.push(m.attempt);
          return m.attempt === 1 ? stuck : Promise.resolve();
        },
      });
      await until('redelivery after ack wait', () => attempts.length === 2, 3000);
      release();
      await sleep(100);
      assert.deepEqual(attempts, [1, 2]);
    });

    contract('a durable resumes where it was after close: nothing lost, nothing acked delivered again', async (h, t) => {
      for (let i = 0; i < 5; i++) await h.bus.publish(`${h.p}.work`, i);
      const r = recorder();
      const first = await h.bus.consume(`${h.p}.work`, { durable: 'resume', handler: r.handler });
      await until('first five', () => r.seen.length === 5);
      await first.close();
      for (let i = 5; i < 10; i++) await h.bus.publish(`${h.p}.work`, i);
      await sleep(50);
      assert.equal(r.seen.length, 5, 'nothing delivered while closed');
      await consume(t, h.bus, `${h.p}.work`, { durable: 'resume', handler: r.handler });
      await until('ten', () => r.seen.length >= 10);
      await sleep(100);
      assert.deepEqual(r.seen.map((m) => Number(text(m))), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    contract('close waits for running handlers to finish', async (h) => {
      await h.bus.publish(`${h.p}.busy`, 1);
      let running = 0;
      let finished = 0;
      const c = await h.bus.consume(`${h.p}.busy`, {
        durable: 'busy',
        handler: async () => {
          running++;
          await sleep(80);
          finished++;
        },
      });
      await until('handler started', () => running === 1);
      await c.close();
      assert.equal(finished, 1);
    });

    contract('workers sharing a durable split the work, each message handled once', async (h, t) => {
      const total = 40;
      const got: Record<'a' | 'b', number[]> = { a: [], b: [] };
      const worker = (name: 'a' | 'b') => async (m: BusMessage): Promise<void> => {
        got[name].push(Number(text(m)));
        await sleep(3);
      };
      const other = await h.reopen();
      await consume(t, h.bus, `${h.p}.jobs`, { durable: 'pool', handler: worker('a'), maxInFlight: 2 });
      await consume(t, other, `${h.p}.jobs`, { durable: 'pool', handler: worker('b'), maxInFlight: 2 });
      for (let i = 0; i < total; i++) await h.bus.publish(`${h.p}.jobs`, i);
      await until('all jobs', () => got.a.length + got.b.length >= total);
      await sleep(100);
      assert.ok(got.a.length > 0 && got.b.length > 0, `both workers got work (${got.a.length}/${got.b.length})`);
      assert.deepEqual([...got.a, ...got.b].sort((x, y) => x - y), Array.from({ length: total }, (_, i) => i));
    });

    contract('a second publish with the same message id is a duplicate: stored and delivered once', async (h, t) => {
      const a = await h.bus.publish(`${h.p}.dedupe`, 'one', { msgId: 'alert-1' });
      const b = await h.bus.publish(`${h.p}.dedupe`, 'one again', { msgId: 'alert-1' });
      const c = await h.bus.publish(`${h.p}.dedupe`, 'two', { msgId: 'alert-2' });
      assert.equal(a.duplicate, false);
      assert.equal(b.duplicate, true);
      assert.equal(b.seq, a.seq);
      assert.equal(c.duplicate, false);
      const r = recorder();
      await consume(t, h.bus, `${h.p}.dedupe`, { durable: 'dedupe', handler: r.handler });
      await until('two', () => r.seen.length === 2);
      await sleep(100);
      assert.deepEqual(r.seen.map((m) => [text(m), m.msgId]), [['"one"', 'alert-1'], ['"two"', 'alert-2']]);
    });

    contract('maxInFlight bounds concurrent handlers (backpressure)', async (h, t) => {
      for (let i = 0; i < 24; i++) await h.bus.publish(`${h.p}.load`, i);
      let now = 0;
      let peak = 0;
      let done = 0;
      await consume(t, h.bus, `${h.p}.load`, {
        durable: 'load',
        maxInFlight: 3,
        handler: async () => {
          now++;
          peak = Math.max(peak, now);
          await sleep(10);
          now--;
          done++;
        },
      });
      await until('all handled', () => done === 24);
      assert.equal(peak, 3);
    });

    contract('a durable name is bound to its filter', async (h, t) => {
      await consume(t, h.bus, `${h.p}.one`, { durable: 'bound', handler: () => Promise.resolve() });
      await assert.rejects(h.bus.consume(`${h.p}.two`, { durable: 'bound', handler: () => Promise.resolve() }), /already consumes/);
    });
  });
}
