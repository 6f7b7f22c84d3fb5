import type { Alert } from '../core/alert.ts';
import type { Severity } from '../core/severity.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { chooseIncident, groupingRulesSchema, toGroupable, type GroupableAlert, type GroupingRules } from '../workflow/grouping.ts';
import { AccuracyBook, type AccuracyReport } from './accuracy.ts';
import { explain, type Driver } from './explain.ts';
import { extractFeatures } from './features.ts';
import { createHourBandOf, type HourBand, type HourBandOf } from './hour-band.ts';
import { incidentLearning } from './incident-learning.ts';
import { TriageModel, type ModelState } from './model.ts';
import { LookBack, type ClosedAlert } from './look-back.ts';
import { decide, isRoutine, onWatch, triagePolicySchema, type Decision, type TriageCandidate, type TriagePolicy, type TriagePolicyInput, type TriagePriority } from './policy.ts';
import { QualityReview, type MissedAttackEstimate, type QualityReviewSnapshot } from './quality-review.ts';
import { seededRandom } from './stats.ts';
import { MATURE_AFTER_MS, TenantHistory, type HistorySnapshot } from './tenant-history.ts';
import { TrustBook, type ClassTrust, type TrustLevel, type TrustSnapshot } from './trust.ts';
import { severityPrior } from './verdict-rates.ts';

/** The alert fields triage reads (a full {@link Alert} will do). */
export type TriageAlert = Pick<Alert, 'id' | 'occurredAt' | 'source' | 'ruleId' | 'title' | 'severity' | 'observables' | 'attacks' | 'assets'>;

/**
 * What the service stores with the AI's decision and hands back with the analyst's verdict: the features
 * as they were at decision time (learning from later features would leak the future).
 */
export interface DecisionRecord {
  readonly alertId: string;
  readonly classKey: string;
  /** The class's detector (`detector:<source>`), whose trust a rule with little evidence borrows. */
  readonly parentKey: string | undefined;
  readonly ruleKey: string;
  readonly pairKey: string;
  readonly severity: Severity;
  readonly at: number;
  readonly band: HourBand;
  readonly score: number;
  readonly decision: Decision;
  readonly benignCall: boolean;
  readonly aiMalicious: boolean;
  readonly modelVersion: string;
  readonly features: { readonly offset: number; readonly idx: readonly number[]; readonly val: readonly number[] };
  /**
   * Re-opened by look-back after being auto-closed: a targeted, not a random, sample of benign calls. Its
   * verdict judges its own class but stays out of the detector's and tenant's precision.
   */
  readonly reopened?: boolean;
}

/** One AI decision, ready for the timeline (actor kind `ai`). */
/** What the service checkpoints besides the model: the alert history and the quality-review day counts. */
export type TriageCheckpoint = HistorySnapshot & { readonly qualityReview?: QualityReviewSnapshot };

export interface TriageDecision {
  readonly alertId: string;
  readonly score: number;
  readonly decision: Decision;
  /** What to do: equals `decision` when enforced, else the plain workflow route (attach or queue). */
  readonly action: Decision;
  readonly enforced: boolean;
  readonly priority: TriagePriority;
  /** For attach/escalate: the open incident to join (from the candidates given). */
  readonly incidentId: string | undefined;
  readonly reasons: readonly string[];
  readonly drivers: readonly Driver[];
  readonly modelVersion: string;
  readonly trustLevel: TrustLevel;
  readonly classKey: string;
  /** Auto-closed but drawn for quality review: send it to a human anyway. */
  readonly qualityReview: boolean;
  /**
   * Alerts auto-closed in the last minutes that this alert's watch re-opens (look-back): the service
   * re-opens them for a human, grouped like any other alert.
   */
  readonly reopen: readonly ClosedAlert[];
  readonly groupable: GroupableAlert;
  readonly record: DecisionRecord;
}

export interface TriageContext {
  /**
   * Open incidents that share an entity with the alert (or a lookup by the alert's grouping keys), with
   * `confirmedMalicious` set on those an analyst has already confirmed.
   */
  readonly candidates?: readonly TriageCandidate[] | ((alert: GroupableAlert) => readonly TriageCandidate[]);
}

export interface VerdictOptions {
  /** The incident whose disposition this is (the alert alone when omitted). */
  readonly incidentId?: string | undefined;
  /** The verdict comes from quality review of an auto-closed alert. */
  readonly qualityReview?: boolean;
  /** Learning weight cap per rule-on-entity pair (see `incidentLearning`), 8 by default. */
  readonly capPerPair?: number;
}

/** A versioned model as the service stores it. Rolling back restores model and trust, not history. */
export interface ModelSnapshot {
  readonly kind: 'vigil-triage-model';
  readonly formatVersion: 1;
  readonly tenantId: string;
  readonly version: number;
  readonly parentVersion: number | null;
  readonly createdAt: string;
  readonly note: string;
  readonly model: ModelState;
  readonly trust: TrustSnapshot;
}

export interface TriageEngineOptions {
  readonly tenantId: string;
  readonly policy?: TriagePolicyInput;
  readonly grouping?: GroupingRules;
  /** The service's tenant calendar; by default one is built from `policy.hours`. */
  readonly hourBandOf?: HourBandOf;
  readonly random?: () => number;
  readonly clock?: Clock;
  readonly model?: ModelSnapshot;
  readonly history?: TriageCheckpoint;
  /** Highest version already stored for this tenant, so new snapshots never reuse a number. */
  readonly latestVersion?: number;
}

/** Labelled history for a full retrain: stored decision records with their verdicts, oldest first. */
export interface LabelledRecord {
  readonly record: DecisionRecord;
  readonly malicious: boolean;
  /** The incident whose disposition it is: records of one incident are learnt together. */
  readonly incidentId?: string;
}

const ENTITY_ORDER = ['hostname', 'ip', 'user'] as const;

function primaryEntity(alert: TriageAlert): string {
  for (const kind of ENTITY_ORDER) {
    const o = alert.observables.find((x) => x.kind === kind);
    if (o !== undefined) return `${kind}:${o.value.toLowerCase()}`;
  }
  return 'none:';
}

/**
 * The triage engine of one tenant. `triage` scores and decides one alert; `recordVerdict` learns from an
 * analyst's verdict (online); `snapshot`/`rollback` version the model; reports give accuracy, trust and
 * the quality-review estimate. Synchronous and in-memory: the service persists snapshots and records.
 */
export class TriageEngine {
  readonly tenantId: string;
  readonly policy: TriagePolicy;
  readonly grouping: GroupingRules;
  private readonly bandOf: HourBandOf;
  private readonly clock: Clock;
  private readonly history: TenantHistory;
  private model: TriageModel;
  private trust: TrustBook;
  private readonly review: QualityReview;
  private readonly accuracyBook = new AccuracyBook();
  private readonly lookBack: LookBack;
  /** Rule class → detector class, for trust reports. */
  private readonly parents = new Map<string, string>();
  private version: number;
  private parentVersion: number | null;
  private latestVersion: number;

  constructor(options: TriageEngineOptions) {
    this.tenantId = options.tenantId;
    this.policy = triagePolicySchema.parse(options.policy ?? {});
    this.grouping = options.grouping ?? groupingRulesSchema.parse({});
    this.bandOf = options.hourBandOf ?? createHourBandOf(this.policy.hours);
    this.clock = options.clock ?? systemClock;
    this.history = options.history === undefined ? new TenantHistory() : TenantHistory.restore(options.history);
    this.model = new TriageModel(this.policy.model, options.model?.model);
    this.trust = new TrustBook(this.policy.trust, options.model?.trust);
    this.review = new QualityReview(this.policy.qualityReview, options.random ?? seededRandom(1), options.history?.qualityReview);
    this.lookBack = new LookBack(this.policy.watch.lookBackMinutes);
    this.version = options.model?.version ?? 0;
    this.parentVersion = options.model?.parentVersion ?? null;
    this.latestVersion = Math.max(options.latestVersion ?? 0, this.version);
  }

  get modelVersion(): string {
    return `v${this.version}+${this.model.updates}`;
  }

  /** The alert's trust class and, for rule classes, its detector class. */
  classOf(ruleKey: string, source: string): { classKey: string; parentKey: string | undefined } {
    const detector = `detector:${source}`;
    return this.policy.trust.classBy === 'source' ? { classKey: detector, parentKey: undefined } : { classKey: ruleKey, parentKey: detector };
  }

  triage(alert: TriageAlert, context: TriageContext = {}): TriageDecision {
    const groupable = toGroupable(alert, this.grouping);
    const at = groupable.occurredAtMs;
    const ruleKey = groupable.ruleKey;
    const entity = primaryEntity(alert);
    const pairKey = `${ruleKey}@${entity}`;
    const view = this.history.observe(ruleKey, entity, at);
    const rates = this.model.rateView(ruleKey, pairKey, alert.severity);
    const band = this.bandOf(at);
    let criticality: number | undefined;
    const dataClasses: string[] = [];
    for (const a of alert.assets) {
      criticality = Math.max(criticality ?? 0, a.criticality);
      dataClasses.push(...a.dataClasses);
    }
    const tactics: string[] = [];
    for (const r of alert.attacks) if (r.tactic !== undefined || r.tacticId !== undefined) tactics.push(r.tactic ?? r.tacticId ?? '');
    const features = extractFeatures({ severity: alert.severity, source: alert.source, ruleKey, pairKey, criticality, dataClasses, tactics, band, view, rates });
    const { prior, score } = this.model.score(features, rates);

    const c = context.candidates;
    const candidates = c === undefined ? [] : typeof c === 'function' ? c(groupable) : c;
    // chooseIncident returns one of the candidates given: keep the triage view of it.
    const candidate = candidates.length === 0 ? undefined : (chooseIncident(groupable, candidates, this.grouping) as TriageCandidate | undefined);
    const { classKey, parentKey } = this.classOf(ruleKey, alert.source);
    if (parentKey !== undefined && !this.parents.has(classKey)) this.parents.set(classKey, parentKey);
    const trustLevel = this.trust.level(classKey, parentKey);
    const evidence = { judgedOnEntity: rates.pairBenign + rates.pairMalicious > 0, pairBenignIncidents: rates.pairBenignIncidents, ruleBenignIncidents: rates.ruleBenignIncidents, ruleBenignEntities: rates.ruleBenignEntities, ruleMalicious: rates.ruleMalicious, pairMalicious: rates.pairMalicious, pairBenignSinceMalicious: rates.pairBenignSinceMalicious, ruleSpread: view.ruleSpread, pairHoursPerDay: view.pairHoursPerDay, pairBurst: view.pairBurst, pairMaxBurst: view.pairMaxBurst, newOnEntity: view.pairSilenceMs === undefined, pairSilenceMs: view.pairSilenceMs, pairEpisodes: view.pairEpisodes, matureEntity: view.entityAgeMs >= MATURE_AFTER_MS, entityNovelty: view.entityNovel, tenantNovelty: view.tenantNovelty, entityWakes: view.entityWakes, pairWaking: view.pairWaking };
    const outcome = decide({ score, severity: alert.severity, trust: trustLevel, trustUnproven: trustLevel === 'assist' && this.trust.unproven(classKey, parentKey), candidate, evidence }, this.policy);
    const qualityReview = outcome.action === 'auto-close' && this.review.sample(at);
    const watching = evidence.matureEntity && onWatch(evidence, this.policy);
    const reopen = watching ? this.lookBack.watch(at) : [];
    const record: DecisionRecord = {
      alertId: alert.id,
      classKey,
      parentKey,
      ruleKey,
      pairKey,
      severity: alert.severity,
      at,
      band,
      score,
      decision: outcome.decision,
      benignCall: outcome.benignCall,
      aiMalicious: score >= this.policy.maliciousAbove,
      modelVersion: this.modelVersion,
      features: { offset: features.offset, idx: features.idx, val: features.val },
    };
    if (outcome.action === 'auto-close' && !qualityReview && !isRoutine(evidence, this.policy)) this.lookBack.remember({ alertId: alert.id, closedAt: at, groupable, record });

    const priorRate = severityPrior(alert.severity);
    const drivers = explain({ features, contributions: this.model.contributions(features), view, rates, priorRate, entity, severity: alert.severity, prior, score });
    const modelVersion = this.modelVersion;
    const reasons = [...drivers.map((d) => d.text), qualityReview ? `${outcome.reason}; drawn for quality review` : outcome.reason];
    return {
      alertId: alert.id,
      score,
      decision: outcome.decision,
      action: outcome.action,
      enforced: outcome.enforced,
      priority: outcome.priority,
      incidentId: outcome.incidentId,
      reasons,
      drivers,
      modelVersion,
      trustLevel,
      classKey,
      qualityReview,
      reopen,
      groupable,
      record,
    };
  }

  /** An analyst's verdict on one alert: a quality-review answer, or a single-alert incident. */
  recordVerdict(record: DecisionRecord, malicious: boolean, options: VerdictOptions = {}): void {
    this.recordIncidentVerdict([record], malicious, { ...options, incidentId: options.incidentId ?? record.alertId });
  }

  /**
   * An incident's disposition, applied to the decision records of the alerts it held when the analyst
   * decided. Accuracy and trust count every alert with the incident's verdict (a benign call inside a
   * malicious incident counts as missed in proportion to its pair's share of the blame); the model learns
   * one verdict per pair, a malicious one shared out by noisy-OR (incident-learning.ts).
   */
  recordIncidentVerdict(records: readonly DecisionRecord[], malicious: boolean, options: VerdictOptions & { readonly incidentId: string }): void {
    const learning = incidentLearning(records, malicious, options.capPerPair ?? 8);
    const review = options.qualityReview === true;
    for (const r of records) {
      this.accuracyBook.record({ classKey: r.classKey, band: r.band, at: r.at, score: r.score, aiMalicious: r.aiMalicious, decision: r.decision, humanMalicious: malicious });
      const missShare = learning.shareOf.get(r.pairKey) ?? 0;
      this.trust.observe({ classKey: r.classKey, parentKey: r.parentKey, leafOnly: r.reopened === true, benignCall: r.benignCall, aiMalicious: r.aiMalicious, humanMalicious: malicious, missShare, incidentId: options.incidentId, at: r.at, qualityReview: review });
      if (review) this.review.record(r.at, malicious);
    }
    this.model.learn(learning);
  }

  /** Saves the current model and trust levels as a new version. */
  snapshot(note = ''): ModelSnapshot {
    this.latestVersion++;
    this.parentVersion = this.version;
    this.version = this.latestVersion;
    this.model.updates = 0;
    return {
      kind: 'vigil-triage-model',
      formatVersion: 1,
      tenantId: this.tenantId,
      version: this.version,
      parentVersion: this.parentVersion,
      createdAt: this.clock.now().toISOString(),
      note,
      model: this.model.state(),
      trust: this.trust.snapshot(),
    };
  }

  /** Restores a stored version (model and trust levels); the alert history is kept. */
  rollback(snapshot: ModelSnapshot): void {
    // Snapshots come back from storage: check what the types cannot.
    if ((snapshot.kind as string) !== 'vigil-triage-model' || snapshot.tenantId !== this.tenantId) throw new Error(`snapshot is not a triage model of tenant ${this.tenantId}`);
    this.model = new TriageModel(this.policy.model, snapshot.model);
    this.trust = new TrustBook(this.policy.trust, snapshot.trust);
    this.version = snapshot.version;
    this.parentVersion = snapshot.parentVersion;
    this.latestVersion = Math.max(this.latestVersion, snapshot.version);
  }

  /** Rebuilds the model from day-one priors and the whole labelled history (oldest first); trust levels are kept. */
  retrain(history: readonly LabelledRecord[], capPerPair = 8): void {
    const incidents = new Map<string, { malicious: boolean; records: DecisionRecord[] }>();
    for (const h of history) {
      const id = h.incidentId ?? h.record.alertId;
      let i = incidents.get(id);
      if (i === undefined) {
        i = { malicious: h.malicious, records: [] };
        incidents.set(id, i);
      }
      i.records.push(h.record);
    }
    this.model.retrain([...incidents.values()].map((i) => incidentLearning(i.records, i.malicious, capPerPair)));
  }

  accuracy(): AccuracyReport {
    return this.accuracyBook.report();
  }

  trustReport(): ClassTrust[] {
    return this.trust.report((k) => this.parents.get(k));
  }

  trustLevel(classKey: string, parentKey?: string): TrustLevel {
    return this.trust.level(classKey, parentKey ?? this.parents.get(classKey));
  }

  qualityReviewEstimate(): MissedAttackEstimate {
    return this.review.estimate();
  }

  /** The alert history checkpoint, with the quality-review day counts (so a restart keeps the daily cap). */
  exportHistory(): TriageCheckpoint {
    return { ...this.history.snapshot(), qualityReview: this.review.snapshot() };
  }

  get stats(): { history: TenantHistory['size']; model: TriageModel['size'] } {
    return { history: this.history.size, model: this.model.size };
  }
}
