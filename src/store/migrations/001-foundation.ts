import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect-capabilities.ts';

/** Tenants, users, tokens, assets, alerts and raw events. */
export function foundationMigration(caps: DialectCapabilities): Migration {
  const ms = caps.millisType;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tenants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('disabled_at', ms)
        .execute();

      await db.schema
        .createTable('memberships')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'tenant_id'])
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.references('users.id'))
        .addColumn('tenant_id', 'text', (c) => c.references('tenants.id'))
        .addColumn('role', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms)
        .addColumn('revoked_at', ms)
        .execute();

      await db.schema
        .createTable('assets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('hostname', 'text', (c) => c.notNull())
        .addColumn('hostname_key', 'text', (c) => c.notNull())
        .addColumn('ips', 'text', (c) => c.notNull())
        .addColumn('owner', 'text')
        .addColumn('business_service', 'text')
        .addColumn('criticality', 'integer', (c) => c.notNull())
        .addColumn('data_classes', 'text', (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addUniqueConstraint('assets_tenant_hostname', ['tenant_id', 'hostname_key'])
        .execute();

      await db.schema
        .createTable('alerts')
        .addColumn('seq', 'integer', (c) => caps.autoIncrementKey(c))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('finding_uid', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('severity_id', 'integer', (c) => c.notNull())
        .addColumn('source_severity', 'text')
        .addColumn('rule_id', 'text')
        .addColumn('rule_name', 'text')
        .addColumn('category', 'text')
        .addColumn('occurred_at', ms, (c) => c.notNull())
        .addColumn('detected_at', ms, (c) => c.notNull())
        .addColumn('received_at', ms, (c) => c.notNull())
        .addColumn('observables', 'text', (c) => c.notNull())
        .addColumn('attacks', 'text', (c) => c.notNull())
        .addColumn('assets', 'text', (c) => c.notNull())
        .addColumn('raw', 'text', (c) => c.notNull())
        .addUniqueConstraint('alerts_finding', ['tenant_id', 'source', 'finding_uid'])
        .execute();
      await db.schema
        .createIndex('alerts_occurred')
        .on('alerts')
        .columns(['tenant_id', 'occurred_at', 'seq'])
        .execute();

      await db.schema
        .createIndex('alerts_rule')
        .on('alerts')
        .columns(['tenant_id', 'rule_id', 'occurred_at'])
        .execute();

      await db.schema
        .createTable('alert_entities')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('alert_seq', ms, (c) => c.notNull())
        .addColumn('occurred_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('alert_entities_pk', ['tenant_id', 'kind', 'value', 'alert_seq'])
        .modifyEnd(caps.clusteredTableSuffix())
        .execute();

      // Hourly rollup of time to ingest (receivedAt − detectedAt) on a log scale, kept by intake so the
      // figure over months of alerts is read from a few thousand rows.
      await db.schema
        .createTable('ingest_delay_rollup')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('hour', ms, (c) => c.notNull())
        .addColumn('bucket', 'integer', (c) => c.notNull())
        .addColumn('n', ms, (c) => c.notNull())
        .addColumn('total_ms', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('ingest_delay_rollup_pk', ['tenant_id', 'hour', 'bucket'])
        .execute();

      await db.schema
        .createTable('raw_events')
        .addColumn('seq', 'integer', (c) => caps.autoIncrementKey(c))
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('host', 'text')
        .addColumn('occurred_at', ms, (c) => c.notNull())
        .addColumn('received_at', ms, (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('raw', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('raw_events_tenant').on('raw_events').columns(['tenant_id', 'seq']).execute();
    },
  };
}
