import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Authenticator, IdentityService, SessionService } from '../auth/index.ts';
import type { AssetService } from '../intake/assets/asset-service.ts';
import type { FormatRegistry } from '../intake/format-registry.ts';
import type { IntakeService } from '../intake/intake-service.ts';
import type { BodyIntake } from '../intake/request-body.ts';
import type { Store } from '../store/index.ts';
import { adminRoutes } from './admin-routes.ts';
import { alertRoutes } from './alert-routes.ts';
import { assetRoutes } from './asset-routes.ts';
import { authPlugin } from './auth-plugin.ts';
import { installErrorHandler } from './error-handler.ts';
import { intakeRoutes } from './intake-routes.ts';
import { hecRoutes } from './hec-routes.ts';
import { sessionRoutes } from './session-routes.ts';
import { streamRoutes } from './stream-routes.ts';
import { triageRoutes } from './triage-routes.ts';
import { rosterRoutes } from './roster-routes.ts';
import type { RosterPlanning } from '../planning/roster-planning.ts';
import type { AiTriage } from '../workflow/ai-triage.ts';
import { incidentRoutes } from './incident-routes.ts';
import { dutyRoutes } from './duty-routes.ts';
import { settingsAndMetricsRoutes } from './settings-metrics-routes.ts';
import { webRoutes } from './web-routes.ts';
import type { Clock } from '../core/clock.ts';
import type { IncidentDesk } from '../workflow/incident-desk.ts';
import type { IncidentFeed } from '../workflow/incident-feed.ts';
import type { OnDutySource } from '../workflow/on-duty.ts';
import type { TenantContexts } from '../workflow/tenant-context.ts';

export interface AppDeps {
  readonly store: Store;
  readonly authenticator: Authenticator;
  readonly sessions: SessionService;
  /** Mark the session cookie Secure (set when Vigil is served over HTTPS). */
  readonly secureCookies?: boolean;
  readonly identities: IdentityService;
  readonly intake: IntakeService;
  /** Where the bodies posted to /api/v1/alerts and /api/v1/events go (the intake threads on SQLite files). */
  readonly bodies: BodyIntake;
  readonly formats: FormatRegistry;
  readonly assets: AssetService;
  readonly contexts: TenantContexts;
  readonly onDuty: OnDutySource;
  readonly feed: IncidentFeed;
  readonly incidents: IncidentDesk;
  readonly triage: AiTriage;
  readonly planning: RosterPlanning;
  readonly clock: Clock;
  readonly bodyLimitBytes: number;
  readonly logger?: Logger | false;
  readonly version?: string;
}

/**
 * Builds the HTTP app without listening, so tests use `app.inject()`. One plugin per context; every
 * route is authenticated unless it says `config: { public: true }`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger === false || deps.logger === undefined ? {} : { loggerInstance: deps.logger }),
    bodyLimit: deps.bodyLimitBytes,
    // Per-request log lines would cost more than an intake request itself; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Vigil API',
        description: 'Vigil: 24/7 security operations. Authenticate with `Authorization: Bearer <token>`.',
        version: deps.version ?? '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  await app.register(authPlugin, { authenticator: deps.authenticator, sessions: deps.sessions });

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await app.register(intakeRoutes, { bodies: deps.bodies });
  await app.register(hecRoutes, { intake: deps.intake, formats: deps.formats, clock: deps.clock });
  await app.register(alertRoutes, { store: deps.store });
  await app.register(assetRoutes, { store: deps.store, assets: deps.assets });
  await app.register(adminRoutes, { store: deps.store, identities: deps.identities });
  await app.register(sessionRoutes, { sessions: deps.sessions, store: deps.store, secureCookies: deps.secureCookies ?? false });
  await app.register(streamRoutes, { feed: deps.feed });
  await app.register(incidentRoutes, { store: deps.store, incidents: deps.incidents });
  await app.register(dutyRoutes, { store: deps.store, onDuty: deps.onDuty, clock: deps.clock });
  await app.register(triageRoutes, { store: deps.store, triage: deps.triage, contexts: deps.contexts });
  await app.register(rosterRoutes, { store: deps.store, planning: deps.planning });
  await app.register(settingsAndMetricsRoutes, { store: deps.store, contexts: deps.contexts, clock: deps.clock });
  await app.register(webRoutes);
  return app;
}
