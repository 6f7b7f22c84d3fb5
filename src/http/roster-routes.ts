import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RosterEdit, StaffingConfig } from '../roster/index.ts';
import type { RosterPlanning } from '../planning/roster-planning.ts';
import type { Store } from '../store/index.ts';
import { tenantFor } from './request-context.ts';

const tenantQuery = z.object({ tenant: z.string().optional() });
const id = z.object({ id: z.string().min(1).max(64) });

const staffingSchema = z.object({
  tiers: z
    .array(
      z.object({
        tier: z.string().min(1),
        share: z.number().min(0).max(1),
        handlingSeconds: z.number().positive(),
        target: z.object({
          serviceLevel: z.number().min(0).max(1).optional(),
          withinSeconds: z.number().positive().optional(),
          maxAsaSeconds: z.number().positive().optional(),
          maxOccupancy: z.number().min(0).max(1).optional(),
        }),
        patienceSeconds: z.number().positive().optional(),
        maxAbandon: z.number().min(0).max(1).optional(),
        minimum: z.number().int().nonnegative().optional(),
      }),
    )
    .min(1),
  intervalShrinkage: z.number().min(0).max(0.9),
});

const editSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('assign'), analyst: z.string(), date: z.string(), shift: z.string() }),
  z.object({ kind: z.literal('unassign'), analyst: z.string(), date: z.string() }),
  z.object({ kind: z.literal('swap'), a: z.string(), b: z.string(), date: z.string(), dateB: z.string().optional() }),
  z.object({ kind: z.literal('give'), from: z.string(), to: z.string(), date: z.string() }),
]);

/** Forecasts, rosters (plan, edit with checked swaps, publish as duty), and iCal feeds. */
export async function rosterRoutes(app: FastifyInstance, deps: { store: Store; planning: RosterPlanning }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/v1/roster/forecast',
    {
      schema: {
        summary: "Alerts per hour for the coming weeks, from the tenant's own history (holiday-aware), with the error on held-out weeks",
        tags: ['roster'],
        querystring: tenantQuery.extend({ weeks: z.coerce.number().int().min(1).max(26).default(4), historyWeeks: z.coerce.number().int().min(2).max(104).default(8) }),
      },
    },
    async (request) => {
      const { tenantId } = tenantFor(request, 'metrics:read');
      return deps.planning.forecast(tenantId, request.query.weeks, request.query.historyWeeks);
    },
  );

  routes.post(
    '/api/v1/rosters',
    {
      schema: {
        summary: 'Plan a roster for a team (draft): solver with a time limit, coverage gaps and fairness figures',
        tags: ['roster'],
        querystring: tenantQuery,
        body: z.object({
          spec: z.record(z.string(), z.unknown()).describe('team spec: see src/roster/soc-spec.ts'),
          timeLimitSeconds: z.number().positive().max(300).default(20),
          staffing: staffingSchema.optional().describe('plan coverage from the forecast of the tenant’s alerts with Erlang staffing'),
          historyWeeks: z.number().int().min(2).max(104).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { tenantId } = tenantFor(request, 'duty:write');
      const { spec, timeLimitSeconds, staffing, historyWeeks } = request.body;
      const roster = await deps.planning.plan(tenantId, {
        spec,
        timeLimitSeconds,
        ...(staffing === undefined ? {} : { staffing: staffing as StaffingConfig }),
        ...(historyWeeks === undefined ? {} : { historyWeeks }),
      });
      return reply.code(201).send({ id: roster.id, status: roster.status, startsAt: new Date(roster.startsAt).toISOString(), endsAt: new Date(roster.endsAt).toISOString(), summary: roster.summary });
    },
  );

  routes.get('/api/v1/rosters', { schema: { summary: "The tenant's rosters, newest first", tags: ['roster'], querystring: tenantQuery } }, async (request) => {
    const { tenantId } = tenantFor(request, 'incidents:read');
    return { items: await deps.store.rosters.list(tenantId) };
  });

  routes.get('/api/v1/rosters/:id', { schema: { summary: 'One roster: the grid per analyst and day, and its figures', tags: ['roster'], params: id, querystring: tenantQuery } }, async (request) => {
    const { tenantId } = tenantFor(request, 'incidents:read');
    return deps.planning.get(tenantId, request.params.id);
  });

  routes.post(
    '/api/v1/rosters/:id/edits',
    {
      schema: {
        summary: 'Check (and with apply: true, make) overrides and swaps; says which rule an edit would break',
        tags: ['roster'],
        params: id,
        querystring: tenantQuery,
        body: z.object({ edits: z.array(editSchema).min(1).max(200), apply: z.boolean().default(false) }),
      },
    },
    async (request, reply) => {
      const { tenantId } = tenantFor(request, 'duty:write');
      const check = await deps.planning.edit(tenantId, request.params.id, request.body.edits as RosterEdit[], request.body.apply);
      return reply.code(check.ok ? 200 : 422).send(check);
    },
  );

  routes.post('/api/v1/rosters/:id/publish', { schema: { summary: 'Publish: its shifts become who is on duty', tags: ['roster'], params: id, querystring: tenantQuery } }, async (request) => {
    const { tenantId } = tenantFor(request, 'duty:write');
    return deps.planning.publish(tenantId, request.params.id);
  });

  routes.get(
    '/api/v1/rosters/:id/ical',
    { schema: { summary: 'iCal feed (RFC 5545) of the team, or of one analyst', tags: ['roster'], params: id, querystring: tenantQuery.extend({ analyst: z.string().optional() }) } },
    async (request, reply) => {
      const { tenantId } = tenantFor(request, 'incidents:read');
      const text = await deps.planning.ical(tenantId, request.params.id, request.query.analyst);
      return reply.type('text/calendar; charset=utf-8').send(text);
    },
  );
}
