import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { unauthenticated } from '../core/errors.ts';
import type { Authenticator } from '../auth/index.ts';

/**
 * Authenticates every request before anything else runs, except routes marked `config.public`.
 * Accepts `Authorization: Bearer <token>` and, for Splunk HEC senders, `Authorization: Splunk <token>`.
 */
export const authPlugin = fp(async (app: FastifyInstance, options: { authenticator: Authenticator }) => {
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public === true) return;
    const token = bearerToken(request);
    if (token === undefined) throw unauthenticated('send an API token: Authorization: Bearer <token>');
    request.principal = await options.authenticator.authenticateToken(token);
  });
});

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^(Bearer|Splunk)\s+(\S+)\s*$/i.exec(header);
  return match?.[2];
}
