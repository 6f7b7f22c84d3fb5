import type { IdentityService } from '../auth/index.ts';
import type { AssetService } from '../intake/assets/asset-service.ts';
import type { Store } from '../store/index.ts';
import { DEMO_ADMIN_EMAIL, DEMO_ASSETS, DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TENANT, DEMO_TOKEN } from './demo-tenant.ts';

/** Seeds the demo tenant, its analysts, inventory and the local demo token, once, on an empty database. */
export async function seedDemo(deps: { store: Store; identities: IdentityService; assets: AssetService }): Promise<boolean> {
  if ((await deps.store.tenants.count()) > 0) return false;
  const { identities } = deps;
  await identities.createTenant({ ...DEMO_TENANT, settings: { ...DEMO_TENANT.settings } });
  const adminId = await identities.createUser({
    email: DEMO_ADMIN_EMAIL,
    name: 'Demo Admin',
    password: DEMO_PASSWORD,
    memberships: [{ tenantId: DEMO_TENANT.id, role: 'admin' }],
  });
  for (const person of DEMO_PEOPLE) {
    const userId = await identities.createUser({
      email: `${person.name.toLowerCase().replace(/[^a-z]+/g, '.')}@demo.vigil.local`,
      name: person.name,
      password: DEMO_PASSWORD,
      memberships: [{ tenantId: DEMO_TENANT.id, role: person.role }],
    });
    if (person.role === 't1' || person.role === 't2' || person.role === 't3') {
      await deps.store.duty.upsertAnalyst({ tenantId: DEMO_TENANT.id, userId, tier: person.role, skills: [] }, Date.now());
    }
  }
  await identities.registerToken(DEMO_TOKEN, { name: 'demo admin token', userId: adminId, tenantId: null, role: null, expiresAt: null });
  await deps.assets.importParsed(DEMO_TENANT.id, { entries: DEMO_ASSETS, errors: [] });
  return true;
}
