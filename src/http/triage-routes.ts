import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userError } from '../core/errors.ts';
import type { Store } from '../store/index.ts';
import type { AiTriage } from '../workflow/ai-triage.ts';
import type { TenantContexts } from '../workflow/tenant-context.ts';
import { tenantFor } from './request-context.ts';

const tenantQuery = z.object({ tenant: z.string().optional() });
const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

/** What the AI triage did and how right it was; model versions, rollback and retraining (managers). */
export async function triageRoutes(app: FastifyInstance, deps: { store: Store; triage: AiTriage; contexts: TenantContexts }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/v1/triage/accuracy',
    {
      schema: {
        summary: 'AI accuracy against analysts: agreement, precision/recall for malicious, override rate, Brier, reliability; per class, hour band and day',
        tags: ['triage'],
        querystring: tenantQuery.extend({ from: instant.optional(), to: instant.optional() }),
      },
    },
    async (request) => {
      const { tenantId } = tenantFor(request, 'metrics:read');
      return deps.triage.accuracy(tenantId, request.query.from, request.query.to);
    },
  );

  routes.get('/api/v1/triage/trust', { schema: { summary: 'Each alert class’s trust level (shadow, assist, autonomous) and why', tags: ['triage'], querystring: tenantQuery } }, async (request) => {
    const { tenantId } = tenantFor(request, 'metrics:read');
    return { items: await deps.triage.trust(await deps.contexts.get(tenantId)) };
  });

  routes.get('/api/v1/triage/quality-review', { schema: { summary: 'Missed-attack rate of automation, from the quality-review sample', tags: ['triage'], querystring: tenantQuery } }, async (request) => {
    const { tenantId } = tenantFor(request, 'metrics:read');
    return deps.triage.qualityReview(tenantId);
  });

  routes.get('/api/v1/triage/models', { schema: { summary: 'Model versions (newest first); the active one is in use', tags: ['triage'], querystring: tenantQuery } }, async (request) => {
    const { tenantId } = tenantFor(request, 'metrics:read');
    return { items: await deps.store.triage.models(tenantId) };
  });

  routes.post(
    '/api/v1/triage/models/:version/activate',
    { schema: { summary: 'Roll the model back (or forward) to a stored version', tags: ['triage'], params: z.object({ version: z.coerce.number().int().positive() }), querystring: tenantQuery } },
    async (request) => {
      const { tenantId } = tenantFor(request, 'settings:write');
      await deps.triage.rollback(await deps.contexts.get(tenantId), request.params.version);
      return { active: request.params.version };
    },
  );

  routes.post('/api/v1/triage/snapshot', { schema: { summary: 'Save the current model as a new version', tags: ['triage'], querystring: tenantQuery } }, async (request) => {
    const { tenantId } = tenantFor(request, 'settings:write');
    const version = await deps.triage.snapshot(await deps.contexts.get(tenantId), 'saved by hand');
    if (version === undefined) throw userError('triage_off', 'AI triage is off for this tenant', 409);
    return { version };
  });

  routes.post('/api/v1/triage/retrain', { schema: { summary: 'Retrain the model from every stored verdict, as a new version', tags: ['triage'], querystring: tenantQuery } }, async (request) => {
    const { tenantId } = tenantFor(request, 'settings:write');
    return deps.triage.retrain(await deps.contexts.get(tenantId));
  });
}
