import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../core/roles.ts';
import type { IdentityService } from '../auth/index.ts';
import type { Store } from '../store/index.ts';
import { requirePrincipal, tenantFor } from './request-context.ts';

/** Who am I, and a tenant admin's users and API tokens. */
export async function adminRoutes(app: FastifyInstance, deps: { store: Store; identities: IdentityService }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/api/v1/me', { schema: { summary: 'The caller and the tenants it may act in', tags: ['admin'] } }, async (request) => {
    const principal = requirePrincipal(request);
    const tenants = await deps.store.tenants.list([...principal.roles.keys()]);
    return {
      kind: principal.kind,
      id: principal.id,
      name: principal.name,
      tenants: tenants.map((t) => ({ id: t.id, name: t.name, timeZone: t.timeZone, role: principal.roles.get(t.id) })),
    };
  });

  routes.get(
    '/api/v1/users',
    { schema: { summary: "The tenant's users and their roles", tags: ['admin'], querystring: z.object({ tenant: z.string().optional() }) } },
    async (request) => {
      const { tenantId } = tenantFor(request, 'admin');
      const users = await deps.store.identities.listUsers(tenantId);
      return { items: users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled })) };
    },
  );

  routes.post(
    '/api/v1/users',
    {
      schema: {
        summary: 'Create a user in the tenant',
        tags: ['admin'],
        querystring: z.object({ tenant: z.string().optional() }),
        body: z.object({
          email: z.email(),
          name: z.string().min(1).max(200),
          role: z.enum(ROLES).exclude(['ingest']),
          password: z.string().min(12, 'passwords need at least 12 characters').max(200).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { tenantId } = tenantFor(request, 'admin');
      const body = request.body;
      const id = await deps.identities.createUser({
        email: body.email,
        name: body.name,
        ...(body.password === undefined ? {} : { password: body.password }),
        memberships: [{ tenantId, role: body.role }],
      });
      return reply.code(201).send({ id });
    },
  );

  routes.get(
    '/api/v1/tokens',
    { schema: { summary: "The tenant's service tokens (never their secrets)", tags: ['admin'], querystring: z.object({ tenant: z.string().optional() }) } },
    async (request) => {
      const { tenantId } = tenantFor(request, 'admin');
      return { items: await deps.store.identities.listTokens({ tenantId }) };
    },
  );

  routes.post(
    '/api/v1/tokens',
    {
      schema: {
        summary: 'Create a service token, e.g. an ingest token for a log shipper; the secret is shown once',
        tags: ['admin'],
        querystring: z.object({ tenant: z.string().optional() }),
        body: z.object({
          name: z.string().min(1).max(100),
          role: z.enum(['ingest', 'viewer']).default('ingest'),
          expiresAt: z.iso.datetime().optional(),
        }),
      },
    },
    async (request, reply) => {
      const { tenantId } = tenantFor(request, 'admin');
      const { name, role, expiresAt } = request.body;
      const issued = await deps.identities.createServiceToken(tenantId, role, name, expiresAt === undefined ? null : Date.parse(expiresAt));
      return reply.code(201).send(issued);
    },
  );

  routes.delete(
    '/api/v1/tokens/:id',
    {
      schema: {
        summary: 'Revoke a service token',
        tags: ['admin'],
        params: z.object({ id: z.string() }),
        querystring: z.object({ tenant: z.string().optional() }),
      },
    },
    async (request, reply) => {
      const { tenantId } = tenantFor(request, 'admin');
      await deps.identities.revokeServiceToken(tenantId, request.params.id);
      return reply.code(204).send();
    },
  );
}
