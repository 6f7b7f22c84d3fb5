import { forbidden, userError } from '../core/errors.ts';
import { roleGrants, type Permission, type Role } from '../core/roles.ts';

/** Who is calling: a user (through a personal token or a session) or a tenant-bound service token. */
export interface Principal {
  readonly kind: 'user' | 'service';
  readonly id: string;
  readonly name: string;
  readonly tokenId?: string;
  /** Role per tenant this principal may act in. */
  readonly roles: ReadonlyMap<string, Role>;
}

/**
 * The tenant a request acts on: the one asked for (it must be granted), or the principal's only tenant.
 * An MSSP operator with several tenants must say which.
 */
export function resolveTenant(principal: Principal, requested: string | undefined): string {
  if (requested !== undefined && requested !== '') {
    if (!principal.roles.has(requested)) throw forbidden(`no access to tenant ${requested}`);
    return requested;
  }
  const tenants = [...principal.roles.keys()];
  if (tenants.length === 1 && tenants[0] !== undefined) return tenants[0];
  if (tenants.length === 0) throw forbidden('this principal has no tenant');
  throw userError(
    'tenant_required',
    `this principal has several tenants (${tenants.join(', ')}): name one with the X-Vigil-Tenant header or ?tenant=`,
  );
}

/** Throws 403 unless the principal's role in the tenant grants the permission. */
export function authorize(principal: Principal, tenantId: string, permission: Permission): Role {
  const role = principal.roles.get(tenantId);
  if (role === undefined) throw forbidden(`no access to tenant ${tenantId}`);
  if (!roleGrants(role, permission)) throw forbidden(`role ${role} may not ${permission.replace(':', ' ')}`);
  return role;
}
