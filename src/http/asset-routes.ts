import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AssetService } from '../intake/assets/asset-service.ts';
import type { Store } from '../store/index.ts';
import { userError } from '../core/errors.ts';
import { tenantFor } from './request-context.ts';

/** The asset inventory: import (CSV or JSON, upsert by hostname) and list. */
export async function assetRoutes(app: FastifyInstance, deps: { store: Store; assets: AssetService }) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    '/api/v1/assets/import',
    {
      schema: {
        summary: 'Import the asset inventory: text/csv with a header row, or a JSON array',
        tags: ['assets'],
        querystring: z.object({ tenant: z.string().optional(), format: z.enum(['csv', 'json']).optional() }),
      },
    },
    async (request) => {
      const { tenantId } = tenantFor(request, 'assets:write');
      const text = typeof request.body === 'string' ? request.body : '';
      if (text.trim() === '') throw userError('empty_body', 'the request body is empty');
      const contentType = request.headers['content-type'] ?? '';
      const kind = request.query.format ?? (contentType.includes('csv') ? 'csv' : text.trimStart().startsWith('[') ? 'json' : 'csv');
      const summary = await deps.assets.importText(tenantId, text, kind);
      if (summary.created + summary.updated === 0 && summary.rejected > 0) {
        throw userError('all_rejected', `no asset was imported: ${summary.errors[0]?.reason ?? ''}`, 400, summary);
      }
      return summary;
    },
  );

  routes.get(
    '/api/v1/assets',
    { schema: { summary: 'List the asset inventory', tags: ['assets'], querystring: z.object({ tenant: z.string().optional() }) } },
    async (request) => {
      const { tenantId } = tenantFor(request, 'assets:read');
      return { items: await deps.store.assets.list(tenantId) };
    },
  );
}
