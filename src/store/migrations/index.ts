import type { Migration, MigrationProvider } from 'kysely';
import type { DialectCapabilities } from '../dialect-capabilities.ts';
import { foundationMigration } from './001-foundation.ts';
import { workflowMigration } from './002-workflow.ts';
import { sessionsMigration } from './003-sessions.ts';
import { triageMigration } from './004-triage.ts';
import { rostersMigration } from './005-rosters.ts';

/**
 * Versioned migrations, applied in name order at start. Never edit a released migration: add one.
 * Each migration receives the dialect's capabilities for the few column types that differ.
 */
export function migrationProvider(caps: DialectCapabilities): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '001-foundation': foundationMigration(caps),
    '002-workflow': workflowMigration(caps),
    '003-sessions': sessionsMigration(caps),
    '004-triage': triageMigration(caps),
    '005-rosters': rostersMigration(caps),
  };
  return { getMigrations: () => Promise.resolve(migrations) };
}
