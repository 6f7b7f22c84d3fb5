import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../store/index.ts';
import { INCIDENT_STATUSES, PRIORITIES, TIERS } from '../workflow/incident.ts';
import {
  acknowledgeBody,
  assignBody,
  closeBody,
  commentBody,
  containBody,
  escalateBody,
  linkBody,
  mergeBody,
  reopenBody,
  splitBody,
  startBody,
} from '../workflow/incident-actions.ts';
import type { IncidentDesk } from '../workflow/incident-desk.ts';
import type { ActionContext } from '../workflow/incident-service.ts';
import { tenantFor } from './request-context.ts';

const csvOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter((v) => v !== ''))
    .pipe(z.array(z.enum(values)));

const listQuery = z.object({
  tenant: z.string().optional(),
  status: csvOf(INCIDENT_STATUSES).optional().describe('comma-separated statuses; default: every open status'),
  tier: csvOf(TIERS).optional(),
  priority: csvOf(PRIORITIES).optional(),
  assignee: z.string().optional().describe('user id, "me", or "none"'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().optional(),
});
const ref = z.object({ ref: z.string().min(1).max(64).describe('incident id, or its number (123 or INC-123)') });
const tenantQuery = z.object({ tenant: z.string().optional() });

/** Incidents: the queues, one incident with its alerts and timeline, and every action on it. */
export async function incidentRoutes(app: FastifyInstance, deps: { store: Store; incidents: IncidentDesk }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest, version?: number): ActionContext => {
    const { tenantId, role, principal } = tenantFor(request, 'incidents:write');
    return { tenantId, role, principal, expectedVersion: version };
  };

  routes.get('/api/v1/incidents', { schema: { summary: 'Incidents, newest first (open ones unless a status is given)', tags: ['incidents'], querystring: listQuery } }, async (request) => {
    const { tenantId, principal } = tenantFor(request, 'incidents:read');
    const q = request.query;
    const assigneeId = q.assignee === undefined ? undefined : q.assignee === 'me' ? principal.id : q.assignee === 'none' ? null : q.assignee;
    return deps.store.incidents.list(
      tenantId,
      {
        statuses: q.status ?? ['new', 'acknowledged', 'in_progress'],
        ...(q.tier === undefined ? {} : { tiers: q.tier }),
        ...(q.priority === undefined ? {} : { priorities: q.priority }),
        ...(assigneeId === undefined ? {} : { assigneeId }),
      },
      q.limit,
      q.cursor,
    );
  });

  routes.get('/api/v1/incidents/:ref', { schema: { summary: 'One incident with its alerts and full timeline', tags: ['incidents'], params: ref, querystring: tenantQuery } }, async (request) => {
    const { tenantId } = tenantFor(request, 'incidents:read');
    const incident = await deps.incidents.get(tenantId, request.params.ref);
    const alertRefs = await deps.store.incidents.alertIds(tenantId, incident.id);
    const [alerts, timeline] = await Promise.all([
      deps.store.alerts.getMany(tenantId, alertRefs.slice(0, 500).map((a) => a.id)),
      deps.store.timeline.forIncident(tenantId, incident.id),
    ]);
    const assets = new Map(alerts.flatMap((a) => a.assets).map((a) => [a.assetId, a]));
    return { incident, alerts, alertsShown: alerts.length, assets: [...assets.values()], timeline };
  });

  routes.get('/api/v1/incidents/:ref/timeline', { schema: { summary: "An incident's append-only timeline", tags: ['incidents'], params: ref, querystring: tenantQuery } }, async (request) => {
    const { tenantId } = tenantFor(request, 'incidents:read');
    const incident = await deps.incidents.get(tenantId, request.params.ref);
    return { items: await deps.store.timeline.forIncident(tenantId, incident.id) };
  });

  const action = <S extends z.ZodType>(path: string, summary: string, body: S, run: (request: FastifyRequest<{ Params: z.infer<typeof ref>; Body: z.infer<S> }>, refValue: string, b: z.infer<S>) => Promise<unknown>) =>
    routes.post(`/api/v1/incidents/:ref/${path}`, { schema: { summary, tags: ['incidents'], params: ref, querystring: tenantQuery, body } }, async (request) =>
      run(request as unknown as FastifyRequest<{ Params: z.infer<typeof ref>; Body: z.infer<S> }>, request.params.ref, request.body as z.infer<S>),
    );

  action('acknowledge', 'Acknowledge (takes it if unassigned)', acknowledgeBody, (r, id, b) => deps.incidents.acknowledge(context(r, b.version), id));
  action('start', 'Mark in progress', startBody, (r, id, b) => deps.incidents.start(context(r, b.version), id));
  action('assign', 'Assign to an on-duty analyst ("me" to take it)', assignBody, (r, id, b) => deps.incidents.assign(context(r, b.version), id, b.assignee));
  action('escalate', 'Escalate to the next tier (a note is required)', escalateBody, (r, id, b) => deps.incidents.escalate(context(r, b.version), id, b.note, b.toTier));
  action('comment', 'Add a comment', commentBody, (r, id, b) => deps.incidents.comment(context(r), id, b.text));
  action('contain', 'Record a containment step', containBody, (r, id, b) => deps.incidents.contain(context(r, b.version), id, b.note));
  action('close', 'Close with a verdict (OCSF vocabulary) and a note', closeBody, (r, id, b) => deps.incidents.close(context(r, b.version), id, b.verdict, b.note));
  action('reopen', 'Reopen a resolved incident', reopenBody, (r, id, b) => deps.incidents.reopen(context(r, b.version), id, b.note));
  action('merge', 'Merge other incidents into this one', mergeBody, (r, id, b) => deps.incidents.merge(context(r), id, b.from, b.note));
  action('split', 'Move some alerts out into a new incident', splitBody, (r, id, b) => deps.incidents.split(context(r), id, b.alertIds, b.note));
  action('link', 'Link to a related incident', linkBody, (r, id, b) => deps.incidents.link(context(r), id, b.other, b.note));

  routes.get('/api/v1/queues', { schema: { summary: 'Open incidents per queue and priority', tags: ['incidents'], querystring: tenantQuery } }, async (request) => {
    const { tenantId } = tenantFor(request, 'incidents:read');
    const open = await deps.store.incidents.open(tenantId);
    const queues = Object.fromEntries(TIERS.map((t) => [t, { total: 0, unassigned: 0, p1: 0, p2: 0, p3: 0, p4: 0 }]));
    for (const i of open) {
      const q = queues[i.tier];
      if (q === undefined) continue;
      q.total++;
      q[i.priority]++;
      if (i.assigneeId === null) q.unassigned++;
    }
    return { queues };
  });
}
