// Shapes of the public HTTP API as the console reads them (see GET /api/v1/openapi.json). The value
// lists come from the server's own modules so a new verdict or tier cannot drift out of the console.
import type { Verdict } from '../../../src/core/verdict.ts';
import type { HourBand, IncidentStatus, Priority, Tier } from '../../../src/workflow/incident.ts';

export type { HourBand, IncidentStatus, Priority, Tier, Verdict };

export interface TenantRef {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly role: string;
}

export interface SessionInfo {
  readonly user: { readonly id: string; readonly name: string };
  readonly tenants: readonly TenantRef[];
}

export interface Incident {
  readonly id: string;
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
  readonly firstOccurredAt: number;
  readonly lastAlertAt: number;
  readonly createdAt: number;
  readonly createdBand: HourBand;
  readonly acknowledgedAt: number | null;
  readonly containedAt: number | null;
  readonly resolvedAt: number | null;
  readonly ackDueAt: number;
  readonly resolveDueAt: number;
  readonly ackBreachedAt: number | null;
  readonly resolveBreachedAt: number | null;
  readonly handoverFlaggedAt: number | null;
  readonly mergedInto: string | null;
  readonly triageScore: number | null;
  readonly entityKeys: readonly string[];
  readonly ruleKeys: readonly string[];
  readonly version: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export interface Observable {
  readonly kind: string;
  readonly value: string;
  readonly role?: string;
}

export interface AssetContext {
  readonly assetId: string;
  readonly hostname: string;
  readonly criticality: number;
  readonly dataClasses: readonly string[];
  readonly businessService?: string;
  readonly owner?: string;
}

export interface Alert {
  readonly id: string;
  readonly source: string;
  readonly findingUid?: string;
  readonly title: string;
  readonly description?: string;
  readonly severity: string;
  readonly sourceSeverity?: string;
  readonly ruleId?: string;
  readonly ruleName?: string;
  readonly category?: string;
  readonly occurredAt: string;
  readonly detectedAt: string;
  readonly receivedAt: string;
  readonly fingerprint: string;
  readonly observables: readonly Observable[];
  readonly attacks: readonly { tacticId?: string; tactic?: string; techniqueId?: string; technique?: string }[];
  readonly assets: readonly AssetContext[];
  readonly raw?: unknown;
}

export const ACTOR_KINDS = ['human', 'automation', 'ai'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export interface TimelineEvent {
  readonly seq: number;
  readonly at: number;
  readonly type: string;
  readonly actor: { readonly id: string; readonly kind: ActorKind; readonly name: string };
  readonly data: Readonly<Record<string, unknown>>;
}

export interface IncidentDetail {
  readonly incident: Incident;
  readonly alerts: readonly Alert[];
  readonly alertsShown: number;
  readonly assets: readonly AssetContext[];
  readonly timeline: readonly TimelineEvent[];
}

export interface Analyst {
  readonly userId: string;
  readonly name: string;
  readonly tier: Tier;
  readonly skills: readonly string[];
}

export interface OnDutyItem {
  readonly userId: string;
  readonly tier: Tier;
  readonly shiftEndsAt: string;
  readonly openIncidents: number;
  readonly load: number;
}

export interface DurationStat {
  readonly count: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p90: number | null;
}

export interface RateStat {
  readonly rate: number | null;
  readonly numerator: number;
  readonly denominator: number;
}

export interface FigureSet {
  readonly incidents: number;
  readonly mttd: DurationStat;
  readonly mtta: DurationStat;
  readonly mttc: DurationStat;
  readonly mttr: DurationStat;
  readonly falsePositiveRate: RateStat;
  readonly slaAcknowledge: RateStat;
  readonly slaResolve: RateStat;
}

export interface CoreFigures {
  readonly from: string;
  readonly to: string;
  readonly all: FigureSet;
  readonly bands: Readonly<Record<HourBand, FigureSet>>;
  readonly tiers: Readonly<Record<Tier, FigureSet>>;
  readonly definitions?: Readonly<Record<string, string>>;
}

export interface FigureSeries {
  readonly buckets: readonly { readonly start: string; readonly bands: Readonly<Record<HourBand, FigureSet>> }[];
}

/** A live change from GET /api/v1/stream (`event: incident`). */
export interface IncidentChange {
  readonly tenantId: string;
  readonly incidentId: string;
  readonly number: number;
  readonly type: string;
  readonly at: number;
}
