import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { groupingRulesSchema, type GroupingRules } from '../../workflow/grouping.ts';
import { TriageEngine } from '../engine.ts';
import type { TriagePolicyInput } from '../policy.ts';
import { round } from '../stats.ts';
import { loadAitScenario, type AitScenario } from './ait-ads-loader.ts';
import { newBaselineState, replayBaseline } from './baseline.ts';
import { DEFAULT_REPLAY, replayScenario, type ReplayOptions } from './replay.ts';
import type { StepFigures } from './step-tracker.ts';

/**
 * `vigil triage evaluate --format ait-ads`: warm (replay the training scenarios first, carrying the
 * model and trust levels to a fresh tenant history) or cold (nothing learnt), then the test scenario;
 * the naive baseline runs on the same replay. Targets are the issue's.
 */
export const TARGETS = { reviewItemsPerDay: 20, attackAutoClosedShare: 0.001, surfaceMinutes: 15, highPriorityPrecision: 0.8 } as const;

/**
 * Grouping settings proposed for triage: incidents join by shared host/IP/user within two hours of their
 * latest alert, and an active incident may hold a whole scan (hundreds of thousands of alerts) rather
 * than split into a new item every 500.
 */
export const EVALUATION_GROUPING: GroupingRules = groupingRulesSchema.parse({ windowMinutes: 120, maxAlertsPerIncident: 1_000_000 });

export interface EvaluateOptions {
  readonly test: string;
  readonly train?: readonly string[];
  readonly delayMinutes?: number;
  readonly dataDir?: string;
  readonly policy?: TriagePolicyInput;
  readonly grouping?: GroupingRules;
  readonly replay?: Partial<ReplayOptions>;
}

export interface Figures {
  readonly days: number;
  readonly alerts: number;
  readonly autoClosed: number;
  readonly reviewItems: number;
  readonly reviewItemsPerDay: number;
  readonly workloadReduction: number;
  readonly attackAlerts: number;
  readonly attackAlertsAutoClosed: number;
  readonly attackAlertsAutoClosedShare: number;
  readonly steps: readonly StepFigures[];
  readonly stepsSurfacedWithinTarget: string;
  readonly highPriorityPrecision: number | null;
}

export function resolveScenarioPath(file: string, dataDir: string): string {
  if (isAbsolute(file) || existsSync(file)) return file;
  const inDir = join(dataDir, file);
  if (existsSync(inDir)) return inDir;
  for (const ext of ['.csv.gz', '.csv']) if (existsSync(inDir + ext)) return inDir + ext;
  throw new Error(`scenario file not found: ${file} (looked in . and ${dataDir})`);
}

const spanDays = (s: AitScenario): number => (s.size < 2 ? 1 : Math.max(1 / 24, ((s.times[s.size - 1] ?? 0) - (s.times[0] ?? 0)) / 86_400_000));

function targetsMet(f: Figures): Record<string, boolean> {
  const met = {
    reviewItemsPerDay: f.reviewItemsPerDay <= TARGETS.reviewItemsPerDay,
    attackAlertsAutoClosed: f.attackAlertsAutoClosedShare <= TARGETS.attackAutoClosedShare,
    everyStepSurfacedWithin15Minutes: f.steps.every((s) => s.withinTarget),
    highPriorityPrecision: f.highPriorityPrecision !== null && f.highPriorityPrecision >= TARGETS.highPriorityPrecision,
  };
  return { ...met, all: Object.values(met).every(Boolean) };
}

export function evaluateScenarios(test: AitScenario, train: readonly AitScenario[], options: Omit<EvaluateOptions, 'test' | 'train' | 'dataDir'> = {}) {
  const replay: ReplayOptions = { ...DEFAULT_REPLAY, ...options.replay, delayMinutes: options.delayMinutes ?? options.replay?.delayMinutes ?? DEFAULT_REPLAY.delayMinutes };
  const grouping = options.grouping ?? EVALUATION_GROUPING;
  const tenantId = 'evaluation';
  const policy = options.policy ?? {};
  let engine = new TriageEngine({ tenantId, policy, grouping, clock: { now: () => new Date(0) } });
  const baselineState = newBaselineState();
  const training: { scenario: string; alerts: number; reviewItems: number; autoClosed: number }[] = [];
  for (const t of train) {
    const r = replayScenario(t, engine, grouping, replay);
    replayBaseline(t, baselineState, replay.delayMinutes);
    training.push({ scenario: t.name, alerts: r.alerts, reviewItems: r.reviewItems, autoClosed: r.autoClosed });
    // Same SOC, new network: keep what was learnt (model, trust), start the alert history afresh.
    engine = new TriageEngine({ tenantId, policy, grouping, clock: { now: () => new Date(0) }, model: engine.snapshot(`trained on ${t.name}`) });
  }
  const started = performance.now();
  const r = replayScenario(test, engine, grouping, replay);
  const elapsedMs = performance.now() - started;
  const b = replayBaseline(test, baselineState, replay.delayMinutes);
  const days = spanDays(test);
  const steps = r.steps.figures(TARGETS.surfaceMinutes);
  const figures: Figures = {
    days: round(days, 3),
    alerts: r.alerts,
    autoClosed: r.autoClosed,
    reviewItems: r.reviewItems,
    reviewItemsPerDay: round(r.reviewItems / days, 2),
    workloadReduction: round(1 - r.reviewItems / Math.max(1, r.alerts), 6),
    attackAlerts: r.attackAlerts,
    attackAlertsAutoClosed: r.attackAlertsAutoClosed,
    attackAlertsAutoClosedShare: round(r.attackAlertsAutoClosed / Math.max(1, r.attackAlerts), 6),
    steps,
    stepsSurfacedWithinTarget: `${steps.filter((s) => s.withinTarget).length}/${steps.length}`,
    highPriorityPrecision: r.highPriorityItems === 0 ? null : round(r.highPriorityWithAttack / r.highPriorityItems, 4),
  };
  const bSteps = b.steps.figures(TARGETS.surfaceMinutes);
  const baseline: Figures & { attackAlertsGroupedAfterBenignVerdict: number } = {
    days: round(days, 3),
    alerts: b.alerts,
    autoClosed: b.autoClosed,
    reviewItems: b.reviewItems,
    reviewItemsPerDay: round(b.reviewItems / days, 2),
    workloadReduction: round(1 - b.reviewItems / Math.max(1, b.alerts), 6),
    attackAlerts: b.attackAlerts,
    attackAlertsAutoClosed: b.attackAlertsAutoClosed,
    attackAlertsAutoClosedShare: round(b.attackAlertsAutoClosed / Math.max(1, b.attackAlerts), 6),
    attackAlertsGroupedAfterBenignVerdict: b.attackAlertsGroupedAfterBenignVerdict,
    steps: bSteps,
    stepsSurfacedWithinTarget: `${bSteps.filter((s) => s.withinTarget).length}/${bSteps.length}`,
    highPriorityPrecision: null,
  };
  const accuracy = engine.accuracy();
  const trust = engine.trustReport();
  const levels = { shadow: 0, assist: 0, autonomous: 0 };
  for (const c of trust) levels[c.level]++;
  return {
    dataset: 'ait-ads',
    test: test.name,
    train: train.map((t) => t.name),
    mode: train.length > 0 ? 'warm' : 'cold',
    delayMinutes: replay.delayMinutes,
    ...figures,
    qualityReviewItems: r.qualityReviewItems,
    attackAlertsCaughtByReview: r.attackAlertsCaughtByReview,
    reopenedByLookBack: r.reopened,
    attackAlertsReopenedByLookBack: r.attackAlertsReopened,
    highPriorityItems: r.highPriorityItems,
    maliciousVerdicts: r.maliciousVerdicts,
    targets: targetsMet(figures),
    itemsPerDay: r.itemsPerDay,
    decisions: r.decisions,
    actions: r.actions,
    phases: r.phases,
    accuracy: { overall: accuracy.overall, byBand: accuracy.byBand, reliability: accuracy.reliability },
    qualityReview: engine.qualityReviewEstimate(),
    trust: { levels, autonomous: trust.filter((c) => c.level === 'autonomous').map((c) => c.classKey).slice(0, 50) },
    modelVersion: engine.modelVersion,
    training,
    replayAlertsPerSecond: Math.round(r.alerts / (elapsedMs / 1000)),
    grouping: { windowMinutes: grouping.windowMinutes, maxAlertsPerIncident: grouping.maxAlertsPerIncident, entityKinds: grouping.entityKinds, ignoreEntities: grouping.ignoreEntities },
    baseline: { ...baseline, targets: targetsMet(baseline) },
  };
}

export type EvaluationReport = ReturnType<typeof evaluateScenarios>;

export function evaluateAitAds(options: EvaluateOptions): EvaluationReport {
  const dataDir = options.dataDir ?? '.';
  const test = loadAitScenario(resolveScenarioPath(options.test, dataDir));
  const train = (options.train ?? []).map((f) => loadAitScenario(resolveScenarioPath(f, dataDir)));
  return evaluateScenarios(test, train, options);
}
