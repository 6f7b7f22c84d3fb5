import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { userError } from './core/errors.ts';

/**
 * Vigil's configuration: a YAML or JSON file (VIGIL_CONFIG or --config) with environment overrides
 * (VIGIL_DATABASE_URL, VIGIL_HOST, VIGIL_PORT, VIGIL_NATS_URL, VIGIL_WORKERS, VIGIL_INTAKE_THREADS). Validated once and frozen.
 */
export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        /** Largest request body accepted; larger gets 413. */
        bodyLimitBytes: z.number().int().positive().default(32 * 1024 * 1024),
        logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .prefault({}),
    database: z
      .object({
        /** A SQLite file path, or a postgres:// URL. */
        url: z.string().min(1).default('data/vigil.db'),
        poolSize: z.number().int().positive().default(10),
      })
      .prefault({}),
    bus: z
      .object({
        kind: z.enum(['in-process', 'jetstream']).default('in-process'),
        url: z.string().default('nats://127.0.0.1:4222'),
        stream: z.string().default('VIGIL'),
      })
      .prefault({}),
    intake: z
      .object({
        /** SQLite files: write alerts on a dedicated thread (parsing and writing use both cores). */
        writerThread: z.boolean().default(true),
        /** SQLite files: threads that parse and write the bodies posted to /api/v1/alerts and /events (0: the request thread). */
        threads: z.number().int().min(0).max(16).default(2),
        /** Generic JSON formats: a name and dotted field paths (see src/intake/parsers). */
        mappings: z.array(z.record(z.string(), z.unknown())).default([]),
      })
      .prefault({}),
    /**
     * Which background work this process runs. Several processes can share one PostgreSQL store:
     * run intake-only API processes and one (or more) with the followers on.
     */
    workers: z
      .object({
        router: z.boolean().default(true),
        detection: z.boolean().default(true),
        sla: z.boolean().default(true),
      })
      .prefault({}),
    detect: z
      .object({
        /** Folders (or files) of Sigma rules run over raw events; empty turns detection off. */
        ruleDirs: z.array(z.string()).default([]),
        /** Extra logsource pipelines (YAML files); the Windows pipeline is always included. */
        pipelines: z.array(z.string()).default([]),
        /** Values for `expand` placeholders, e.g. `admins: [alice, bob]`. */
        placeholders: z.record(z.string(), z.array(z.string())).default({}),
      })
      .prefault({}),
    syslog: z
      .object({
        enabled: z.boolean().default(false),
        host: z.string().default('127.0.0.1'),
        udpPort: z.number().int().min(0).max(65535).optional(),
        tcpPort: z.number().int().min(0).max(65535).optional(),
        /** Syslog carries no credentials: everything received is filed under this tenant. */
        tenant: z.string().default('demo'),
        maxLineBytes: z.number().int().positive().default(64 * 1024),
      })
      .prefault({}),
    demo: z
      .object({
        /** Seed a demo tenant on an empty database. */
        seed: z.boolean().default(false),
        /** Keep simulated alerts flowing into the demo tenant. */
        simulator: z.boolean().default(false),
        alertsPerMinute: z.number().positive().default(30),
      })
      .prefault({}),
  })
  .strict();

export type VigilConfig = z.infer<typeof configSchema>;

type Env = Readonly<Record<string, string | undefined>>;

/** Builds the config from an optional file and the environment; throws a user error saying what is wrong. */
export function loadConfig(options: { file?: string | undefined; env?: Env; overrides?: unknown } = {}): Readonly<VigilConfig> {
  const env = options.env ?? process.env;
  const file = options.file ?? env['VIGIL_CONFIG'];
  let raw: Record<string, unknown> = {};
  if (file !== undefined && file !== '') {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw userError('config_unreadable', `cannot read config file ${file}: ${(error as Error).message}`);
    }
    const parsed: unknown = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (parsed !== null && parsed !== undefined && (typeof parsed !== 'object' || Array.isArray(parsed))) {
      throw userError('config_invalid', `config file ${file} must hold a mapping at the top level`);
    }
    raw = (parsed ?? {}) as Record<string, unknown>;
  }
  raw = deepMerge(raw, envOverrides(env));
  if (options.overrides !== undefined) raw = deepMerge(raw, options.overrides as Record<string, unknown>);
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw userError('config_invalid', `invalid configuration${file === undefined ? '' : ` in ${file}`}: ${problems}`);
  }
  return deepFreeze(result.data);
}

function envOverrides(env: Env): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {};
  const set = (section: string, key: string, value: unknown) => {
    out[section] = { ...(out[section] ?? {}), [key]: value };
  };
  if (env['VIGIL_DATABASE_URL']) set('database', 'url', env['VIGIL_DATABASE_URL']);
  if (env['VIGIL_HOST']) set('server', 'host', env['VIGIL_HOST']);
  if (env['VIGIL_PORT']) set('server', 'port', Number(env['VIGIL_PORT']));
  if (env['VIGIL_LOG_LEVEL']) set('server', 'logLevel', env['VIGIL_LOG_LEVEL']);
  if (env['VIGIL_INTAKE_THREADS']) set('intake', 'threads', Number(env['VIGIL_INTAKE_THREADS']));
  if (env['VIGIL_WORKERS'] !== undefined) {
    const on = new Set(env['VIGIL_WORKERS'].split(',').map((w) => w.trim()));
    out['workers'] = { router: on.has('router'), detection: on.has('detection'), sla: on.has('sla') };
  }
  if (env['VIGIL_NATS_URL']) {
    set('bus', 'kind', 'jetstream');
    set('bus', 'url', env['VIGIL_NATS_URL']);
  }
  return out;
}

function deepMerge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] =
      isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
