import type { DatabaseHandle } from './open-database.ts';
import { AlertRepository } from './alert-repository.ts';
import { AssetRepository } from './asset-repository.ts';
import { IdentityRepository } from './identity-repository.ts';
import { RawEventRepository } from './raw-event-repository.ts';
import { TenantRepository } from './tenant-repository.ts';
import { IncidentRepository } from './incident-repository.ts';
import { TimelineRepository } from './timeline-repository.ts';
import { DutyRepository } from './duty-repository.ts';
import { PipelineOffsets } from './pipeline-offsets.ts';
import { TriageRepository } from './triage-repository.ts';
import { RosterRepository } from './roster-repository.ts';

export * from './open-database.ts';
export type { Database } from './schema.ts';
export type { DialectCapabilities } from './dialect-capabilities.ts';
export type { AlertFilter, AlertPage, InsertResult } from './alert-repository.ts';
export type { AlertSummary, NewAlert } from './alert-rows.ts';
export type { Asset } from './asset-repository.ts';
export type { Tenant } from './tenant-repository.ts';
export type { User, Membership, TokenRecord } from './identity-repository.ts';
export type { StoredRawEvent } from './raw-event-repository.ts';
export type { IncidentFilter, OpenIncidentCandidate } from './incident-repository.ts';
export type { Actor, TimelineEvent, NewTimelineEvent } from './timeline-repository.ts';
export type { Analyst, DutyShift } from './duty-repository.ts';
export {
  AlertRepository,
  AssetRepository,
  IdentityRepository,
  RawEventRepository,
  TenantRepository,
  IncidentRepository,
  TimelineRepository,
  DutyRepository,
  PipelineOffsets,
  TriageRepository,
  RosterRepository,
};
export type { StoredRoster } from './roster-repository.ts';
export type { StoredDecision } from './triage-repository.ts';

/** Every repository over one database handle. */
export interface Store {
  readonly handle: DatabaseHandle;
  readonly tenants: TenantRepository;
  readonly identities: IdentityRepository;
  readonly assets: AssetRepository;
  readonly alerts: AlertRepository;
  readonly rawEvents: RawEventRepository;
  readonly incidents: IncidentRepository;
  readonly timeline: TimelineRepository;
  readonly duty: DutyRepository;
  readonly offsets: PipelineOffsets;
  readonly triage: TriageRepository;
  readonly rosters: RosterRepository;
}

export function createStore(handle: DatabaseHandle): Store {
  return {
    handle,
    tenants: new TenantRepository(handle.db),
    identities: new IdentityRepository(handle.db),
    assets: new AssetRepository(handle.db),
    alerts: new AlertRepository(handle.db, handle.caps),
    rawEvents: new RawEventRepository(handle.db),
    incidents: new IncidentRepository(handle.db),
    timeline: new TimelineRepository(handle.db),
    duty: new DutyRepository(handle.db),
    offsets: new PipelineOffsets(handle.db),
    triage: new TriageRepository(handle.db),
    rosters: new RosterRepository(handle.db),
  };
}
