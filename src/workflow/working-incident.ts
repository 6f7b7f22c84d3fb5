import type { AssetContext } from '../core/alert.ts';
import { prefixedId } from '../core/ids.ts';
import { severityId as toSeverityId } from '../core/severity.ts';
import type { AlertSummary } from '../store/index.ts';
import type { TriageCandidate } from '../triage/index.ts';
import type { Incident, Priority } from './incident.ts';
import { computePriority } from './priority.ts';
import type { TenantContext } from './tenant-context.ts';
import { entryTier } from './routing.ts';

const MAX_ENTITY_KEYS = 200;

/**
 * An incident being built or extended by one routing batch: the stored incident (if any), the alerts
 * added, and the running figures grouping needs. `toIncident` gives the value to store.
 */
export class WorkingIncident {
  readonly id: string;
  readonly stored: Incident | undefined;
  readonly added: AlertSummary[] = [];
  readonly entityKeys: Set<string>;
  readonly ruleKeys: Set<string>;
  readonly newEntityKeys = new Set<string>();
  lastAlertAt: number;
  firstOccurredAt: number;
  firstDetectedAt: number;
  alertCount: number;
  severityId: number;
  readonly assets = new Map<string, AssetContext>();
  /** Highest triage score of its alerts, and the strongest escalation the AI enforced. */
  triageScore: number | null;
  private escalation: 'high' | 'critical' | undefined;

  private constructor(id: string, stored: Incident | undefined, seed: { entityKeys: Iterable<string>; ruleKeys: Iterable<string>; lastAlertAt: number; firstOccurredAt: number; firstDetectedAt: number; alertCount: number; severityId: number }) {
    this.id = id;
    this.stored = stored;
    this.entityKeys = new Set(seed.entityKeys);
    this.ruleKeys = new Set(seed.ruleKeys);
    this.lastAlertAt = seed.lastAlertAt;
    this.firstOccurredAt = seed.firstOccurredAt;
    this.firstDetectedAt = seed.firstDetectedAt;
    this.alertCount = seed.alertCount;
    this.severityId = seed.severityId;
    this.triageScore = stored?.triageScore ?? null;
  }

  /** Takes in an AI decision on one of its alerts: the score, and an enforced escalation. */
  noteTriage(score: number, escalateTo: 'high' | 'critical' | undefined): void {
    this.triageScore = Math.max(this.triageScore ?? 0, score);
    if (escalateTo === 'critical' || (escalateTo === 'high' && this.escalation === undefined)) this.escalation = escalateTo;
  }

  /** Priority from severity, assets and triage score, raised to what an AI escalation demands. */
  private priorityNow(): { priority: Priority; reasons: string[] } {
    const computed = computePriority({ severityId: this.severityId, assets: [...this.assets.values()], triageScore: this.triageScore });
    const floor: Priority | undefined = this.escalation === 'critical' ? 'p1' : this.escalation === 'high' ? 'p2' : undefined;
    if (floor === undefined || computed.priority <= floor) return computed;
    return { priority: floor, reasons: [...computed.reasons, `AI triage escalated it to ${this.escalation ?? ''} (→ ${floor.toUpperCase()})`] };
  }

  static fromStored(incident: Incident): WorkingIncident {
    return new WorkingIncident(incident.id, incident, incident);
  }

  static fresh(now: number): WorkingIncident {
    return new WorkingIncident(prefixedId('inc', now), undefined, {
      entityKeys: [],
      ruleKeys: [],
      lastAlertAt: 0,
      firstOccurredAt: Number.POSITIVE_INFINITY,
      firstDetectedAt: Number.POSITIVE_INFINITY,
      alertCount: 0,
      severityId: 0,
    });
  }

  add(alert: AlertSummary, entityKeys: readonly string[], ruleKey: string): void {
    this.added.push(alert);
    this.alertCount++;
    const occurred = Date.parse(alert.occurredAt);
    this.lastAlertAt = Math.max(this.lastAlertAt, occurred);
    this.firstOccurredAt = Math.min(this.firstOccurredAt, occurred);
    this.firstDetectedAt = Math.min(this.firstDetectedAt, Date.parse(alert.detectedAt));
    const sev = toSeverityId(alert.severity);
    if (sev !== 99) this.severityId = Math.max(this.severityId, sev);
    this.ruleKeys.add(ruleKey);
    for (const key of entityKeys) {
      if (this.entityKeys.has(key) || this.entityKeys.size >= MAX_ENTITY_KEYS) continue;
      this.entityKeys.add(key);
      this.newEntityKeys.add(key);
    }
    for (const asset of alert.assets) this.assets.set(asset.assetId, asset);
  }

  /** Grouping's view, plus what triage needs: an incident people contained is confirmed malicious. */
  asCandidate(): TriageCandidate {
    return {
      id: this.id,
      lastAlertAtMs: this.lastAlertAt,
      alertCount: this.alertCount,
      ruleKeys: this.ruleKeys,
      entityKeys: this.entityKeys,
      confirmedMalicious: this.stored !== undefined && this.stored.containedAt !== null,
    };
  }

  /** A new incident's full value: priority, queue, SLA clocks, hour band. */
  create(ctx: TenantContext, number: number, now: number, assigneeId: string | null): Incident {
    const first = this.added[0];
    const { priority, reasons } = this.priorityNow();
    const tier = entryTier(ctx.settings, ctx.calendar, priority, now);
    const sla = ctx.settings.sla[priority];
    const ackMinutes = tier === 'mssp' ? (ctx.settings.mssp.ackMinutes ?? sla.ackMinutes) : sla.ackMinutes;
    const host = first?.observables.find((o) => o.kind === 'hostname')?.value;
    return {
      id: this.id,
      tenantId: ctx.tenantId,
      number,
      title: `${first?.title ?? 'Incident'}${host === undefined ? '' : ` on ${host}`}`,
      status: 'new',
      tier,
      priority,
      priorityReasons: reasons,
      severityId: this.severityId,
      assigneeId,
      verdict: null,
      alertCount: this.alertCount,
      firstOccurredAt: this.firstOccurredAt,
      firstDetectedAt: this.firstDetectedAt,
      lastAlertAt: this.lastAlertAt,
      createdAt: now,
      createdBand: ctx.calendar.band(now),
      firstHumanActionAt: null,
      acknowledgedAt: null,
      containedAt: null,
      resolvedAt: null,
      ackDueAt: now + ackMinutes * 60_000,
      resolveDueAt: now + sla.resolveMinutes * 60_000,
      ackBreachedAt: null,
      resolveBreachedAt: null,
      handoverFlaggedAt: null,
      mergedInto: null,
      triageScore: this.triageScore,
      entityKeys: [...this.entityKeys],
      ruleKeys: [...this.ruleKeys],
      version: 1,
    };
  }

  /**
   * The change to a stored incident: counts and times, and a priority that may only rise (with SLA
   * clocks tightened to the new priority's targets, measured from creation).
   */
  patch(ctx: TenantContext): Partial<Incident> {
    const stored = this.stored;
    if (stored === undefined) throw new Error('patch() of an incident that is not stored');
    const patch: { -readonly [K in keyof Incident]?: Incident[K] } = {
      alertCount: this.alertCount,
      lastAlertAt: this.lastAlertAt,
      firstOccurredAt: Math.min(stored.firstOccurredAt, this.firstOccurredAt),
      firstDetectedAt: Math.min(stored.firstDetectedAt, this.firstDetectedAt),
      severityId: this.severityId,
      entityKeys: [...this.entityKeys],
      ruleKeys: [...this.ruleKeys],
    };
    if (this.triageScore !== stored.triageScore) patch.triageScore = this.triageScore;
    const raised = this.priorityNow();
    if (raised.priority < stored.priority) {
      const sla = ctx.settings.sla[raised.priority];
      patch.priority = raised.priority;
      patch.priorityReasons = raised.reasons;
      patch.ackDueAt = Math.min(stored.ackDueAt, stored.createdAt + sla.ackMinutes * 60_000);
      patch.resolveDueAt = Math.min(stored.resolveDueAt, stored.createdAt + sla.resolveMinutes * 60_000);
    }
    return patch;
  }
}
