import { workerData } from 'node:worker_threads';
import { Kysely, SqliteDialect } from 'kysely';
import { systemClock } from '../../core/clock.ts';
import { serveRpc } from '../../core/worker-rpc.ts';
import { AssetRepository } from '../../store/asset-repository.ts';
import type { Database } from '../../store/schema.ts';
import { AssetEnricher } from '../asset-enricher.ts';
import { intakeParsers } from '../builtin-formats.ts';
import { FormatRegistry } from '../format-registry.ts';
import { IntakeService } from '../intake-service.ts';
import { IntakeWriter } from '../intake-writer.ts';
import { parserFor, splitBody } from '../request-body.ts';
import type { PoolReply, PoolRequest } from './intake-pool.ts';
import { SqliteIntakeConnection } from './sqlite-intake-connection.ts';

/** One intake thread: the whole intake path of a request body, on this thread's own SQLite connection. */
const { path, lock, mappings } = workerData as { path: string; lock: SharedArrayBuffer; mappings: unknown[] };
const connection = new SqliteIntakeConnection(path, lock);
const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection.sqlite }) });
const formats = new FormatRegistry(intakeParsers(mappings));
const enricher = new AssetEnricher(new AssetRepository(db));
const writer = new IntakeWriter({ write: (jobs) => Promise.resolve(connection.writeGroup(jobs)), close: () => Promise.resolve() });
// The clock is only a default: every body arrives with the time its request was received.
const intake = new IntakeService({ writer, enricher, clock: systemClock });

serveRpc(
  async (request: PoolRequest): Promise<PoolReply | null> => {
    if ('invalidateAssets' in request) {
      enricher.invalidate(request.invalidateAssets);
      return null;
    }
    const { tenantId, target, body, receivedAtMs } = request.ingest;
    const parser = parserFor(formats, target);
    return intake.ingestUnannounced(tenantId, parser, splitBody(parser, body), receivedAtMs);
  },
  async () => {
    await writer.close();
    connection.close();
  },
);
