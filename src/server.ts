import type { Logger } from 'pino';
import type { VigilConfig } from './config.ts';
import { AlertSimulator } from './demo/simulator.ts';
import { seedDemo } from './demo/demo-seed.ts';
import { publishDemoShifts } from './demo/demo-shifts.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_TENANT, DEMO_TOKEN } from './demo/demo-tenant.ts';
import { createLogger } from './logger.ts';
import { createVigil, type Vigil } from './vigil.ts';
import { userError } from './core/errors.ts';
import { startSyslogListener } from './intake/listeners/syslog-listener.ts';

export interface RunningServer {
  readonly vigil: Vigil;
  readonly url: string;
  /** Bound syslog ports when the listener is enabled (port 0 in the config picks free ones). */
  readonly syslog?: { readonly udp?: number; readonly tcp?: number };
  stop(): Promise<void>;
}

/** Starts the service: store, HTTP API, listeners and (in demo mode) the seed and the alert simulator. */
export async function startServer(config: Readonly<VigilConfig>, logger: Logger = createLogger(config.server.logLevel)): Promise<RunningServer> {
  const vigil = await createVigil(config, { logger });
  let syslog: { udp?: number; tcp?: number } | undefined;
  try {
    if (config.demo.seed) {
      const seeded = await seedDemo(vigil);
      if (seeded) logger.info({ tenant: DEMO_TENANT.id }, 'seeded the demo tenant');
    }
    if (config.demo.seed && (await vigil.store.tenants.get(DEMO_TENANT.id)) !== undefined) {
      await publishDemoShifts(vigil.store, vigil.clock.now().getTime());
    }
    if (config.demo.simulator && (await vigil.store.tenants.get(DEMO_TENANT.id)) !== undefined) {
      const simulator = new AlertSimulator(vigil, { tenantId: DEMO_TENANT.id, alertsPerMinute: config.demo.alertsPerMinute });
      simulator.start();
      vigil.onClose(() => { simulator.stop(); });
    }
    if (config.syslog.enabled) {
      const tenant = config.syslog.tenant;
      if ((await vigil.store.tenants.get(tenant)) === undefined) throw userError('config_invalid', `syslog.tenant ${tenant} does not exist`);
      const parser = vigil.formats.require('syslog');
      const listener = await startSyslogListener({
        host: config.syslog.host,
        ...(config.syslog.udpPort === undefined ? {} : { udpPort: config.syslog.udpPort }),
        ...(config.syslog.tcpPort === undefined ? {} : { tcpPort: config.syslog.tcpPort }),
        maxLineBytes: config.syslog.maxLineBytes,
        logger,
        onLines: async (lines) => {
          await vigil.intake.ingest(tenant, parser, { records: lines.map((l, index) => ({ position: { index }, value: l.text })), errors: [] });
        },
      });
      vigil.onClose(() => listener.close());
      logger.info({ addresses: listener.addresses, tenant }, 'syslog listener started');
      syslog = {
        ...(listener.addresses.udp === undefined ? {} : { udp: listener.addresses.udp.port }),
        ...(listener.addresses.tcp === undefined ? {} : { tcp: listener.addresses.tcp.port }),
      };
    }
    if (vigil.detection !== undefined && config.workers.detection) {
      const { stats, errors } = await vigil.detection.ruleSet(DEMO_TENANT.id);
      logger.info({ rules: stats.rules, correlations: stats.correlations, failed: errors.length }, 'Sigma rules loaded');
      vigil.detection.start((error) => { logger.error({ err: error }, 'detection failed; retrying'); });
    }
    if (config.workers.router) {
      vigil.router.start((error) => {
        logger.error({ err: error }, 'alert routing failed; retrying');
      });
    }
    if (config.workers.sla) vigil.sla.start();
    const address = await vigil.app.listen({ host: config.server.host, port: config.server.port });
    const url = address.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
    logger.info({ url, database: vigil.store.handle.location }, 'Vigil is listening');
    if (config.demo.seed) {
      process.stdout.write(
        [
          '',
          `  Vigil is running at ${url}`,
          `  Demo tenant: ${DEMO_TENANT.name}`,
          `  API token (local demo only): ${DEMO_TOKEN}`,
          `  Sign in: ${DEMO_ADMIN_EMAIL} / ${DEMO_PASSWORD}`,
          `  Try: curl -H "Authorization: Bearer ${DEMO_TOKEN}" "${url}/api/v1/alerts?limit=5"`,
          '',
        ].join('\n') + '\n',
      );
    }
    return { vigil, url, ...(syslog === undefined ? {} : { syslog }), stop: () => vigil.close() };
  } catch (error) {
    await vigil.close();
    throw error;
  }
}
