import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/logger.ts';
import { startServer, type RunningServer } from '../../../src/server.ts';

export const PASSWORD = 'correct horse battery staple';

export interface ConsoleServer {
  readonly server: RunningServer;
  readonly url: string;
  readonly admin: string;
  readonly ingest: Readonly<Record<string, string>>;
  readonly users: Readonly<Record<'night' | 'senior' | 'ops' | 'bulk', { id: string; email: string }>>;
  api(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  /** Posts Wazuh alerts through the public intake API, as a shipper would. */
  postAlerts(tenant: 'acme' | 'bulk', alerts: readonly object[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real Vigil (HTTP on port 0, fresh SQLite file) with the console served at /: tenant `acme` with a
 * T1 analyst (Night Owl) and a T2 on shift, an inventory with a PCI payment gateway, tenant `globex`
 * for the MSSP operator, and tenant `bulk` for the 500-incident load figure.
 */
export async function startConsoleServer(): Promise<ConsoleServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-console-'));
  const server = await startServer(loadConfig({ env: {}, overrides: { database: { url: join(dir, 'vigil.db') }, server: { port: 0 } } }), createLogger('silent'));
  const { identities, assets } = server.vigil;
  await identities.createTenant({ id: 'acme', name: 'Acme Retail', timeZone: 'Europe/London' });
  await identities.createTenant({ id: 'globex', name: 'Globex Health', timeZone: 'America/New_York' });
  await identities.createTenant({ id: 'bulk', name: 'Bulk Test', timeZone: 'UTC' });
  const user = async (email: string, name: string, memberships: { tenantId: string; role: 't1' | 't2' | 'admin' | 'mssp' }[]) => ({
    id: await identities.createUser({ email, name, password: PASSWORD, memberships }),
    email,
  });
  const adminUser = await user('admin@acme.test', 'Acme Admin', [{ tenantId: 'acme', role: 'admin' }, { tenantId: 'bulk', role: 'admin' }]);
  const users = {
    night: await user('night@acme.test', 'Night Owl', [{ tenantId: 'acme', role: 't1' }]),
    senior: await user('senior@acme.test', 'Senior Sam', [{ tenantId: 'acme', role: 't2' }]),
    ops: await user('ops@mssp.test', 'MSSP Operator', [
      { tenantId: 'acme', role: 'mssp' },
      { tenantId: 'globex', role: 'mssp' },
    ]),
    bulk: await user('bulk@bulk.test', 'Bulk Analyst', [{ tenantId: 'bulk', role: 't1' }]),
  };
  const admin = (await identities.createUserToken(adminUser.id, 'e2e')).token;
  const ingest = {
    acme: (await identities.createServiceToken('acme', 'ingest', 'e2e shipper')).token,
    bulk: (await identities.createServiceToken('bulk', 'ingest', 'e2e shipper')).token,
  };
  await assets.importParsed('acme', {
    entries: [{ hostname: 'pay-gw-01', ips: ['10.10.5.21'], owner: 'Payments', businessService: 'Payment gateway', criticality: 5, dataClasses: ['pci'] }],
    errors: [],
  });

  const api = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  // Night Owl (T1) and Senior Sam (T2) are on shift for the next eight hours.
  const now = Date.now();
  for (const [u, tier] of [[users.night, 't1'], [users.senior, 't2']] as const) {
    const put = await api('PUT', `/api/v1/analysts/${u.id}?tenant=acme`, admin, { tier, skills: [] });
    if (put.status !== 200) throw new Error(`analyst setup failed: ${JSON.stringify(put.json)}`);
    const shift = await api('POST', '/api/v1/shifts?tenant=acme', admin, { userId: u.id, startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 8 * 3_600_000).toISOString() });
    if (shift.status !== 201) throw new Error(`shift setup failed: ${JSON.stringify(shift.json)}`);
  }

  return {
    server,
    url: server.url,
    admin,
    ingest,
    users,
    api,
    async postAlerts(tenant, alerts) {
      const token = ingest[tenant];
      const response = await fetch(`${server.url}/api/v1/alerts?format=wazuh`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      const summary = (await response.json()) as { accepted?: number; rejected?: number; errors?: unknown };
      if (response.status !== 200 || summary.accepted !== alerts.length) throw new Error(`intake refused alerts: ${response.status} ${JSON.stringify(summary)}`);
    },
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Wazuh alert as the manager writes it (level 15 is critical, 5 is low). */
export function wazuhAlert(options: { id: string; host: string; level: number; description: string; ip?: string }): object {
  return {
    id: options.id,
    timestamp: new Date().toISOString(),
    rule: { id: String(5000 + options.level), level: options.level, description: options.description, groups: ['e2e'] },
    agent: { id: options.id.slice(-3), name: options.host, ...(options.ip === undefined ? {} : { ip: options.ip }) },
    full_log: `${options.description} on ${options.host}`,
  };
}
