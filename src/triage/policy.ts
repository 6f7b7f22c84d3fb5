import { z } from 'zod';
import { SEVERITIES, severityRank, type Severity } from '../core/severity.ts';
import type { GroupCandidate } from '../workflow/grouping.ts';
import { hourBandSettingsSchema } from './hour-band.ts';
import { modelSettingsSchema } from './model.ts';
import { qualityReviewSettingsSchema } from './quality-review.ts';
import { trustSettingsSchema, type TrustLevel } from './trust.ts';
import { formatPercent } from './format.ts';

/** What the AI decides for one alert. */
export const DECISIONS = ['auto-close', 'attach', 'queue', 'escalate'] as const;
export type Decision = (typeof DECISIONS)[number];

export const TRIAGE_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type TriagePriority = (typeof TRIAGE_PRIORITIES)[number];

/** A tenant's triage policy: thresholds on the score, trust settings, quality review, calendar, model. */
export const triagePolicySchema = z.object({
  /** Scores below this are benign calls (auto-closed where the class is autonomous). */
  autoCloseBelow: z.number().min(0).max(1).default(0.01),
  /** Scores at or above this escalate (priority high), at or above `criticalAbove` critical. */
  escalateAbove: z.number().min(0).max(1).default(0.7),
  criticalAbove: z.number().min(0).max(1).default(0.9),
  /** The AI's verdict for accuracy figures: malicious at or above this score. */
  maliciousAbove: z.number().min(0).max(1).default(0.5),
  /** Alerts of this severity or above are never auto-closed, whatever the score. */
  neverAutoCloseFrom: z.enum(SEVERITIES).default('critical'),
  trust: trustSettingsSchema.prefault({}),
  qualityReview: qualityReviewSettingsSchema.prefault({}),
  hours: hourBandSettingsSchema.prefault({}),
  model: modelSettingsSchema.prefault({}),
});
export type TriagePolicy = z.infer<typeof triagePolicySchema>;
export type TriagePolicyInput = z.input<typeof triagePolicySchema>;

export interface PolicyInput {
  readonly score: number;
  readonly severity: Severity;
  readonly trust: TrustLevel;
  /** The open incident grouping would join, if any. */
  readonly candidate: GroupCandidate | undefined;
}

export interface PolicyOutcome {
  /** What the AI would do. */
  readonly decision: Decision;
  /** What happens: the decision where the class's trust allows it, else the plain workflow route. */
  readonly action: Decision;
  readonly enforced: boolean;
  readonly benignCall: boolean;
  readonly priority: TriagePriority;
  readonly incidentId: string | undefined;
  readonly reason: string;
}

export function decide(input: PolicyInput, policy: TriagePolicy): PolicyOutcome {
  const { score, trust, candidate } = input;
  const benignCall = score < policy.autoCloseBelow && severityRank(input.severity) < severityRank(policy.neverAutoCloseFrom);
  const route: Decision = candidate === undefined ? 'queue' : 'attach';
  const decision: Decision = benignCall ? 'auto-close' : score >= policy.escalateAbove ? 'escalate' : route;
  let action: Decision;
  let enforced: boolean;
  if (trust === 'shadow') {
    action = route;
    enforced = false;
  } else if (trust === 'assist' && decision === 'auto-close') {
    action = route;
    enforced = false;
  } else {
    action = decision;
    enforced = true;
  }
  const priority: TriagePriority = action === 'escalate' ? (score >= policy.criticalAbove ? 'critical' : 'high') : benignCall ? 'low' : 'medium';
  const pct = formatPercent(score);
  const reason =
    decision === 'auto-close'
      ? enforced
        ? `auto-closed: ${pct} likely malicious, below ${formatPercent(policy.autoCloseBelow)}, and the class is autonomous`
        : `suggests closing as benign (${pct} likely malicious); class is ${trust}, so a human confirms`
      : decision === 'escalate'
        ? enforced
          ? `escalated to ${priority}: ${pct} likely malicious`
          : `would escalate (${pct} likely malicious); class is in shadow`
        : decision === 'attach'
          ? `attached to open incident ${candidate?.id ?? ''} (shares an entity within the window)`
          : `queued for a human: ${pct} likely malicious`;
  return { decision, action, enforced, benignCall, priority, incidentId: action === 'auto-close' ? undefined : candidate?.id, reason };
}
