import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Authenticator, IdentityService } from './auth/index.ts';
import type { VigilConfig } from './config.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { buildApp } from './http/app.ts';
import { AssetEnricher } from './intake/asset-enricher.ts';
import { AssetService } from './intake/assets/asset-service.ts';
import { builtinParsers } from './intake/builtin-formats.ts';
import { FormatRegistry } from './intake/format-registry.ts';
import { IntakeService } from './intake/intake-service.ts';
import { IntakeWriter } from './intake/intake-writer.ts';
import { createStore, migrateToLatest, openDatabase, type Store } from './store/index.ts';

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
  readonly app: FastifyInstance;
  /** Runs on close, last registered first (listeners, simulators, the bus…). */
  onClose(hook: () => Promise<void> | void): void;
  close(): Promise<void>;
}

export interface VigilOptions {
  readonly clock?: Clock;
  readonly logger?: Logger | false;
}

/** The composition root: opens and migrates the store, then wires the core and the HTTP app. */
export async function createVigil(config: Readonly<VigilConfig>, options: VigilOptions = {}): Promise<Vigil> {
  const clock = options.clock ?? systemClock;
  const handle = openDatabase(config.database.url, { poolSize: config.database.poolSize });
  try {
    await migrateToLatest(handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const store = createStore(handle);
  const identities = new IdentityService(store, clock);
  const authenticator = new Authenticator(store.identities, clock);
  const formats = new FormatRegistry(builtinParsers());
  const enricher = new AssetEnricher(store.assets);
  const writer = new IntakeWriter(store);
  const intake = new IntakeService({ writer, enricher, clock });
  const assets = new AssetService({ store, enricher, clock });
  const app = await buildApp({
    store,
    authenticator,
    identities,
    intake,
    formats,
    assets,
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
    app,
    onClose: (hook) => closeHooks.push(hook),
    async close() {
      if (closed) return;
      closed = true;
      for (const hook of closeHooks.reverse()) await hook();
      await app.close();
      await handle.close();
    },
  };
}
