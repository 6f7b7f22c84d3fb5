import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStore, type Store } from '../src/store/index.ts';
import { databaseTargets } from './support/databases.ts';
import { makeAlert } from './support/alert-fixtures.ts';

// One contract, every store adapter: SQLite always, PostgreSQL when reachable (required on CI).
for (const target of await databaseTargets()) {
  describe(`store contract: ${target.name}`, { skip: target.skip ?? false }, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const T1 = 'tenant-a';
    const T2 = 'tenant-b';

    before(async () => {
      const created = await target.create();
      store = createStore(created.handle);
      dispose = () => created.dispose();
      await store.tenants.create({ id: T1, name: 'A', timeZone: 'Europe/Vienna', settings: {} }, 1);
      await store.tenants.create({ id: T2, name: 'B', timeZone: 'UTC', settings: { x: 1 } }, 1);
    });
    after(async () => dispose());

    const insert = (tenantId: string, alerts: Parameters<Store['alerts']['insertBatch']>[2]) =>
      store.handle.db
        .transaction()
        .execute((trx) => store.alerts.insertBatch(trx, tenantId, alerts));

    it('migrates, stores and reads tenants with their settings', async () => {
      const b = await store.tenants.get(T2);
      assert.deepEqual(b?.settings, { x: 1 });
      assert.equal(await store.tenants.count(), 2);
      assert.deepEqual((await store.tenants.list([T2])).map((t) => t.id), [T2]);
    });

    it('stores a batch, gives increasing sequence numbers and reads an alert back whole', async () => {
      const alerts = [
        makeAlert({ tenantId: T1, findingUid: 'w-1', title: 'first' }),
        makeAlert({ tenantId: T1, findingUid: 'w-2', title: 'second', severity: 'critical' }),
      ];
      const result = await insert(T1, alerts);
      assert.equal(result.stored.length, 2);
      assert.deepEqual(result.duplicates, []);
      const [a, b] = result.stored;
      assert.ok(a !== undefined && b !== undefined && b.seq > a.seq);
      const back = await store.alerts.get(T1, b.id);
      assert.equal(back?.title, 'second');
      assert.equal(back?.severity, 'critical');
      assert.equal(back?.findingUid, 'w-2');
      assert.deepEqual(back?.raw, { original: true });
      assert.deepEqual(back?.observables, alerts[1]?.observables);
      assert.equal(back?.occurredAt, '2026-03-04T18:02:04.347Z');
    });

    it('is idempotent: the same finding uid again is a duplicate, also within one batch', async () => {
      const again = await insert(T1, [
        makeAlert({ tenantId: T1, findingUid: 'w-1' }),
        makeAlert({ tenantId: T1, findingUid: 'w-3' }),
        makeAlert({ tenantId: T1, findingUid: 'w-3' }),
      ]);
      assert.deepEqual(again.duplicates, [0, 2]);
      assert.equal(again.stored.length, 1);
    });

    it('treats the same fingerprint as a duplicate when the source gives no finding uid', async () => {
      const first = makeAlert({ tenantId: T1, source: 'suricata', fingerprint: 'same-print' });
      assert.equal((await insert(T1, [first])).stored.length, 1);
      const again = makeAlert({ tenantId: T1, source: 'suricata', fingerprint: 'same-print' });
      assert.deepEqual((await insert(T1, [again])).duplicates, [0]);
      const other = makeAlert({ tenantId: T1, source: 'suricata', fingerprint: 'other-print' });
      assert.equal((await insert(T1, [other])).stored.length, 1);
      const stored = await store.alerts.get(T1, first.id);
      assert.equal(stored?.findingUid, undefined);
    });

    it('keeps tenants apart: the same finding uid in another tenant is new, and reads are scoped', async () => {
      const result = await insert(T2, [makeAlert({ tenantId: T2, findingUid: 'w-1', title: 'other tenant' })]);
      assert.equal(result.stored.length, 1);
      const id = result.stored[0]?.id ?? '';
      assert.equal(await store.alerts.get(T1, id), undefined);
      assert.equal((await store.alerts.get(T2, id))?.title, 'other tenant');
    });

    it('lists with filters and pages with a cursor without gaps or repeats', async () => {
      const base = Date.parse('2026-05-01T00:00:00Z');
      const many = Array.from({ length: 25 }, (_, i) =>
        makeAlert({
          tenantId: T1,
          findingUid: `page-${i}`,
          source: i % 2 === 0 ? 'suricata' : 'cef',
          severity: i % 5 === 0 ? 'high' : 'low',
          title: i === 7 ? 'Mimikatz credential dump' : `page alert ${i}`,
          occurredAt: new Date(base + (i % 10) * 1000).toISOString(),
          observables: [{ kind: 'hostname', value: i < 5 ? 'DB-PCI-01' : 'laptop-9' }],
        }),
      );
      await insert(T1, many);
      const filter = { from: base, to: base + 3_600_000 };
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.alerts.list(T1, filter, 7, cursor);
        seen.push(...page.items.map((a) => a.id));
        for (let i = 1; i < page.items.length; i++) {
          const prev = page.items[i - 1];
          const cur = page.items[i];
          assert.ok(prev !== undefined && cur !== undefined && prev.occurredAt >= cur.occurredAt);
        }
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor !== undefined);
      assert.equal(pages, 4);
      assert.equal(new Set(seen).size, 25);

      const suricata = await store.alerts.list(T1, { ...filter, sources: ['suricata'] }, 100);
      assert.equal(suricata.items.length, 13);
      const high = await store.alerts.list(T1, { ...filter, minSeverity: 'high' }, 100);
      assert.equal(high.items.length, 5);
      const onDb = await store.alerts.list(T1, { ...filter, entities: ['db-pci-01'] }, 100);
      assert.equal(onDb.items.length, 5);
      const paged: string[] = [];
      let entityCursor: string | undefined;
      do {
        const page = await store.alerts.list(T1, { ...filter, entities: ['DB-PCI-01', '10.0.0.5'] }, 2, entityCursor);
        paged.push(...page.items.map((a) => a.id));
        entityCursor = page.nextCursor ?? undefined;
      } while (entityCursor !== undefined);
      assert.deepEqual([...new Set(paged)].sort(), onDb.items.map((a) => a.id).sort(), 'entity pages cover each alert once');
      assert.equal(paged.length, 5);
      const text = await store.alerts.list(T1, { ...filter, text: 'MIMIKATZ' }, 100);
      assert.deepEqual(text.items.map((a) => a.title), ['Mimikatz credential dump']);
      const percent = await store.alerts.list(T1, { ...filter, text: '100%' }, 100);
      assert.equal(percent.items.length, 0);
    });

    it('rejects a cursor it did not issue', async () => {
      await assert.rejects(store.alerts.list(T1, {}, 10, 'not-a-cursor'), /cursor/);
    });

    it('upserts assets by hostname, case-insensitively', async () => {
      const asset = {
        id: 'ast-1',
        tenantId: T1,
        hostname: 'DB-PCI-01',
        ips: ['10.1.1.10'],
        criticality: 5,
        dataClasses: ['pci'],
        updatedAt: 10,
      };
      assert.deepEqual(await store.assets.upsert([asset]), { created: 1, updated: 0 });
      assert.deepEqual(
        await store.assets.upsert([{ ...asset, id: 'ast-2', hostname: 'db-pci-01', criticality: 4, updatedAt: 11 }]),
        { created: 0, updated: 1 },
      );
      const list = await store.assets.list(T1);
      assert.equal(list.length, 1);
      assert.equal(list[0]?.criticality, 4);
      assert.equal(list[0]?.id, 'ast-1');
      assert.deepEqual(await store.assets.list(T2), []);
    });

    it('stores users, memberships and tokens, and revokes a token once', async () => {
      await store.identities.createUser({ id: 'u1', email: 'Ana@Example.org', name: 'Ana', passwordHash: null }, 1);
      await store.identities.setMembership('u1', T1, 't1', 1);
      await store.identities.setMembership('u1', T2, 'viewer', 1);
      await store.identities.setMembership('u1', T1, 't2', 2);
      assert.deepEqual(await store.identities.memberships('u1'), [
        { tenantId: T1, role: 't2' },
        { tenantId: T2, role: 'viewer' },
      ]);
      assert.equal((await store.identities.findUserByEmail('ana@example.org'))?.id, 'u1');
      await store.identities.createToken(
        { id: 'tok1', name: 'x', tokenHash: 'h1', userId: null, tenantId: T1, role: 'ingest', expiresAt: null },
        1,
      );
      assert.equal((await store.identities.findTokenByHash('h1'))?.role, 'ingest');
      assert.equal(await store.identities.revokeToken('tok1', 5), true);
      assert.equal(await store.identities.revokeToken('tok1', 6), false);
      assert.equal((await store.identities.findTokenByHash('h1'))?.revokedAt, 5);
    });

    it('stores raw events in order per tenant', async () => {
      const seqs = await store.rawEvents.insertBatch(
        store.handle.db,
        T1,
        [
          { source: 'suricata', occurredAt: '2026-01-01T00:00:00.000Z', fields: { event_type: 'flow' }, raw: { a: 1 } },
          { source: 'syslog', occurredAt: '2026-01-01T00:00:01.000Z', host: 'fw1', fields: {}, raw: 'line' },
        ],
        Date.parse('2026-01-01T00:00:02Z'),
      );
      assert.equal(seqs.length, 2);
      const events = await store.rawEvents.list(T1, 0, 10);
      assert.deepEqual(events.map((e) => e.source), ['suricata', 'syslog']);
      assert.equal(events[1]?.host, 'fw1');
      assert.equal(events[1]?.raw, 'line');
      assert.deepEqual(await store.rawEvents.list(T2, 0, 10), []);
    });
  });
}
