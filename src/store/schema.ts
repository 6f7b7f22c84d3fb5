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
  ingest_delay_rollup: IngestDelayRollupTable;
  incidents: IncidentsTable;
  incident_entities: IncidentEntitiesTable;
  incident_alerts: IncidentAlertsTable;
  timeline_events: TimelineEventsTable;
  analysts: AnalystsTable;
  duty_shifts: DutyShiftsTable;
  counters: CountersTable;
  pipeline_offsets: PipelineOffsetsTable;
  sessions: SessionsTable;
  triage_decisions: TriageDecisionsTable;
  triage_models: TriageModelsTable;
  triage_state: TriageStateTable;
  rosters: RostersTable;
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

export interface IngestDelayRollupTable {
  tenant_id: string;
  /** Hour of detectedAt, as epoch hours. */
  hour: number;
  /** Log-scale bucket of the delay (see metrics/delay-buckets.ts). */
  bucket: number;
  n: number;
  total_ms: number;
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

export interface IncidentsTable {
  id: string;
  tenant_id: string;
  number: number;
  title: string;
  status: string;
  tier: string;
  priority: string;
  priority_reasons: Json;
  severity_id: number;
  assignee_id: string | null;
  verdict: string | null;
  resolved_by_kind: string | null;
  alert_count: number;
  first_occurred_at: Millis;
  first_detected_at: Millis;
  last_alert_at: Millis;
  created_at: Millis;
  created_band: string;
  first_human_action_at: Millis | null;
  acknowledged_at: Millis | null;
  contained_at: Millis | null;
  resolved_at: Millis | null;
  ack_due_at: Millis;
  resolve_due_at: Millis;
  ack_warned_at: Millis | null;
  resolve_warned_at: Millis | null;
  ack_breached_at: Millis | null;
  resolve_breached_at: Millis | null;
  handover_flagged_at: Millis | null;
  merged_into: string | null;
  triage_score: number | null;
  entity_keys: Json;
  rule_keys: Json;
  version: number;
  updated_at: Millis;
}

export interface IncidentEntitiesTable {
  tenant_id: string;
  entity_key: string;
  incident_id: string;
}

export interface IncidentAlertsTable {
  tenant_id: string;
  alert_id: string;
  incident_id: string;
  alert_seq: number;
  added_at: Millis;
}

/** Append-only: rows are inserted, never updated or deleted. */
export interface TimelineEventsTable {
  seq: Generated<number>;
  tenant_id: string;
  incident_id: string;
  at: Millis;
  type: string;
  actor_id: string;
  actor_kind: string;
  actor_name: string;
  data: Json;
}

export interface AnalystsTable {
  tenant_id: string;
  user_id: string;
  tier: string;
  skills: Json;
  updated_at: Millis;
}

export interface DutyShiftsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  starts_at: Millis;
  ends_at: Millis;
  source: string;
}

export interface CountersTable {
  tenant_id: string;
  name: string;
  value: number;
}

export interface PipelineOffsetsTable {
  consumer: string;
  position: number;
  updated_at: Millis;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: Millis;
  expires_at: Millis;
  last_seen_at: Millis;
}

export interface TriageDecisionsTable {
  tenant_id: string;
  alert_id: string;
  at: Millis;
  score: number;
  decision: string;
  action: string;
  enforced: number;
  quality_review: number;
  model_version: string;
  class_key: string;
  /** JSON: the triage DecisionRecord (features as they were at decision time). */
  record: Json;
  /** The analyst's verdict once applied to the model (first one wins). */
  verdict: string | null;
  verdict_at: Millis | null;
}

export interface TriageModelsTable {
  tenant_id: string;
  version: number;
  created_at: Millis;
  note: string;
  /** 1 for the version in use. */
  active: number;
  snapshot: Json;
}

export interface TriageStateTable {
  tenant_id: string;
  history: Json;
  updated_at: Millis;
}

export interface RostersTable {
  id: string;
  tenant_id: string;
  name: string;
  /** draft, published, or superseded (by a later publication). */
  status: string;
  created_at: Millis;
  published_at: Millis | null;
  starts_at: Millis;
  ends_at: Millis;
  /** JSON: the team spec (roster engine's teamSpecSchema). */
  spec: Json;
  /** JSON: analysts needed per hour and tier the roster was planned for. */
  needs: Json;
  /** JSON: analyst id → shift id (or null) per day. */
  grid: Json;
  /** JSON: objective, bound, gap, feasibility, coverage and fairness figures. */
  summary: Json;
}

export type IncidentRow = Selectable<IncidentsTable>;
export type TimelineRow = Selectable<TimelineEventsTable>;
export type AlertRow = Selectable<AlertsTable>;
export type NewAlertRow = Insertable<AlertsTable>;
export type AssetRow = Selectable<AssetsTable>;
export type TenantRow = Selectable<TenantsTable>;
export type { ColumnType };
