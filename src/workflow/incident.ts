import type { Verdict } from '../core/verdict.ts';

export const INCIDENT_STATUSES = ['new', 'acknowledged', 'in_progress', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Queues: analyst tiers plus the external MSSP queue of hybrid tenants. */
export const TIERS = ['t1', 't2', 't3', 'mssp'] as const;
export type Tier = (typeof TIERS)[number];

export const PRIORITIES = ['p1', 'p2', 'p3', 'p4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Weight of an open incident in an analyst's load. */
export const PRIORITY_LOAD: Readonly<Record<Priority, number>> = { p1: 4, p2: 3, p3: 2, p4: 1 };

export const HOUR_BANDS = ['business', 'off_hours', 'holiday'] as const;
export type HourBand = (typeof HOUR_BANDS)[number];

export interface Incident {
  readonly id: string;
  readonly tenantId: string;
  /** Per-tenant running number, shown as INC-<number>. */
  readonly number: number;
  readonly title: string;
  readonly status: IncidentStatus;
  readonly tier: Tier;
  readonly priority: Priority;
  readonly priorityReasons: readonly string[];
  readonly severityId: number;
  readonly assigneeId: string | null;
  readonly verdict: Verdict | null;
  readonly alertCount: number;
  /** Earliest occurredAt and detectedAt of its alerts; latest occurredAt (grouping window). */
  readonly firstOccurredAt: number;
  readonly firstDetectedAt: number;
  readonly lastAlertAt: number;
  readonly createdAt: number;
  /** Hour band of the creation time in the tenant's calendar. */
  readonly createdBand: HourBand;
  readonly firstHumanActionAt: number | null;
  readonly acknowledgedAt: number | null;
  readonly containedAt: number | null;
  readonly resolvedAt: number | null;
  readonly ackDueAt: number;
  readonly resolveDueAt: number;
  readonly ackBreachedAt: number | null;
  readonly resolveBreachedAt: number | null;
  readonly handoverFlaggedAt: number | null;
  /** Set when merged into another incident: this one no longer takes alerts. */
  readonly mergedInto: string | null;
  readonly triageScore: number | null;
  readonly entityKeys: readonly string[];
  readonly ruleKeys: readonly string[];
  /** Optimistic concurrency: every update must name the version it read. */
  readonly version: number;
}
