import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { forbidden, unauthenticated } from '../core/errors.ts';
import type { Authenticator, SessionService } from '../auth/index.ts';

export const SESSION_COOKIE = 'vigil_session';

/**
 * Authenticates every request before anything else runs, except routes marked `config.public`:
 * `Authorization: Bearer <token>` (or `Splunk <token>` for HEC senders), else the console's session
 * cookie. A cookie-authenticated change must carry `X-Requested-With: vigil`: a custom header that a
 * cross-site form cannot send, so the cookie alone cannot be abused (CSRF).
 */
export const authPlugin = fp(async (app: FastifyInstance, options: { authenticator: Authenticator; sessions: SessionService }) => {
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public === true) return;
    const token = bearerToken(request);
    if (token !== undefined) {
      request.principal = await options.authenticator.authenticateToken(token);
      return;
    }
    const session = cookie(request, SESSION_COOKIE);
    if (session === undefined) throw unauthenticated('sign in, or send an API token: Authorization: Bearer <token>');
    request.principal = await options.sessions.principalOf(session);
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.headers['x-requested-with'] !== 'vigil') {
      throw forbidden('changes from the console must carry X-Requested-With: vigil');
    }
  });
});

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^(Bearer|Splunk)\s+(\S+)\s*$/i.exec(header);
  return match?.[2];
}

export function cookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
