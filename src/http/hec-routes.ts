import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userError } from '../core/errors.ts';
import type { FormatRegistry } from '../intake/format-registry.ts';
import type { IntakeService } from '../intake/intake-service.ts';
import { unpackHec } from '../intake/parsers/index.ts';
import type { Clock } from '../core/clock.ts';
import { bodyText } from './intake-routes.ts';
import { tenantFor } from './request-context.ts';

/**
 * A Splunk HTTP Event Collector-compatible endpoint, so existing forwarders (Splunk UF/HF, Fluent Bit,
 * Vector, Logstash) send to Vigil unchanged: `Authorization: Splunk <ingest token>`, concatenated event
 * objects, `sourcetype` choosing the Vigil format (wazuh, suricata, cef, syslog, ocsf, elastic, or a
 * configured mapping; anything else is kept as a raw event).
 */
export async function hecRoutes(app: FastifyInstance, deps: { intake: IntakeService; formats: FormatRegistry; clock: Clock }) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const query = z.object({ sourcetype: z.string().optional(), channel: z.string().optional(), tenant: z.string().optional() });

  const handler = async (request: FastifyRequest, sourcetype: string | undefined) => {
    const { tenantId } = tenantFor(request, 'alerts:write');
    const text = bodyText(request.body);
    if (text.trim() === '') throw userError('no_data', 'No data', 400);
    const results = unpackHec(text, {
      receivedAt: deps.clock.now().toISOString(),
      ...(sourcetype === undefined ? {} : { defaultSourcetype: sourcetype }),
      sourcetypes: deps.formats.mappings(),
    });
    const summary = await deps.intake.ingestParsed(
      tenantId,
      'hec',
      results.map((r) => ({ position: { index: r.index }, outcome: r.outcome })),
    );
    if (summary.rejected > 0 && summary.accepted + summary.duplicates + summary.events === 0) {
      throw userError('invalid_data_format', `Invalid data format: ${summary.errors[0]?.reason ?? ''}`, 400, { code: 6, ...summary });
    }
    return { text: 'Success', code: 0, ...summary };
  };

  for (const url of ['/services/collector/event', '/services/collector', '/services/collector/event/1.0']) {
    routes.post(url, { schema: { summary: 'Splunk HEC-compatible event intake', tags: ['intake'], querystring: query } }, async (request) =>
      handler(request, (request.query).sourcetype),
    );
  }
  routes.get('/services/collector/health', { config: { public: true }, schema: { summary: 'HEC health check', tags: ['intake'] } }, async () => ({
    text: 'HEC is healthy',
    code: 17,
  }));
}
