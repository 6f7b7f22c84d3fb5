import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound, userError } from '../core/errors.ts';
import { SEVERITIES } from '../core/severity.ts';
import type { Store } from '../store/index.ts';
import { tenantFor } from './request-context.ts';

const csv = z
  .string()
  .transform((s) => s.split(',').map((v) => v.trim()).filter((v) => v !== ''));

const timeParam = z
  .string()
  .transform((s, ctx) => {
    const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not an ISO 8601 time or epoch milliseconds` });
      return z.NEVER;
    }
    return ms;
  });

const listQuery = z.object({
  tenant: z.string().optional(),
  from: timeParam.optional().describe('occurred at or after (ISO 8601 or epoch ms)'),
  to: timeParam.optional().describe('occurred before (ISO 8601 or epoch ms)'),
  source: csv.optional().describe('comma-separated sources, e.g. wazuh,suricata'),
  severity: csv.pipe(z.array(z.enum(SEVERITIES))).optional().describe('comma-separated severities'),
  minSeverity: z.enum(SEVERITIES).optional(),
  asset: csv.optional().describe('hostname, IP or asset id the alert touches'),
  rule: z.string().optional().describe('rule id'),
  q: z.string().max(200).optional().describe('text in title, rule name or entities'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().optional(),
});

/** Reading alerts: list with filters and cursor paging, fetch one with its original payload. */
export async function alertRoutes(app: FastifyInstance, deps: { store: Store }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/v1/alerts',
    { schema: { summary: 'List alerts, newest first, with filters and cursor paging', tags: ['alerts'], querystring: listQuery } },
    async (request) => {
      const { tenantId } = tenantFor(request, 'alerts:read');
      const q = request.query;
      if (q.from !== undefined && q.to !== undefined && q.from >= q.to) {
        throw userError('bad_time_range', '`from` must be before `to`');
      }
      const entities = q.asset === undefined ? undefined : await expandAssets(deps.store, tenantId, q.asset);
      const page = await deps.store.alerts.list(
        tenantId,
        {
          ...(q.from === undefined ? {} : { from: q.from }),
          ...(q.to === undefined ? {} : { to: q.to }),
          ...(q.source === undefined ? {} : { sources: q.source }),
          ...(q.severity === undefined ? {} : { severities: q.severity }),
          ...(q.minSeverity === undefined ? {} : { minSeverity: q.minSeverity }),
          ...(entities === undefined ? {} : { entities }),
          ...(q.rule === undefined ? {} : { ruleId: q.rule }),
          ...(q.q === undefined ? {} : { text: q.q }),
        },
        q.limit,
        q.cursor,
      );
      return page;
    },
  );

  routes.get(
    '/api/v1/alerts/:id',
    {
      schema: {
        summary: 'One alert: normalised fields and the original payload',
        tags: ['alerts'],
        params: z.object({ id: z.string().max(64) }),
        querystring: z.object({ tenant: z.string().optional() }),
      },
    },
    async (request) => {
      const { tenantId } = tenantFor(request, 'alerts:read');
      const alert = await deps.store.alerts.get(tenantId, request.params.id);
      if (alert === undefined) throw notFound(`alert ${request.params.id}`);
      return alert;
    },
  );
}

/**
 * An inventory asset (by id or hostname) stands for its hostname and all its IPs, so alerts that name
 * only an address still match; any other value is taken as a hostname or IP as given.
 */
async function expandAssets(store: Store, tenantId: string, values: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const value of values) {
    const asset = value.startsWith('ast_')
      ? await store.assets.get(tenantId, value)
      : await store.assets.findByHostname(tenantId, value);
    if (asset === undefined && value.startsWith('ast_')) throw notFound(`asset ${value}`);
    if (asset === undefined) out.push(value);
    else out.push(asset.hostname, ...asset.ips);
  }
  return out;
}
