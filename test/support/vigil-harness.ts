import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import type { Clock } from '../../src/core/clock.ts';
import { createVigil, type Vigil } from '../../src/vigil.ts';

export interface Harness {
  readonly vigil: Vigil;
  /** Tokens: admin of tenant `acme`, ingest for `acme`, viewer of `acme`, t1 analyst of `acme`, admin of `globex`. */
  readonly tokens: { admin: string; ingest: string; viewer: string; t1: string; otherAdmin: string; mssp: string };
  inject(options: {
    method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
    url: string;
    token?: string;
    body?: string | object;
    headers?: Record<string, string>;
  }): Promise<{ statusCode: number; json: () => unknown; body: string }>;
  close(): Promise<void>;
}

/** A Vigil on a fresh SQLite file (or the URL given) with two tenants and a token per role. */
export async function startHarness(options: { databaseUrl?: string; clock?: Clock; config?: object } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-http-'));
  const config = loadConfig({
    env: {},
    overrides: { database: { url: options.databaseUrl ?? join(dir, 'vigil.db') }, ...(options.config ?? {}) },
  });
  const vigil = await createVigil(config, { logger: false, ...(options.clock === undefined ? {} : { clock: options.clock }) });
  const ids = vigil.identities;
  await ids.createTenant({ id: 'acme', name: 'Acme Retail', timeZone: 'Europe/London' });
  await ids.createTenant({ id: 'globex', name: 'Globex Health', timeZone: 'America/New_York' });
  const userToken = async (email: string, memberships: { tenantId: string; role: 't1' | 'admin' | 'viewer' | 'mssp' }[]) => {
    const id = await ids.createUser({ email, name: email, memberships });
    return (await ids.createUserToken(id, 'test')).token;
  };
  const tokens = {
    admin: await userToken('admin@acme.test', [{ tenantId: 'acme', role: 'admin' }]),
    viewer: await userToken('viewer@acme.test', [{ tenantId: 'acme', role: 'viewer' }]),
    t1: await userToken('t1@acme.test', [{ tenantId: 'acme', role: 't1' }]),
    otherAdmin: await userToken('admin@globex.test', [{ tenantId: 'globex', role: 'admin' }]),
    mssp: await userToken('ops@mssp.test', [
      { tenantId: 'acme', role: 'mssp' },
      { tenantId: 'globex', role: 'mssp' },
    ]),
    ingest: (await ids.createServiceToken('acme', 'ingest', 'shipper')).token,
  };
  return {
    vigil,
    tokens,
    async inject({ method, url, token, body, headers }) {
      const response = await vigil.app.inject({
        method,
        url,
        headers: {
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { statusCode: response.statusCode, body: response.body, json: () => JSON.parse(response.body) as unknown };
    },
    async close() {
      await vigil.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
