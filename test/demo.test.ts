import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { AlertSimulator } from '../src/demo/simulator.ts';
import { DEMO_TOKEN } from '../src/demo/demo-tenant.ts';

describe('demo: a living system on an empty database', () => {
  let dir: string;
  let server: RunningServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-demo-'));
    server = await startServer(loadConfig({ env: {}, overrides: { database: { url: join(dir, 'v.db') }, server: { port: 0 }, demo: { seed: true, simulator: false } } }), createLogger('silent'));
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds a retailer with a PCI scope, thirteen analysts in tiers and a 24/7 rota', async () => {
    const assets = await server.vigil.store.assets.list('demo');
    assert.ok(assets.some((a) => a.dataClasses.includes('pci') && a.criticality === 5));
    const analysts = await server.vigil.store.duty.analysts('demo');
    assert.deepEqual(['t1', 't2', 't3'].map((t) => analysts.filter((a) => a.tier === t).length), [6, 4, 2]);
    const onDuty = await server.vigil.onDuty.onDuty('demo', Date.now());
    assert.ok(onDuty.some((a) => a.tier === 't1') && onDuty.some((a) => a.tier === 't2'), 'T1 and T2 on duty at any hour');
  });

  it('turns simulated alerts into assigned incidents through the real intake path', async () => {
    const simulator = new AlertSimulator(server.vigil, { tenantId: 'demo', alertsPerMinute: 600, attackChancePerMinute: 60, seed: 7 });
    let sent = 0;
    for (let i = 0; i < 5; i++) sent += await simulator.tick(10_000);
    assert.ok(sent > 50);
    await server.vigil.router.drain();
    const response = await fetch(`${server.url}/api/v1/incidents?limit=200`, { headers: { authorization: `Bearer ${DEMO_TOKEN}` } });
    const { items } = (await response.json()) as { items: { assigneeId: string | null; tier: string }[] };
    assert.ok(items.length > 0);
    assert.ok(items.every((i) => i.assigneeId !== null), 'someone is on duty for every queue the demo uses');
  });
});
