/** Triage: score, explain, decide, learn from analysts, prove accuracy. The public surface. */
export { TriageEngine } from './engine.ts';
export type { DecisionRecord, LabelledRecord, ModelSnapshot, TriageAlert, TriageCheckpoint, TriageContext, TriageDecision, TriageEngineOptions, VerdictOptions } from './engine.ts';
export { triagePolicySchema, decide, DECISIONS, TRIAGE_PRIORITIES } from './policy.ts';
export type { Decision, TriageCandidate, TriagePolicy, TriagePolicyInput, TriagePriority } from './policy.ts';
export { TRUST_LEVELS, TENANT_CLASS } from './trust.ts';
export type { ClassTrust, TrustLevel } from './trust.ts';
export type { AccuracyFigures, AccuracyReport, ReliabilityBin } from './accuracy.ts';
export { AccuracyBook } from './accuracy.ts';
export type { MissedAttackEstimate } from './quality-review.ts';
export { createHourBandOf, HOUR_BANDS } from './hour-band.ts';
export type { HourBand, HourBandOf } from './hour-band.ts';
export type { HistorySnapshot } from './tenant-history.ts';
export { toTimelineEvent } from './timeline.ts';
export type { TriageTimelineEvent } from './timeline.ts';
export { wilson } from './stats.ts';
