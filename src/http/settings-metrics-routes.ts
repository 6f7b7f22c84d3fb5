import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import { notFound, userError } from '../core/errors.ts';
import { computeCoreFigures } from '../metrics/core-figures.ts';
import { computeFigureSeries, SERIES_BUCKETS } from '../metrics/figure-series.ts';
import type { Store } from '../store/index.ts';
import { workflowSettingsSchema } from '../workflow/settings.ts';
import type { TenantContexts } from '../workflow/tenant-context.ts';
import { tenantFor } from './request-context.ts';

const tenantQuery = z.object({ tenant: z.string().optional() });
const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

/** A tenant's workflow settings, and the core figures over a time range. */
export async function settingsAndMetricsRoutes(app: FastifyInstance, deps: { store: Store; contexts: TenantContexts; clock: Clock }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/api/v1/settings/workflow', { schema: { summary: 'Workflow settings (calendar, tiers, MSSP hours, SLA, grouping)', tags: ['settings'], querystring: tenantQuery } }, async (request) => {
    const { tenantId } = tenantFor(request, 'incidents:read');
    return (await deps.contexts.get(tenantId)).settings;
  });

  routes.put(
    '/api/v1/settings/workflow',
    { schema: { summary: 'Replace the workflow settings (validated; defaults fill what is left out)', tags: ['settings'], querystring: tenantQuery, body: workflowSettingsSchema } },
    async (request) => {
      const { tenantId } = tenantFor(request, 'settings:write');
      const tenant = await deps.store.tenants.get(tenantId);
      if (tenant === undefined) throw notFound(`tenant ${tenantId}`);
      await deps.store.tenants.updateSettings(tenantId, { ...tenant.settings, ...request.body });
      deps.contexts.invalidate(tenantId);
      return (await deps.contexts.get(tenantId)).settings;
    },
  );

  routes.get(
    '/api/v1/metrics',
    {
      schema: {
        summary: 'MTTD, time to ingest, MTTA, MTTC, MTTR, false-positive rate and SLA compliance, per hour band and tier',
        tags: ['metrics'],
        querystring: tenantQuery.extend({ from: instant.optional(), to: instant.optional() }),
      },
    },
    async (request) => {
      const { tenantId } = tenantFor(request, 'metrics:read');
      const to = request.query.to ?? deps.clock.now().getTime();
      const from = request.query.from ?? to - 30 * 24 * 3_600_000;
      if (from >= to) throw userError('bad_time_range', '`from` must be before `to`');
      const ctx = await deps.contexts.get(tenantId);
      return computeCoreFigures(deps.store, tenantId, ctx.calendar, from, to);
    },
  );

  routes.get(
    '/api/v1/metrics/series',
    {
      schema: {
        summary: 'The core figures per day or week and hour band, for charts over time',
        tags: ['metrics'],
        querystring: tenantQuery.extend({ from: instant.optional(), to: instant.optional(), bucket: z.enum(SERIES_BUCKETS).default('day') }),
      },
    },
    async (request) => {
      const { tenantId } = tenantFor(request, 'metrics:read');
      const to = request.query.to ?? deps.clock.now().getTime();
      const from = request.query.from ?? to - 30 * 24 * 3_600_000;
      if (from >= to) throw userError('bad_time_range', '`from` must be before `to`');
      if (to - from > 400 * 24 * 3_600_000) throw userError('range_too_long', 'a series covers at most 400 days');
      const ctx = await deps.contexts.get(tenantId);
      return computeFigureSeries(deps.store, tenantId, ctx.calendar, from, to, request.query.bucket);
    },
  );
}
