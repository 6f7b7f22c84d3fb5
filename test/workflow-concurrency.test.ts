import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config.ts';
import type { Principal } from '../src/auth/index.ts';
import { createVigil, type Vigil } from '../src/vigil.ts';
import { databaseTargets } from './support/databases.ts';
import { VigilError } from '../src/core/errors.ts';

// Two (or ten) analysts acting on one incident at the same moment never lose an update: every change
// that reports success is on the timeline and counted in the version, and a stale one gets a 409.
for (const target of await databaseTargets()) {
  describe(`workflow concurrency: ${target.name}`, { skip: target.skip ?? false }, () => {
    let vigil: Vigil;
    let dispose: () => Promise<void>;
    const analysts: Principal[] = [];

    before(async () => {
      const db = await target.create();
      await db.handle.close();
      dispose = () => db.dispose();
      vigil = await createVigil(loadConfig({ env: {}, overrides: { database: { url: db.url } } }), { logger: false });
      await vigil.identities.createTenant({ id: 'acme', name: 'Acme', timeZone: 'UTC' });
      for (let i = 0; i < 10; i++) {
        const id = await vigil.identities.createUser({ email: `a${i}@acme.test`, name: `Analyst ${i}`, memberships: [{ tenantId: 'acme', role: 't2' }] });
        analysts.push(await vigil.authenticator.userPrincipal(id));
      }
      const alerts = Array.from({ length: 3 }, (_, i) => ({
        timestamp: '2026-01-05T10:00:00+0000',
        rule: { level: 8, description: `alert ${i}`, id: '5501', groups: [] },
        agent: { id: '001', name: `host-${i}` },
        id: `conc-${i}`,
      }));
      await vigil.intake.ingest('acme', vigil.formats.require('wazuh'), { records: alerts.map((value, index) => ({ position: { index }, value })), errors: [] });
      // PostgreSQL: the router follows the alert sequence only once concurrent inserts have settled.
      await new Promise((r) => setTimeout(r, vigil.store.handle.caps.sequenceSettleMs + 50));
      await vigil.router.drain();
    });
    after(async () => {
      await vigil.close();
      await dispose();
    });

    const ctx = (i: number, expectedVersion?: number) => ({ tenantId: 'acme', principal: analysts[i] as Principal, role: 't2' as const, expectedVersion });

    it('lets exactly one of ten analysts who read the same version take the incident', async () => {
      const incident = await vigil.incidents.get('acme', '1');
      const results = await Promise.allSettled(analysts.map((_, i) => vigil.incidents.assign(ctx(i, incident.version), '1', 'me')));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.equal(won.length, 1);
      assert.ok(lost.every((r) => r.reason instanceof VigilError && r.reason.status === 409));
      const after = await vigil.incidents.get('acme', '1');
      assert.equal(after.version, incident.version + 1);
      const assigned = (await vigil.store.timeline.forIncident('acme', after.id)).filter((e) => e.type === 'assigned' && e.actor.kind === 'human');
      assert.equal(assigned.length, 1);
      assert.equal(assigned[0]?.actor.id, after.assigneeId);
    });

    it('never loses a change when actions race without a version: successes are all recorded', async () => {
      const before = await vigil.incidents.get('acme', '2');
      const results = await Promise.allSettled(analysts.map((_, i) => vigil.incidents.comment(ctx(i), '2', `note ${i}`)));
      const successes = results.filter((r) => r.status === 'fulfilled').length;
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as VigilError).status, 409);
      assert.ok(successes >= 1);
      const after = await vigil.incidents.get('acme', '2');
      assert.equal(after.version, before.version + successes);
      const comments = (await vigil.store.timeline.forIncident('acme', after.id)).filter((e) => e.type === 'commented');
      assert.equal(comments.length, successes);
    });

    it('keeps one verdict when two analysts close at once', async () => {
      const incident = await vigil.incidents.get('acme', '3');
      const [a, b] = await Promise.allSettled([
        vigil.incidents.close(ctx(0, incident.version), '3', 'true_positive', 'malware'),
        vigil.incidents.close(ctx(1, incident.version), '3', 'false_positive', 'noise'),
      ]);
      assert.equal([a, b].filter((r) => r.status === 'fulfilled').length, 1);
      const after = await vigil.incidents.get('acme', '3');
      const closed = (await vigil.store.timeline.forIncident('acme', after.id)).filter((e) => e.type === 'closed');
      assert.equal(closed.length, 1);
      assert.equal(closed[0]?.data['verdict'], after.verdict);
    });
  });
}
