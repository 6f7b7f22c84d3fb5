import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionService } from '../auth/index.ts';
import type { Store } from '../store/index.ts';
import { cookie, SESSION_COOKIE } from './auth-plugin.ts';
import { requirePrincipal } from './request-context.ts';

/** Console sign-in and sign-out. The session secret travels only in an HttpOnly, SameSite=Strict cookie. */
export async function sessionRoutes(app: FastifyInstance, deps: { sessions: SessionService; store: Store; secureCookies: boolean }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const describe = async (principal: { id: string; name: string; roles: ReadonlyMap<string, string> }) => {
    const tenants = await deps.store.tenants.list([...principal.roles.keys()]);
    return { user: { id: principal.id, name: principal.name }, tenants: tenants.map((t) => ({ id: t.id, name: t.name, timeZone: t.timeZone, role: principal.roles.get(t.id) })) };
  };

  routes.post(
    '/api/v1/session',
    { config: { public: true }, schema: { summary: 'Sign in to the console', tags: ['session'], body: z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(200) }) } },
    async (request, reply) => {
      const { secret, principal, expiresAt } = await deps.sessions.signIn(request.body.email, request.body.password);
      const maxAge = Math.floor((expiresAt - Date.now()) / 1000);
      void reply.header('set-cookie', `${SESSION_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${deps.secureCookies ? '; Secure' : ''}`);
      return describe(principal);
    },
  );

  routes.get('/api/v1/session', { schema: { summary: 'The signed-in user and their tenants', tags: ['session'] } }, async (request) => describe(requirePrincipal(request)));

  routes.delete('/api/v1/session', { schema: { summary: 'Sign out', tags: ['session'] } }, async (request, reply) => {
    const secret = cookie(request, SESSION_COOKIE);
    if (secret !== undefined) await deps.sessions.signOut(secret);
    void reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    return reply.code(204).send();
  });
}
