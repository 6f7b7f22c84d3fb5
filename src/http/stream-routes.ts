import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IncidentFeed } from '../workflow/incident-feed.ts';
import { tenantFor } from './request-context.ts';

/**
 * Live incident changes as server-sent events (`event: incident`), one stream per console tab instead
 * of polling. A comment line every 20 s keeps proxies from closing an idle stream; the browser's
 * EventSource reconnects by itself when the connection drops.
 */
export async function streamRoutes(app: FastifyInstance, deps: { feed: IncidentFeed; heartbeatMs?: number }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/api/v1/stream', { schema: { summary: 'Live incident changes (text/event-stream)', tags: ['incidents'], querystring: z.object({ tenant: z.string().optional() }) } }, async (request, reply) => {
    const { tenantId } = tenantFor(request, 'incidents:read');
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write(`retry: 3000\n: connected to ${tenantId}\n\n`);
    const unsubscribe = deps.feed.subscribe(tenantId, (change) => {
      raw.write(`event: incident\ndata: ${JSON.stringify(change)}\n\n`);
    });
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), deps.heartbeatMs ?? 20_000);
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    request.raw.on('close', close);
    app.addHook('onClose', async () => {
      close();
      raw.end();
    });
  });
}
