import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { BusMessage } from '../src/bus/index.ts';
import { startHarness, type Harness } from './support/vigil-harness.ts';
import { natsUrl, servicesRequired } from './support/services.ts';

async function natsReachable(): Promise<string | undefined> {
  const url = new URL(natsUrl());
  return new Promise((resolve) => {
    const socket = connect(Number(url.port || 4222), url.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (e) => { resolve(`NATS not reachable at ${natsUrl()}: ${e.message}`); });
  });
}

const unreachable = await natsReachable();
if (unreachable !== undefined && servicesRequired()) throw new Error(`${unreachable} (required on CI)`);

// Stored alerts and incident changes reach the bus, in-process by default and on NATS JetStream.
for (const kind of ['in-process', 'jetstream'] as const) {
  describe(`service events on the bus: ${kind}`, { skip: kind === 'jetstream' ? (unreachable ?? false) : false }, () => {
    let h: Harness;
    const stream = `VIGILTEST${randomBytes(4).toString('hex').toUpperCase()}`;
    before(async () => {
      h = await startHarness({ config: { bus: { kind, url: natsUrl(), stream } } });
    });
    after(async () => {
      const bus = h.vigil.bus as { deleteStream?: () => Promise<void> };
      await bus.deleteStream?.();
      await h.close();
    });

    it('publishes the stored alerts and the incidents they open', async () => {
      const received: BusMessage[] = [];
      const consumer = await h.vigil.bus.consume('vigil.>', { durable: 'test-events', handler: (m) => {
        received.push(m);
        return Promise.resolve();
      } });
      const alert = { timestamp: '2026-02-01T10:00:00+0000', rule: { level: 10, description: 'Bus test', id: '9', groups: [] }, agent: { id: '1', name: 'pos-1' }, id: 'bus-1' };
      const r = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=wazuh', body: alert, token: h.tokens.ingest });
      assert.equal(r.statusCode, 200);
      await h.vigil.router.drain();
      for (let i = 0; i < 100 && received.length < 2; i++) await new Promise((res) => setTimeout(res, 50));
      await consumer.close();
      const subjects = received.map((m) => m.subject);
      assert.ok(subjects.includes('vigil.alerts.acme'), subjects.join(','));
      assert.ok(subjects.includes('vigil.incidents.acme'), subjects.join(','));
      const stored = JSON.parse(Buffer.from(received.find((m) => m.subject === 'vigil.alerts.acme')?.data ?? []).toString()) as { count: number };
      assert.equal(stored.count, 1);
    });
  });
}
