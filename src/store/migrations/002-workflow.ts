import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect-capabilities.ts';

/** Incidents, their alerts and entities, the append-only timeline, analysts and duty, pipeline offsets. */
export function workflowMigration(caps: DialectCapabilities): Migration {
  const ms = caps.millisType;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('incidents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('tier', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('priority_reasons', 'text', (c) => c.notNull())
        .addColumn('severity_id', 'integer', (c) => c.notNull())
        .addColumn('assignee_id', 'text')
        .addColumn('verdict', 'text')
        .addColumn('resolved_by_kind', 'text')
        .addColumn('alert_count', 'integer', (c) => c.notNull())
        .addColumn('first_occurred_at', ms, (c) => c.notNull())
        .addColumn('first_detected_at', ms, (c) => c.notNull())
        .addColumn('last_alert_at', ms, (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('created_band', 'text', (c) => c.notNull())
        .addColumn('first_human_action_at', ms)
        .addColumn('acknowledged_at', ms)
        .addColumn('contained_at', ms)
        .addColumn('resolved_at', ms)
        .addColumn('ack_due_at', ms, (c) => c.notNull())
        .addColumn('resolve_due_at', ms, (c) => c.notNull())
        .addColumn('ack_warned_at', ms)
        .addColumn('resolve_warned_at', ms)
        .addColumn('ack_breached_at', ms)
        .addColumn('resolve_breached_at', ms)
        .addColumn('handover_flagged_at', ms)
        .addColumn('merged_into', 'text')
        .addColumn('triage_score', 'real')
        .addColumn('entity_keys', 'text', (c) => c.notNull())
        .addColumn('rule_keys', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addUniqueConstraint('incidents_number', ['tenant_id', 'number'])
        .execute();
      await db.schema.createIndex('incidents_queue').on('incidents').columns(['tenant_id', 'status', 'tier']).execute();
      await db.schema.createIndex('incidents_created').on('incidents').columns(['tenant_id', 'created_at']).execute();
      await db.schema.createIndex('incidents_assignee').on('incidents').columns(['tenant_id', 'assignee_id', 'status']).execute();

      await db.schema
        .createTable('incident_entities')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('entity_key', 'text', (c) => c.notNull())
        .addColumn('incident_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('incident_entities_pk', ['tenant_id', 'entity_key', 'incident_id'])
        .modifyEnd(caps.clusteredTableSuffix())
        .execute();

      await db.schema
        .createTable('incident_alerts')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('alert_id', 'text', (c) => c.notNull())
        .addColumn('incident_id', 'text', (c) => c.notNull())
        .addColumn('alert_seq', ms, (c) => c.notNull())
        .addColumn('added_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('incident_alerts_pk', ['tenant_id', 'alert_id'])
        .execute();
      await db.schema.createIndex('incident_alerts_incident').on('incident_alerts').columns(['incident_id', 'alert_seq']).execute();

      await db.schema
        .createTable('timeline_events')
        .addColumn('seq', 'integer', (c) => caps.autoIncrementKey(c))
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('incident_id', 'text', (c) => c.notNull())
        .addColumn('at', ms, (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('timeline_incident').on('timeline_events').columns(['tenant_id', 'incident_id', 'seq']).execute();
      await db.schema.createIndex('timeline_at').on('timeline_events').columns(['tenant_id', 'at']).execute();

      await db.schema
        .createTable('analysts')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('tier', 'text', (c) => c.notNull())
        .addColumn('skills', 'text', (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('analysts_pk', ['tenant_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('duty_shifts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('starts_at', ms, (c) => c.notNull())
        .addColumn('ends_at', ms, (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('duty_shifts_time').on('duty_shifts').columns(['tenant_id', 'ends_at', 'starts_at']).execute();

      await db.schema
        .createTable('counters')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('value', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('counters_pk', ['tenant_id', 'name'])
        .execute();

      await db.schema
        .createTable('pipeline_offsets')
        .addColumn('consumer', 'text', (c) => c.primaryKey())
        .addColumn('position', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
    },
  };
}
