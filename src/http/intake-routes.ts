import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userError } from '../core/errors.ts';
import type { IngestSummary } from '../intake/intake-service.ts';
import type { BodyIntake } from '../intake/request-body.ts';
import { tenantFor } from './request-context.ts';

const summarySchema = z.object({
  format: z.string(),
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  events: z.number(),
  errors: z.array(
    z.object({ position: z.object({ index: z.number(), line: z.number().optional() }), reason: z.string() }),
  ),
  duplicatePositions: z.array(z.object({ index: z.number(), line: z.number().optional() })),
  alertIds: z.array(z.string()),
});

/**
 * Alert and event intake over HTTP. Bodies are taken as bytes and split into records where they are
 * parsed (JSON object, JSON array or NDJSON; text lines for CEF/syslog), so a bad record is reported by
 * its position and the good ones are kept. On a SQLite file that is an intake thread, not this one.
 */
export async function intakeRoutes(app: FastifyInstance, deps: { bodies: BodyIntake }) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    '/api/v1/alerts',
    {
      schema: {
        summary: 'Send alerts: one JSON object, a JSON array, or NDJSON (text lines for cef and syslog)',
        tags: ['intake'],
        querystring: z.object({
          format: z.string().describe('wazuh, suricata, elastic, ocsf, cef, syslog, or a configured mapping'),
          tenant: z.string().optional(),
        }),
        response: { 200: summarySchema },
      },
    },
    async (request, reply) => {
      const { tenantId } = tenantFor(request, 'alerts:write');
      const summary = await deps.bodies.ingestBody(tenantId, { kind: 'alerts', format: request.query.format }, bodyBytes(request.body));
      return sendSummary(reply, summary);
    },
  );

  routes.post(
    '/api/v1/events',
    {
      schema: {
        summary: 'Send raw events (JSON object, array or NDJSON) for detection',
        tags: ['intake'],
        querystring: z.object({
          source: z.string().regex(/^[a-z0-9_.:-]{1,64}$/i).default('json').describe('what produced the events, e.g. windows, zeek'),
          tenant: z.string().optional(),
        }),
        response: { 200: summarySchema },
      },
    },
    async (request, reply) => {
      const { tenantId } = tenantFor(request, 'alerts:write');
      const summary = await deps.bodies.ingestBody(tenantId, { kind: 'events', source: request.query.source }, bodyBytes(request.body));
      return sendSummary(reply, summary);
    },
  );
}

function bodyBytes(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  if (body === undefined || body === null) throw userError('empty_body', 'the request has no body');
  throw userError('bad_body', 'the request body could not be read');
}

export function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === undefined || body === null) throw userError('empty_body', 'the request has no body');
  throw userError('bad_body', 'the request body could not be read as text');
}

/** 200 with the summary, unless every record was refused: then 400 with the same summary as details. */
export function sendSummary(reply: FastifyReply, summary: IngestSummary) {
  if (summary.rejected > 0 && summary.accepted + summary.duplicates + summary.events === 0) {
    const first = summary.errors[0];
    const where = first === undefined ? '' : ` (first: record ${first.position.index}${first.position.line === undefined ? '' : `, line ${first.position.line}`}: ${first.reason})`;
    throw userError('all_rejected', `every record was rejected${where}`, 400, summary);
  }
  return reply.code(200).send(summary);
}
