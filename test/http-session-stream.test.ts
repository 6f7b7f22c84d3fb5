import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { startServer, type RunningServer } from '../src/server.ts';

describe('console session and live stream', () => {
  let dir: string;
  let server: RunningServer;
  let ingest: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-sess-'));
    server = await startServer(loadConfig({ env: {}, overrides: { database: { url: join(dir, 'v.db') }, server: { port: 0 } } }), createLogger('silent'));
    const ids = server.vigil.identities;
    await ids.createTenant({ id: 'acme', name: 'Acme', timeZone: 'UTC' });
    await ids.createUser({ email: 'night@acme.test', name: 'Night Owl', password: 'correct horse battery', memberships: [{ tenantId: 'acme', role: 't1' }] });
    ingest = (await ids.createServiceToken('acme', 'ingest', 'x')).token;
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const signIn = (password: string) =>
    fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'night@acme.test', password }) });

  it('signs in with a password into an HttpOnly cookie and refuses a wrong one', async () => {
    const bad = await signIn('wrong password!');
    assert.equal(bad.status, 401);
    const ok = await signIn('correct horse battery');
    assert.equal(ok.status, 200);
    const setCookie = ok.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /vigil_session=vgl_[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    const cookie = setCookie.split(';')[0] ?? '';
    const me = await fetch(`${server.url}/api/v1/session`, { headers: { cookie } });
    assert.equal(((await me.json()) as { user: { name: string } }).user.name, 'Night Owl');
    // A change by cookie alone (as a cross-site form would send) is refused; with the custom header it passes.
    const csrf = await fetch(`${server.url}/api/v1/incidents/1/comment`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{"text":"x"}' });
    assert.equal(csrf.status, 403);
    const out = await fetch(`${server.url}/api/v1/session`, { method: 'DELETE', headers: { cookie, 'x-requested-with': 'vigil' } });
    assert.equal(out.status, 204);
    const after = await fetch(`${server.url}/api/v1/session`, { headers: { cookie } });
    assert.equal(after.status, 401);
  });

  it('slows down repeated failures', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn(`nope-${i}-attempt`)).status);
    assert.deepEqual(statuses.slice(-2), [429, 429]);
  });

  it('streams incident changes as server-sent events', async () => {
    const { token } = await server.vigil.identities.createUserToken((await server.vigil.store.identities.findUserByEmail('night@acme.test'))?.id ?? '', 'sse');
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = response.body?.getReader();
    assert.ok(reader !== undefined);
    const alert = { timestamp: new Date().toISOString(), rule: { level: 10, description: 'Live one', id: '1', groups: [] }, agent: { id: '1', name: 'pos-9' }, id: 'live-1' };
    await fetch(`${server.url}/api/v1/alerts?format=wazuh`, { method: 'POST', headers: { authorization: `Bearer ${ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(alert) });
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes('event: incident')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value as Uint8Array);
    }
    controller.abort();
    assert.match(text, /event: incident\ndata: \{"tenantId":"acme","incidentId":"inc_[^"]+","number":1,"type":"created"/);
  });
});
