import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect-capabilities.ts';

/** AI triage: every decision with its features (to learn from verdicts later), model versions, history checkpoints. */
export function triageMigration(caps: DialectCapabilities): Migration {
  const ms = caps.millisType;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('triage_decisions')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('alert_id', 'text', (c) => c.notNull())
        .addColumn('at', ms, (c) => c.notNull())
        .addColumn('score', 'real', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('enforced', 'integer', (c) => c.notNull())
        .addColumn('quality_review', 'integer', (c) => c.notNull())
        .addColumn('model_version', 'text', (c) => c.notNull())
        .addColumn('class_key', 'text', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('verdict', 'text')
        .addColumn('verdict_at', ms)
        .addPrimaryKeyConstraint('triage_decisions_pk', ['tenant_id', 'alert_id'])
        .execute();
      await db.schema.createIndex('triage_decisions_at').on('triage_decisions').columns(['tenant_id', 'at']).execute();

      await db.schema
        .createTable('triage_models')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('snapshot', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('triage_models_pk', ['tenant_id', 'version'])
        .execute();

      await db.schema
        .createTable('triage_state')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey())
        .addColumn('history', 'text', (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
    },
  };
}
