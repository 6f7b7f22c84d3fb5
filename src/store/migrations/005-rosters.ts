import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect-capabilities.ts';

/** Planned rosters: the team spec, the needs they were planned for, the solved grid and its figures. */
export function rostersMigration(caps: DialectCapabilities): Migration {
  const ms = caps.millisType;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rosters')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('published_at', ms)
        .addColumn('starts_at', ms, (c) => c.notNull())
        .addColumn('ends_at', ms, (c) => c.notNull())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('needs', 'text', (c) => c.notNull())
        .addColumn('grid', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rosters_tenant').on('rosters').columns(['tenant_id', 'created_at']).execute();
    },
  };
}
