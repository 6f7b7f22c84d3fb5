import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createVigil } from '../src/vigil.ts';
import { sharedData } from './support/shared-data.ts';
import { freePort, startServerProcess, waitForExit } from './support/server-process.ts';

const wazuh = sharedData('alerts/wazuh/ossec_spiral.jsonl');

/**
 * Acknowledged means durable: kill the server (SIGKILL) in the middle of a stream of batches, restart it,
 * resend every batch that was not acknowledged, and every alert is there exactly once.
 */
describe('durability: SIGKILL during intake', { skip: wazuh.skip }, () => {
  let dir: string;
  let databaseUrl: string;
  let token: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-kill-'));
    databaseUrl = join(dir, 'vigil.db');
    const vigil = await createVigil(loadConfig({ env: {}, overrides: { database: { url: databaseUrl } } }), { logger: false });
    await vigil.identities.createTenant({ id: 'acme', name: 'Acme', timeZone: 'UTC' });
    token = (await vigil.identities.createServiceToken('acme', 'ingest', 'shipper')).token;
    await vigil.close();
  });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  it('loses nothing acknowledged and stores everything exactly once after resending the rest', async () => {
    const base = readFileSync(wazuh.path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    // 60 batches of 400 distinct alerts (ids made unique per copy).
    const batches = Array.from({ length: 60 }, (_, b) =>
      Array.from({ length: 400 }, (_, i) => {
        const record = base[(b * 400 + i) % base.length] ?? {};
        return JSON.stringify({ ...record, id: `kill-${b}-${i}` });
      }).join('\n'),
    );
    const port = await freePort();
    const send = async (url: string, body: string) => {
      const response = await fetch(`${url}/api/v1/alerts?format=wazuh`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as { accepted: number; duplicates: number };
    };

    const first = await startServerProcess({ databaseUrl, port });
    const acknowledged = new Set<number>();
    let killed = false;
    // Four senders in parallel; the server is killed once a third of the batches are acknowledged.
    let next = 0;
    const sender = async () => {
      while (next < batches.length && !killed) {
        const b = next++;
        try {
          await send(first.url, batches[b] ?? '');
          acknowledged.add(b);
          if (acknowledged.size >= 20 && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        } catch {
          // connection reset by the kill: not acknowledged, will be resent
        }
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    await waitForExit(first.child);
    assert.equal(first.child.signalCode, 'SIGKILL');
    assert.ok(acknowledged.size >= 20 && acknowledged.size < batches.length, `acknowledged ${acknowledged.size}`);

    const second = await startServerProcess({ databaseUrl, port });
    try {
      let resentAccepted = 0;
      let resentDuplicates = 0;
      for (const [b, body] of batches.entries()) {
        if (acknowledged.has(b)) continue;
        const s = await send(second.url, body);
        resentAccepted += s.accepted;
        resentDuplicates += s.duplicates;
      }
      // A batch in flight at the kill may have committed without its answer: those come back as duplicates.
      assert.equal(resentAccepted + resentDuplicates, (batches.length - acknowledged.size) * 400);
      // Every acknowledged batch is durable: resending one finds all 400 already stored.
      const check = await send(second.url, batches[[...acknowledged][0] ?? 0] ?? '');
      assert.deepEqual(check, { ...check, accepted: 0, duplicates: 400 });
    } finally {
      second.child.kill('SIGTERM');
      await waitForExit(second.child);
    }

    const vigil = await createVigil(loadConfig({ env: {}, overrides: { database: { url: databaseUrl } } }), { logger: false });
    try {
      assert.equal(await vigil.store.alerts.count('acme'), batches.length * 400);
      const distinct = await vigil.store.handle.db
        .selectFrom('alerts')
        .select((eb) => eb.fn.count<number>('finding_uid').distinct().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(distinct.n, batches.length * 400);
    } finally {
      await vigil.close();
    }
  });
});
