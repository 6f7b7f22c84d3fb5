import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * The Kysely database type: one schema for SQLite and PostgreSQL. Times are epoch milliseconds
 * (bigint in PostgreSQL, read back as numbers); structured values are JSON text, so both dialects
 * read and write them the same way.
 */
export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  api_tokens: ApiTokensTable;
  assets: AssetsTable;
  alerts: AlertsTable;
  alert_entities: AlertEntitiesTable;
  raw_events: RawEventsTable;
}

type Millis = number;
/** JSON text column. */
type Json = string;

export interface TenantsTable {
  id: string;
  name: string;
  time_zone: string;
  /** JSON: tenant settings (business hours, holidays, tier model…), validated by the owning context. */
  settings: Json;
  created_at: Millis;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  /** scrypt hash `scrypt$N$r$p$salt$hash`, or null for users who only use API tokens. */
  password_hash: string | null;
  created_at: Millis;
  disabled_at: Millis | null;
}

export interface MembershipsTable {
  user_id: string;
  tenant_id: string;
  role: string;
  created_at: Millis;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  token_hash: string;
  /** A user's personal token acts with the user's memberships. */
  user_id: string | null;
  /** A service token (e.g. `ingest`) is bound to one tenant and one role. */
  tenant_id: string | null;
  role: string | null;
  created_at: Millis;
  expires_at: Millis | null;
  revoked_at: Millis | null;
}

export interface AssetsTable {
  id: string;
  tenant_id: string;
  hostname: string;
  /** Lower-cased hostname, the lookup key. */
  hostname_key: string;
  /** JSON array of IP strings. */
  ips: Json;
  owner: string | null;
  business_service: string | null;
  criticality: number;
  /** JSON array of data classes: pci, phi, pii, … */
  data_classes: Json;
  updated_at: Millis;
}

export interface AlertsTable {
  seq: Generated<number>;
  id: string;
  tenant_id: string;
  source: string;
  /** The source's finding uid, or the fingerprint when the source has none; unique per tenant and source. */
  finding_uid: string;
  fingerprint: string;
  title: string;
  description: string | null;
  severity_id: number;
  source_severity: string | null;
  rule_id: string | null;
  rule_name: string | null;
  category: string | null;
  occurred_at: Millis;
  detected_at: Millis;
  received_at: Millis;
  observables: Json;
  attacks: Json;
  assets: Json;
  raw: Json;
}

/** Hosts, IPs and users of each alert, lower-cased, for entity filters and grouping. */
export interface AlertEntitiesTable {
  tenant_id: string;
  kind: string;
  value: string;
  alert_seq: number;
  occurred_at: Millis;
}

export interface RawEventsTable {
  seq: Generated<number>;
  tenant_id: string;
  source: string;
  host: string | null;
  occurred_at: Millis;
  received_at: Millis;
  fields: Json;
  raw: Json;
}

export type AlertRow = Selectable<AlertsTable>;
export type NewAlertRow = Insertable<AlertsTable>;
export type AssetRow = Selectable<AssetsTable>;
export type TenantRow = Selectable<TenantsTable>;
export type { ColumnType };
