import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../src/store/open-database.ts';
import { postgresBaseUrl, servicesRequired } from './services.ts';

/** A database a contract suite can run on: a fresh, migrated one per call, removed by `dispose`. */
export interface DatabaseTarget {
  readonly name: 'sqlite' | 'postgres';
  /** Set when the target cannot run here; the suite skips with this message. */
  readonly skip?: string;
  create(): Promise<{ handle: DatabaseHandle; url: string; dispose(): Promise<void> }>;
}

export const sqliteTarget: DatabaseTarget = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
    const url = join(dir, 'vigil.db');
    const handle = openDatabase(url);
    await migrateToLatest(handle);
    return {
      handle,
      url,
      async dispose() {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: postgresBaseUrl(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL not reachable at ${postgresBaseUrl()}: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates an empty database named vigil_test_<random> on the server and gives its URL. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `vigil_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresBaseUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresBaseUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: postgresBaseUrl() });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export async function postgresTarget(): Promise<DatabaseTarget> {
  const unreachable = await postgresReachable();
  if (unreachable !== undefined && servicesRequired()) {
    throw new Error(`${unreachable} (required: CI/VIGIL_REQUIRE_SERVICES is set)`);
  }
  return {
    name: 'postgres',
    ...(unreachable === undefined ? {} : { skip: unreachable }),
    async create() {
      const database = await createPostgresDatabase();
      const handle = openDatabase(database.url, { poolSize: 4 });
      await migrateToLatest(handle);
      return {
        handle,
        url: database.url,
        async dispose() {
          await handle.close();
          await database.drop();
        },
      };
    },
  };
}

/** SQLite always; PostgreSQL when reachable (and always on CI). */
export async function databaseTargets(): Promise<DatabaseTarget[]> {
  return [sqliteTarget, await postgresTarget()];
}
