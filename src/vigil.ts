import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Authenticator, IdentityService, SessionService } from './auth/index.ts';
import type { VigilConfig } from './config.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { buildApp } from './http/app.ts';
import { AssetEnricher } from './intake/asset-enricher.ts';
import { AssetService } from './intake/assets/asset-service.ts';
import { intakeParsers } from './intake/builtin-formats.ts';
import { FormatRegistry } from './intake/format-registry.ts';
import { IntakeService } from './intake/intake-service.ts';
import { IntakeWriter } from './intake/intake-writer.ts';
import { InlineGroupWriter } from './intake/group-writer.ts';
import { InProcessBodyIntake, type BodyIntake } from './intake/request-body.ts';
import { IntakePool } from './intake/threads/intake-pool.ts';
import { ThreadGroupWriter } from './intake/threads/write-thread.ts';
import { WriteLock } from './intake/threads/write-lock.ts';
import { createStore, isPostgresUrl, migrateToLatest, openDatabase, sqlitePath, type Store } from './store/index.ts';
import { WebhookNotifier } from './respond/connectors/webhook-notifier.ts';
import { AlertRouter } from './workflow/alert-router.ts';
import { IncidentDesk } from './workflow/incident-desk.ts';
import { IncidentFeed } from './workflow/incident-feed.ts';
import type { Notifier } from './workflow/notifier.ts';
import { StoredDutySource, type OnDutySource } from './workflow/on-duty.ts';
import { SlaSweeper } from './workflow/sla-sweeper.ts';
import { TenantContexts } from './workflow/tenant-context.ts';
import { AiTriage } from './workflow/ai-triage.ts';
import { RosterPlanning } from './planning/roster-planning.ts';
import { DetectionService } from './detect/detection-service.ts';
import { connectJetStreamBus, createInProcessBus, type Bus } from './bus/index.ts';
import { publishServiceEvents } from './service-events.ts';

/** Everything one Vigil process runs, wired from the config. Nothing here is a module-level singleton. */
export interface Vigil {
  readonly config: Readonly<VigilConfig>;
  readonly clock: Clock;
  readonly store: Store;
  readonly identities: IdentityService;
  readonly authenticator: Authenticator;
  readonly formats: FormatRegistry;
  readonly intake: IntakeService;
  readonly assets: AssetService;
  readonly contexts: TenantContexts;
  readonly onDuty: OnDutySource;
  readonly feed: IncidentFeed;
  readonly router: AlertRouter;
  readonly incidents: IncidentDesk;
  readonly sla: SlaSweeper;
  readonly triage: AiTriage;
  readonly planning: RosterPlanning;
  /** Sigma over raw events; undefined when no rule folder is configured. */
  readonly detection: DetectionService | undefined;
  /** In-process by default; NATS JetStream when configured. */
  readonly bus: Bus;
  readonly app: FastifyInstance;
  /** Runs on close, last registered first (listeners, simulators, the bus…). */
  onClose(hook: () => Promise<void> | void): void;
  close(): Promise<void>;
}

export interface VigilOptions {
  readonly clock?: Clock;
  readonly logger?: Logger | false;
  /** Outbound notifications; the webhook connector by default. */
  readonly notifier?: Notifier;
}

/** The composition root: opens and migrates the store, then wires the core and the HTTP app. */
export async function createVigil(config: Readonly<VigilConfig>, options: VigilOptions = {}): Promise<Vigil> {
  const clock = options.clock ?? systemClock;
  // On a SQLite file, intake parses and commits on threads of its own, each with its own connection (they
  // also checkpoint the WAL).
  const offThreadWrites = !isPostgresUrl(config.database.url) && config.database.url !== ':memory:' && config.intake.writerThread;
  const handle = openDatabase(config.database.url, { poolSize: config.database.poolSize, sqliteAutoCheckpoint: !offThreadWrites });
  try {
    await migrateToLatest(handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const store = createStore(handle);
  const logger = options.logger === false ? undefined : options.logger;
  let bus: Bus;
  try {
    bus =
      config.bus.kind === 'jetstream'
        ? await connectJetStreamBus({ servers: config.bus.url, stream: config.bus.stream, ...(logger === undefined ? {} : { logger }) })
        : createInProcessBus(logger === undefined ? {} : { logger });
  } catch (error) {
    await handle.close();
    throw error;
  }
  const identities = new IdentityService(store, clock);
  const authenticator = new Authenticator(store.identities, clock);
  const sessions = new SessionService({ identities: store.identities, authenticator, clock });
  const formats = new FormatRegistry(intakeParsers(config.intake.mappings));
  const enricher = new AssetEnricher(store.assets);
  const writeLock = WriteLock.create();
  const groupWriter = offThreadWrites ? new ThreadGroupWriter(sqlitePath(config.database.url), writeLock.shared) : new InlineGroupWriter(store);
  const writer = new IntakeWriter(groupWriter);
  const intake = new IntakeService({ writer, enricher, clock });
  const bodies: BodyIntake =
    offThreadWrites && config.intake.threads > 0
      ? new IntakePool({ databasePath: sqlitePath(config.database.url), lock: writeLock.shared, threads: config.intake.threads, mappings: config.intake.mappings, intake, formats, clock })
      : new InProcessBodyIntake(intake, formats);
  const assetsChanged = {
    invalidate: (tenantId: string) => {
      enricher.invalidate(tenantId);
      bodies.invalidateAssets(tenantId);
    },
  };
  const assets = new AssetService({ store, enricher: assetsChanged, clock });
  const contexts = new TenantContexts(store.tenants);
  const onDuty = new StoredDutySource(store.duty);
  const feed = new IncidentFeed();
  const triage = new AiTriage({ store, clock, logger });
  const router = new AlertRouter({ store, clock, contexts, onDuty, feed, triage });
  // Analysts' verdicts teach the AI (only people's: the AI never learns from its own closes).
  feed.subscribe('*', (change) => {
    if (change.type !== 'closed') return;
    void (async () => {
      const incident = await store.incidents.get(change.tenantId, change.incidentId);
      if (incident !== undefined) await triage.learnFromIncident(await contexts.get(change.tenantId), incident);
    })().catch((error: unknown) => logger?.warn({ err: error, incident: change.incidentId }, 'triage could not learn from a verdict'));
  });
  intake.onStored(() => { router.wake(); });
  const detection =
    config.detect.ruleDirs.length === 0
      ? undefined
      : new DetectionService({
          store,
          clock,
          config: { ruleDirs: config.detect.ruleDirs, pipelines: config.detect.pipelines, placeholders: config.detect.placeholders },
          sink: (tenantId, outcomes) => intake.ingestParsed(tenantId, 'sigma', outcomes),
        });
  intake.onStored((_tenant, _alerts, eventsStored) => {
    if (eventsStored > 0) detection?.wake();
  });
  publishServiceEvents({ bus, intake, feed, logger });
  const planning = new RosterPlanning({ store, contexts, clock });
  const incidents = new IncidentDesk({ store, clock, contexts, onDuty, feed });
  const notifier = options.notifier ?? new WebhookNotifier(options.logger === false || options.logger === undefined ? {} : { logger: options.logger });
  const sla = new SlaSweeper({ store, clock, contexts, onDuty, feed, notifier });
  const app = await buildApp({
    store,
    authenticator,
    sessions,
    identities,
    intake,
    bodies,
    formats,
    assets,
    contexts,
    onDuty,
    feed,
    incidents,
    triage,
    planning,
    clock,
    bodyLimitBytes: config.server.bodyLimitBytes,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });

  const closeHooks: (() => Promise<void> | void)[] = [];
  let closed = false;
  return {
    config,
    clock,
    store,
    identities,
    authenticator,
    formats,
    intake,
    assets,
    contexts,
    onDuty,
    feed,
    router,
    incidents,
    sla,
    triage,
    planning,
    detection,
    bus,
    app,
    onClose: (hook) => closeHooks.push(hook),
    async close() {
      if (closed) return;
      closed = true;
      for (const hook of closeHooks.reverse()) await hook();
      await detection?.stop();
      await router.stop();
      await sla.stop();
      await app.close();
      await bodies.close();
      await writer.close();
      await triage.checkpoint().catch(() => undefined);
      await bus.close();
      await handle.close();
    },
  };
}
