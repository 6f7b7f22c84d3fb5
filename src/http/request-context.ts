import type { FastifyRequest } from 'fastify';
import { unauthenticated } from '../core/errors.ts';
import type { Permission, Role } from '../core/roles.ts';
import { authorize, resolveTenant, type Principal } from '../auth/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Route needs no authentication (health, OpenAPI description, login). */
    public?: boolean;
  }
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw unauthenticated();
  return request.principal;
}

/** The tenant the request acts on (X-Vigil-Tenant header or ?tenant=), checked against a permission. */
export function tenantFor(request: FastifyRequest, permission: Permission): { tenantId: string; role: Role; principal: Principal } {
  const principal = requirePrincipal(request);
  const header = request.headers['x-vigil-tenant'];
  const query = (request.query as Record<string, unknown> | undefined)?.['tenant'];
  const requested = typeof header === 'string' ? header : typeof query === 'string' ? query : undefined;
  const tenantId = resolveTenant(principal, requested);
  const role = authorize(principal, tenantId, permission);
  return { tenantId, role, principal };
}
