// What only the in-process adapter has: a clock-driven dedupe window, a bounded log, decodeJson errors.
// The shared semantics are in test/bus-contract.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { FakeClock } from '../core/clock.ts';
import { VigilError } from '../core/errors.ts';
import type { BusMessage } from './bus.ts';
import { decodeJson, encodePayload, resolveConsumeOptions, retryDelay } from './bus.ts';
import { createInProcessBus } from './in-process-bus.ts';

const msg = (data: string): BusMessage => ({
  subject: 'vigil.x',
  data: new TextEncoder().encode(data),
  seq: 7,
  headers: {},
  attempt: 1,
  publishedAt: new Date(0).toISOString(),
});

void test('the dedupe window forgets a message id once it has passed', async () => {
  const clock = new FakeClock('2025-01-01T00:00:00Z');
  const bus = createInProcessBus({ clock, dedupeWindowMs: 1000 });
  assert.equal((await bus.publish('vigil.a', 1, { msgId: 'm' })).duplicate, false);
  clock.advance(999);
  assert.equal((await bus.publish('vigil.a', 1, { msgId: 'm' })).duplicate, true);
  clock.advance(2);
  const again = await bus.publish('vigil.a', 1, { msgId: 'm' });
  assert.equal(again.duplicate, false);
  assert.equal(again.seq, 2);
  await bus.close();
});

void test('a full bus refuses to publish rather than drop unconsumed messages', async () => {
  const bus = createInProcessBus({ maxMessages: 3, maxRetained: 0 });
  const seen: number[] = [];
  // A durable that has taken nothing yet pins every message.
  let release = (): void => undefined;
  const held = new Promise<void>((r) => (release = r));
  await bus.consume('vigil.q', { durable: 'slow', maxInFlight: 1, handler: () => held });
  for (let i = 0; i < 3; i++) await bus.publish('vigil.q', i);
  await assert.rejects(bus.publish('vigil.q', 3), (err: unknown) => err instanceof VigilError && err.code === 'bus_full');
  release();
  await bus.close();
  // Without a durable pinning them, acked messages beyond maxRetained are trimmed and publishing goes on.
  const free = createInProcessBus({ maxMessages: 3, maxRetained: 0 });
  await free.consume('vigil.q', { durable: 'fast', handler: (m) => { seen.push(m.seq); return Promise.resolve(); } });
  for (let i = 0; i < 10; i++) {
    await free.publish('vigil.q', i);
    await new Promise((r) => setImmediate(r));
  }
  assert.equal(seen.length, 10);
  await free.close();
});

void test('a durable created late starts at the oldest retained message', async () => {
  const bus = createInProcessBus({ maxRetained: 2, maxMessages: 2 });
  await bus.publish('vigil.a', 1);
  await bus.publish('vigil.a', 2);
  // No durable pins anything, so the oldest goes once the log is full.
  await bus.publish('vigil.a', 3);
  const seen: number[] = [];
  await bus.consume('vigil.a', { durable: 'late', handler: (m) => { seen.push(m.seq); return Promise.resolve(); } });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(seen, [2, 3]);
  await bus.close();
});

void test('decodeJson names the subject, sequence and the failing field', () => {
  const schema = z.object({ alertId: z.string(), count: z.number() });
  assert.deepEqual(decodeJson(msg('{"alertId":"a","count":2}'), schema), { alertId: 'a', count: 2 });
  assert.throws(
    () => decodeJson(msg('{"alertId":"a","count":"2"}'), schema),
    (err: unknown) =>
      err instanceof VigilError &&
      err.code === 'bus_message_invalid' &&
      err.kind === 'user' &&
      /message 7 on vigil\.x does not match its schema: count: .*expected number/.test(err.message),
  );
  assert.throws(() => decodeJson(msg('{oops'), schema), /message 7 on vigil\.x is not JSON/);
  assert.throws(() => decodeJson({ ...msg(''), data: new Uint8Array([0xff, 0xfe]) }, schema), /is not JSON/);
});

void test('payload encoding, option checks and retry backoff', () => {
  assert.equal(new TextDecoder().decode(encodePayload({ a: 1 })), '{"a":1}');
  assert.equal(new TextDecoder().decode(encodePayload('x')), '"x"');
  const bytes = new Uint8Array([1, 2]);
  assert.equal(encodePayload(bytes), bytes);
  assert.throws(() => encodePayload(() => 1), /cannot be encoded/);
  assert.throws(() => resolveConsumeOptions({ durable: 'd', handler: () => Promise.resolve(), maxInFlight: 0 }), /maxInFlight must be a positive integer/);
  assert.deepEqual([1, 2, 3, 4].map((a) => retryDelay(a, 100)), [100, 200, 400, 800]);
  assert.equal(retryDelay(20, 1000), 60_000);
});

void test('an idle durable pins only messages of its own subjects', async () => {
  const bus = createInProcessBus({ maxMessages: 4, maxRetained: 0 });
  const c = await bus.consume('vigil.mine', { durable: 'idle', handler: () => Promise.resolve() });
  await c.close();
  // Messages of other subjects are not its business: the bus may drop them once full.
  for (let i = 0; i < 10; i++) await bus.publish('vigil.other', i);
  // Its own subject's messages are kept for it, so the bus fills up instead of losing them.
  for (let i = 0; i < 4; i++) await bus.publish('vigil.mine', i);
  await assert.rejects(bus.publish('vigil.mine', 4), /consumers are not keeping up/);
  const seen: number[] = [];
  const again = await bus.consume('vigil.mine', { durable: 'idle', handler: (m) => { seen.push(Number(new TextDecoder().decode(m.data))); return Promise.resolve(); } });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(seen, [0, 1, 2, 3]);
  await again.close();
  await bus.close();
});
