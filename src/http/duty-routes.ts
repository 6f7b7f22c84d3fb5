import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import { notFound, userError } from '../core/errors.ts';
import { prefixedId } from '../core/ids.ts';
import type { Store } from '../store/index.ts';
import { TIERS } from '../workflow/incident.ts';
import type { OnDutySource } from '../workflow/on-duty.ts';
import { loadByAssignee } from '../workflow/routing.ts';
import { tenantFor } from './request-context.ts';

const tenantQuery = z.object({ tenant: z.string().optional() });
const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

/** Analysts (tier, skills), duty shifts, and who is on duty now with their open load. */
export async function dutyRoutes(app: FastifyInstance, deps: { store: Store; onDuty: OnDutySource; clock: Clock }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/api/v1/analysts', { schema: { summary: "The tenant's analysts with tier and skills", tags: ['duty'], querystring: tenantQuery } }, async (request) => {
    const { tenantId } = tenantFor(request, 'incidents:read');
    const [analysts, users] = await Promise.all([deps.store.duty.analysts(tenantId), deps.store.identities.listUsers(tenantId)]);
    const names = new Map(users.map((u) => [u.id, u.name]));
    return { items: analysts.map((a) => ({ ...a, name: names.get(a.userId) ?? a.userId })) };
  });

  routes.put(
    '/api/v1/analysts/:userId',
    {
      schema: {
        summary: 'Set an analyst’s tier and skills',
        tags: ['duty'],
        params: z.object({ userId: z.string() }),
        querystring: tenantQuery,
        body: z.object({ tier: z.enum(TIERS), skills: z.array(z.string().min(1).max(50)).max(50).default([]) }),
      },
    },
    async (request) => {
      const { tenantId } = tenantFor(request, 'duty:write');
      const users = await deps.store.identities.listUsers(tenantId);
      if (!users.some((u) => u.id === request.params.userId)) throw notFound(`user ${request.params.userId} in this tenant`);
      const analyst = { tenantId, userId: request.params.userId, tier: request.body.tier, skills: request.body.skills };
      await deps.store.duty.upsertAnalyst(analyst, deps.clock.now().getTime());
      return analyst;
    },
  );

  routes.get(
    '/api/v1/on-duty',
    { schema: { summary: 'Who is on duty (now, or at a time), when their shift ends, and their open load', tags: ['duty'], querystring: tenantQuery.extend({ at: instant.optional() }) } },
    async (request) => {
      const { tenantId } = tenantFor(request, 'incidents:read');
      const at = request.query.at ?? deps.clock.now().getTime();
      const [onDuty, load] = await Promise.all([deps.onDuty.onDuty(tenantId, at), deps.store.incidents.openLoad(tenantId)]);
      const weighted = loadByAssignee(load);
      const counts = new Map<string, number>();
      for (const l of load) counts.set(l.assigneeId, (counts.get(l.assigneeId) ?? 0) + l.count);
      return {
        at: new Date(at).toISOString(),
        items: onDuty.map((a) => ({ ...a, shiftEndsAt: new Date(a.shiftEndsAt).toISOString(), openIncidents: counts.get(a.userId) ?? 0, load: weighted.get(a.userId) ?? 0 })),
      };
    },
  );

  routes.get(
    '/api/v1/shifts',
    { schema: { summary: 'Duty shifts overlapping a period', tags: ['duty'], querystring: tenantQuery.extend({ from: instant, to: instant }) } },
    async (request) => {
      const { tenantId } = tenantFor(request, 'incidents:read');
      return { items: await deps.store.duty.shifts(tenantId, request.query.from, request.query.to) };
    },
  );

  routes.post(
    '/api/v1/shifts',
    {
      schema: {
        summary: 'Put an analyst on duty for a period',
        tags: ['duty'],
        querystring: tenantQuery,
        body: z.object({ userId: z.string().min(1), startsAt: instant, endsAt: instant }),
      },
    },
    async (request, reply) => {
      const { tenantId } = tenantFor(request, 'duty:write');
      const { userId, startsAt, endsAt } = request.body;
      if (endsAt <= startsAt) throw userError('bad_shift', 'a shift must end after it starts');
      if (endsAt - startsAt > 7 * 24 * 3_600_000) throw userError('bad_shift', 'a shift longer than 7 days is almost certainly a mistake');
      const analysts = await deps.store.duty.analysts(tenantId);
      if (!analysts.some((a) => a.userId === userId)) throw userError('not_an_analyst', `${userId} has no analyst tier in this tenant: set it with PUT /api/v1/analysts/${userId}`);
      const shift = { id: prefixedId('sft'), tenantId, userId, startsAt, endsAt, source: 'manual' };
      await deps.store.duty.addShift(shift);
      return reply.code(201).send(shift);
    },
  );

  routes.delete(
    '/api/v1/shifts/:id',
    { schema: { summary: 'Remove a duty shift', tags: ['duty'], params: z.object({ id: z.string() }), querystring: tenantQuery } },
    async (request, reply) => {
      const { tenantId } = tenantFor(request, 'duty:write');
      if (!(await deps.store.duty.deleteShift(tenantId, request.params.id))) throw notFound(`shift ${request.params.id}`);
      return reply.code(204).send();
    },
  );
}
