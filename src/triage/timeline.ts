import type { TriageDecision } from './engine.ts';

/**
 * Every AI decision is a timeline event with actor kind `ai`: this is its payload, as the workflow
 * service appends it to the incident (or alert) timeline.
 */
export interface TriageTimelineEvent {
  readonly type: 'triage.decision';
  readonly actorKind: 'ai';
  readonly actor: string;
  readonly alertId: string;
  readonly data: {
    readonly score: number;
    readonly decision: TriageDecision['decision'];
    readonly action: TriageDecision['action'];
    readonly enforced: boolean;
    readonly priority: TriageDecision['priority'];
    readonly incidentId: string | null;
    readonly reasons: readonly string[];
    readonly modelVersion: string;
    readonly trustLevel: TriageDecision['trustLevel'];
    readonly classKey: string;
    readonly qualityReview: boolean;
  };
}

export function toTimelineEvent(d: TriageDecision, actor = 'vigil-triage'): TriageTimelineEvent {
  return {
    type: 'triage.decision',
    actorKind: 'ai',
    actor,
    alertId: d.alertId,
    data: {
      score: d.score,
      decision: d.decision,
      action: d.action,
      enforced: d.enforced,
      priority: d.priority,
      incidentId: d.incidentId ?? null,
      reasons: d.reasons,
      modelVersion: d.modelVersion,
      trustLevel: d.trustLevel,
      classKey: d.classKey,
      qualityReview: d.qualityReview,
    },
  };
}
