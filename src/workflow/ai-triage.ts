import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import { userError } from '../core/errors.ts';
import { isMaliciousVerdict, type Verdict } from '../core/verdict.ts';
import type { Store, StoredDecision } from '../store/index.ts';
import {
  AccuracyBook,
  TriageEngine,
  wilson,
  type AccuracyReport,
  type ClassTrust,
  type DecisionRecord,
  type ModelSnapshot,
  type TriageCheckpoint,
} from '../triage/index.ts';
import type { Incident } from './incident.ts';
import type { TenantContext } from './tenant-context.ts';

/** Verdicts that teach the model: malicious ones and the clearly benign ones. The rest say nothing. */
const BENIGN_VERDICTS: readonly Verdict[] = ['false_positive', 'benign'];

export interface QualityReviewFigures {
  /** Auto-closed alerts sampled for review that analysts have judged. */
  readonly reviewed: number;
  readonly missedAttacks: number;
  /** Estimated share of auto-closed alerts that were attacks, with its Wilson interval. */
  readonly missedAttackRate: number | null;
  readonly interval: readonly [number, number] | null;
}

/**
 * The AI triage as the workflow uses it: one engine per tenant, restored from the stored model version and
 * history checkpoint; decisions saved with their features; analysts' verdicts applied once each (first
 * verdict wins) and a new model version saved every few verdicts; accuracy computed from the stored
 * decisions and verdicts, so it survives restarts.
 */
export class AiTriage {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly engines = new Map<string, Promise<TriageEngine>>();
  private readonly verdictsSinceSnapshot = new Map<string, number>();

  constructor(deps: { store: Store; clock: Clock; logger?: Logger | undefined }) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.logger = deps.logger;
  }

  /** The tenant's engine (undefined when triage is off for it). Load it before opening a transaction. */
  async engineFor(ctx: TenantContext): Promise<TriageEngine | undefined> {
    if (!ctx.settings.triage.enabled) return undefined;
    let engine = this.engines.get(ctx.tenantId);
    if (engine === undefined) {
      engine = this.restore(ctx);
      this.engines.set(ctx.tenantId, engine);
      engine.catch(() => this.engines.delete(ctx.tenantId));
    }
    return engine;
  }

  private async restore(ctx: TenantContext): Promise<TriageEngine> {
    const stored = await this.store.triage.activeModel(ctx.tenantId);
    const history = (await this.store.triage.history(ctx.tenantId)) as TriageCheckpoint | undefined;
    return new TriageEngine({
      tenantId: ctx.tenantId,
      policy: ctx.settings.triage.policy,
      grouping: ctx.settings.grouping,
      hourBandOf: (ms) => ctx.calendar.band(ms),
      clock: this.clock,
      ...(stored === undefined ? {} : { model: stored.snapshot as ModelSnapshot, latestVersion: stored.latestVersion }),
      ...(history === undefined ? {} : { history }),
    });
  }

  /** Applies a human verdict on an incident to the decisions on its alerts (once), and learns from it. */
  async learnFromIncident(ctx: TenantContext, incident: Incident): Promise<number> {
    const verdict = incident.verdict;
    if (verdict === null || !(isMaliciousVerdict(verdict) || BENIGN_VERDICTS.includes(verdict))) return 0;
    const engine = await this.engineFor(ctx);
    if (engine === undefined) return 0;
    const pending = await this.store.triage.pendingForIncident(ctx.tenantId, incident.id);
    if (pending.length === 0) return 0;
    const malicious = isMaliciousVerdict(verdict);
    const reviewed = pending.filter((d) => d.qualityReview);
    const rest = pending.filter((d) => !d.qualityReview);
    for (const d of reviewed) engine.recordVerdict(d.record as DecisionRecord, malicious, { qualityReview: true, incidentId: incident.id });
    if (rest.length > 0) engine.recordIncidentVerdict(rest.map((d) => d.record as DecisionRecord), malicious, { incidentId: incident.id });
    await this.store.triage.markVerdict(ctx.tenantId, pending.map((d) => d.alertId), verdict, this.clock.now().getTime());
    const count = (this.verdictsSinceSnapshot.get(ctx.tenantId) ?? 0) + 1;
    this.verdictsSinceSnapshot.set(ctx.tenantId, count);
    if (count >= ctx.settings.triage.snapshotEveryVerdicts) await this.snapshot(ctx, `after ${count} verdicts`);
    return pending.length;
  }

  /** Saves the model and trust levels as a new version, and the alert history checkpoint. */
  async snapshot(ctx: TenantContext, note: string): Promise<number | undefined> {
    const engine = await this.engineFor(ctx);
    if (engine === undefined) return undefined;
    const snapshot = engine.snapshot(note);
    const now = this.clock.now().getTime();
    await this.store.triage.saveModel(ctx.tenantId, snapshot.version, note, snapshot, now);
    await this.store.triage.saveHistory(ctx.tenantId, engine.exportHistory(), now);
    this.verdictsSinceSnapshot.set(ctx.tenantId, 0);
    this.logger?.info({ tenant: ctx.tenantId, version: snapshot.version }, 'triage model saved');
    return snapshot.version;
  }

  async rollback(ctx: TenantContext, version: number): Promise<void> {
    const engine = await this.engineFor(ctx);
    if (engine === undefined) throw userError('triage_off', 'AI triage is off for this tenant', 409);
    const snapshot = await this.store.triage.activate(ctx.tenantId, version);
    if (snapshot === undefined) throw userError('unknown_version', `no triage model version ${version}`, 404);
    engine.rollback(snapshot as ModelSnapshot);
  }

  /** Rebuilds the model from every stored decision with its verdict, and saves it as a new version. */
  async retrain(ctx: TenantContext): Promise<{ version: number | undefined; examples: number }> {
    const engine = await this.engineFor(ctx);
    if (engine === undefined) throw userError('triage_off', 'AI triage is off for this tenant', 409);
    const labelled = await this.store.triage.labelled(ctx.tenantId);
    engine.retrain(labelled.flatMap((d) => (d.verdict === null ? [] : [{ record: d.record as DecisionRecord, malicious: isMaliciousVerdict(d.verdict as Verdict) }])));
    return { version: await this.snapshot(ctx, `retrained on ${labelled.length} verdicts`), examples: labelled.length };
  }

  /** Agreement, precision/recall for malicious, override rate, calibration: from stored decisions and verdicts. */
  async accuracy(tenantId: string, from?: number, to?: number): Promise<AccuracyReport> {
    const book = new AccuracyBook();
    for (const d of await this.store.triage.labelled(tenantId, from, to)) {
      const record = d.record as DecisionRecord;
      book.record({ classKey: d.classKey, band: record.band, at: d.at, score: d.score, aiMalicious: record.aiMalicious, decision: record.decision, humanMalicious: isMaliciousVerdict(d.verdict as Verdict) });
    }
    return book.report();
  }

  async trust(ctx: TenantContext): Promise<ClassTrust[]> {
    return (await this.engineFor(ctx))?.trustReport() ?? [];
  }

  /** The missed-attack rate of automation, estimated from the quality-review sample of auto-closed alerts. */
  async qualityReview(tenantId: string): Promise<QualityReviewFigures> {
    const labelled = (await this.store.triage.labelled(tenantId)).filter((d) => d.qualityReview);
    const missed = labelled.filter((d: StoredDecision) => isMaliciousVerdict(d.verdict as Verdict)).length;
    const interval = labelled.length === 0 ? null : wilson(missed, labelled.length, 0.95);
    return {
      reviewed: labelled.length,
      missedAttacks: missed,
      missedAttackRate: labelled.length === 0 ? null : missed / labelled.length,
      interval: interval === null ? null : [interval.lower, interval.upper],
    };
  }

  /** Persists every engine's history checkpoint (at shutdown). */
  async checkpoint(): Promise<void> {
    const now = this.clock.now().getTime();
    for (const [tenantId, engine] of this.engines) {
      await this.store.triage.saveHistory(tenantId, (await engine).exportHistory(), now);
    }
  }
}
