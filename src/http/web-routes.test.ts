import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandler } from './error-handler.ts';
import { webRoutes } from './web-routes.ts';

const INDEX = '<!doctype html><div id="root"></div><script type="module" src="/assets/app-abc123.js"></script>';
const SCRIPT = 'console.log("vigil console");'.repeat(20);

async function appWith(dist: string): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandler(app);
  app.get('/api/v1/things', () => Promise.resolve({ items: [] }));
  app.get('/healthz', () => Promise.resolve({ status: 'ok' }));
  await app.register(webRoutes, { dist });
  return app;
}

describe('web routes: the built console at / with an SPA fallback', () => {
  let dir: string;
  let app: FastifyInstance;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'app-abc123.js'), SCRIPT);
    writeFileSync(join(dir, 'assets', 'app-abc123.js.gz'), gzipSync(SCRIPT));
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(tmpdir(), 'outside-web-root.txt'), 'secret');
    app = await appWith(dir);
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(tmpdir(), 'outside-web-root.txt'), { force: true });
  });

  it('answers / and deep links with index.html, revalidated every time, with a CSP', async () => {
    for (const url of ['/', '/queue', '/incidents/INC-12', '/alerts/01ABC?incident=INC-3']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.body, INDEX, url);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
    }
  });

  it('serves hashed assets as immutable, gzip when accepted, and 304 on a matching etag', async () => {
    const plain = await app.inject({ url: '/assets/app-abc123.js' });
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.body, SCRIPT);
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(plain.headers['content-type']), /^text\/javascript/);
    const gz = await app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.ok(gz.rawPayload.length < SCRIPT.length);
    assert.notEqual(gz.headers['etag'], plain.headers['etag']);
    const again = await app.inject({ url: '/assets/app-abc123.js', headers: { 'if-none-match': String(plain.headers['etag']) } });
    assert.equal(again.statusCode, 304);
    const icon = await app.inject({ url: '/favicon.svg' });
    assert.equal(icon.headers['content-type'], 'image/svg+xml');
    assert.equal(icon.headers['cache-control'], 'no-cache');
  });

  it('never shadows the API: registered routes win, and misses under /api/, /services/, /healthz stay JSON 404s', async () => {
    assert.deepEqual((await app.inject({ url: '/api/v1/things' })).json(), { items: [] });
    assert.deepEqual((await app.inject({ url: '/healthz' })).json(), { status: 'ok' });
    for (const url of ['/api/v1/nothing-here', '/api', '/services/collector/x', '/healthz/deep']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json<{ error: { code: string } }>().error.code, 'not_found', url);
    }
  });

  it('404s missing assets instead of sending HTML as script, and never reads outside dist', async () => {
    assert.equal((await app.inject({ url: '/assets/app-old999.js' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/robots.txt' })).statusCode, 404);
    for (const url of ['/..%2foutside-web-root.txt', '/assets/..%2f..%2foutside-web-root.txt', '/%2e%2e/outside-web-root.txt']) {
      const res = await app.inject({ url });
      assert.notEqual(res.body, 'secret', url);
      assert.ok(res.statusCode === 404 || res.statusCode === 400, `${url}: ${res.statusCode}`);
    }
    assert.equal((await app.inject({ method: 'POST', url: '/queue' })).statusCode, 404);
  });

  it('says how to build the console when web/dist is missing', async () => {
    const empty = await appWith(join(dir, 'no-such-dist'));
    const res = await empty.inject({ url: '/queue' });
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /npm run build:web/);
    await empty.close();
  });
});
