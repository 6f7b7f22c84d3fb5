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
  autoCloseBelow: z.number().min(0).max(1).default(0.04),
  /**
   * Scores at or above this escalate (priority high), at or above `criticalAbove` critical. A rule never
   * judged on this host escalates only from `criticalAbove`: its score is the context model's alone.
   */
  escalateAbove: z.number().min(0).max(1).default(0.8),
  criticalAbove: z.number().min(0).max(1).default(0.95),
  /** The AI's verdict for accuracy figures: malicious at or above this score. */
  maliciousAbove: z.number().min(0).max(1).default(0.5),
  /** Alerts of this severity or above are never auto-closed, whatever the score. */
  neverAutoCloseFrom: z.enum(SEVERITIES).default('critical'),
  /**
   * Evidence guard: a rule on an entity is auto-closed only once analysts have called it benign there in
   * at least one incident (or review sample) — in `minPairIncidents` if it wakes up after `dormantHours`
   * of silence and is not routine. A low score without evidence on the pair itself (a rule new to the
   * host) goes to a human unless its peers stand in (`peerStandIn`); a sleeper waking beside others is
   * held by the watch (`watch.entityWakes`).
   */
  minPairIncidents: z.number().int().min(0).default(1),
  dormantHours: z.number().positive().default(48),
  /**
   * Fleet-wide events: a rule firing on at least this many other entities within 15 minutes (updates,
   * scheduled jobs), with benign verdicts in at least `fleetRuleIncidents` incidents across the tenant,
   * needs no verdicts on this entity itself. The watch guard still applies.
   */
  fleetSpread: z.number().int().min(1).default(2),
  fleetRuleIncidents: z.number().int().min(1).default(3),
  /** A pair firing in at least this many distinct hours a day on its entity is routine there. */
  routineHoursPerDay: z.number().min(0).default(6),
  /**
   * Early autonomy, while a class is still at the initial trust level for want of verdicts (not pinned,
   * never moved, no miss): its benign calls are enforced where a pattern has proven itself. Routine: the
   * pair is routine on its entity and analysts called it benign there in `trust.minIncidents` incidents,
   * never malicious. Peers: analysts called the pair benign on its entity, and the rule benign in
   * `trust.minIncidents` incidents on more entities than `fleetSpread`, never malicious (an hourly update
   * on five mail servers). Fleet: the rule passes the fleet test now and analysts called it benign on more
   * entities than `fleetSpread`, never malicious, even if never on this entity (off by default: on AIT-ADS
   * it costs warm more than it saves cold, see the triage README). Every guard still applies, and quality
   * review samples these closes like any other.
   */
  routineAutonomy: z.boolean().default(true),
  fleetAutonomy: z.boolean().default(false),
  peerAutonomy: z.boolean().default(true),
  /**
   * Pair autonomy: while a class is unproven, a benign call on a pair analysts called benign on its entity,
   * never malicious (or benign in `trust.minIncidents` incidents since it last was), is enforced (the
   * evidence guard has already asked them about this rule on this host).
   * Off, a new tenant's classes wait for the ~190 confirmed calls that prove them, or for the patterns above.
   */
  pairAutonomy: z.boolean().default(true),
  /**
   * Peers stand in for a pair new to its entity: when analysts called its rule benign on more entities
   * than `fleetSpread`, in `trust.minIncidents` incidents, never malicious, the pair needs no verdict of its
   * own (the ClamAV update on a sixth mail server). Not for a sleeper: a pair waking after `dormantHours`
   * still needs its own verdicts.
   */
  peerStandIn: z.boolean().default(true),
  /**
   * Watch guard: while the alert's entity, or another entity, is raising rules new to it (a burst of
   * novelty in the last hour, as an attack moving through a network does), only routine alerts are
   * auto-closed.
   */
  watch: z
    .object({
      entityNovelty: z.number().positive().default(2),
      tenantNovelty: z.number().positive().default(3),
      /**
       * Several rules waking up together on a host (new to it, or back after two days' silence: an
       * attacker's tool starting a service on a quiet file server) are held, unless routine there or fleet-
       * wide (a scheduled job on several hosts): a rule waking while others woke there recently, as a
       * decayed count with a 1-hour half-life (0.5 ≈ one within the last hour; 0: off).
       */
      entityWakes: z.number().min(0).default(0.5),
      /**
       * A rule that is not routine on the entity suddenly fires this many times within minutes, more than
       * ever before (0: off — look-back already re-opens such bursts when a watch follows).
       */
      burst: z.number().min(0).default(0),
      /** When a watch starts, re-open non-routine alerts auto-closed this many minutes before (0: never). */
      lookBackMinutes: z.number().min(0).default(15),
    })
    .prefault({}),
  /** New activity (a rule new to the entity) joining an incident analysts confirmed malicious is escalated. */
  escalateProgression: z.boolean().default(true),
  /** Benign calls on an entity that has an open incident join it instead of being closed. */
  attachBenignToOpenIncidents: z.boolean().default(false),
  trust: trustSettingsSchema.prefault({}),
  qualityReview: qualityReviewSettingsSchema.prefault({}),
  hours: hourBandSettingsSchema.prefault({}),
  model: modelSettingsSchema.prefault({}),
});
export type TriagePolicy = z.infer<typeof triagePolicySchema>;
export type TriagePolicyInput = z.input<typeof triagePolicySchema>;

/** An open incident as the policy sees it: grouping's view plus whether analysts confirmed it malicious. */
export interface TriageCandidate extends GroupCandidate {
  readonly confirmedMalicious?: boolean;
}

export interface PolicyInput {
  readonly score: number;
  readonly severity: Severity;
  readonly trust: TrustLevel;
  /** The class is at the initial trust level only for want of verdicts: not pinned, never moved, no miss. */
  readonly trustUnproven?: boolean;
  /** The open incident grouping would join, if any. */
  readonly candidate: TriageCandidate | undefined;
  readonly evidence: PolicyEvidence;
}

/** What the guards look at besides the score. */
export interface PolicyEvidence {
  readonly pairBenignIncidents: number;
  /** Incidents with a benign verdict on the rule across all entities. */
  readonly ruleBenignIncidents: number;
  /** Entities on which analysts called the rule benign, and the rule's malicious verdicts (weighted). */
  readonly ruleBenignEntities: number;
  readonly ruleMalicious: number;
  /** Malicious verdicts (weighted shares) on the rule on this entity. */
  readonly pairMalicious: number;
  /** Benign incidents on the pair since it was last in a malicious one (all of them if never). */
  readonly pairBenignSinceMalicious?: number;
  /** Other entities on which the rule fired within the last 15 minutes. */
  readonly ruleSpread: number;
  /** In how many distinct hours a day the rule fires on this entity (see HistoryView.pairHoursPerDay). */
  readonly pairHoursPerDay: number;
  /** Recent firings of the rule on this entity (decayed over minutes), and the largest such burst before. */
  readonly pairBurst: number;
  readonly pairMaxBurst: number;
  /** The rule has never fired on this entity before. */
  readonly newOnEntity: boolean;
  /** Analysts have judged the rule on this entity (benign or malicious) at least once. */
  readonly judgedOnEntity: boolean;
  /** Time since the rule last fired on this entity (undefined: never). */
  readonly pairSilenceMs: number | undefined;
  /** Separate spells of activity of the rule on this entity so far (see HistoryView.pairEpisodes). */
  readonly pairEpisodes?: number;
  /** The entity has been watched long enough for its history (bursts, novelty) to mean something. */
  readonly matureEntity: boolean;
  readonly entityNovelty: number;
  readonly tenantNovelty: number;
  /** Rules that woke up on this entity recently, and whether this alert wakes its own (HistoryView). */
  readonly entityWakes?: number;
  readonly pairWaking?: boolean;
}

/** A host raising rules new to it, here or elsewhere: the tenant is on watch. */
export function onWatch(e: PolicyEvidence, policy: TriagePolicy): boolean {
  return e.entityNovelty >= policy.watch.entityNovelty || e.tenantNovelty >= policy.watch.tenantNovelty;
}

/** The rule fires in enough distinct hours a day on this entity to be routine there. */
export const isRoutine = (e: PolicyEvidence, policy: TriagePolicy): boolean => e.pairHoursPerDay >= policy.routineHoursPerDay;

/**
 * A pair that has already come back after a silence (two separate spells of activity) is not a sleeper:
 * waking once more after `dormantHours` needs no second verdict.
 */
const DORMANT_SPELLS = 2;
/** A share of a malicious verdict below this does not count as "called malicious". */
const MALICIOUS_SHARE = 0.5;

/**
 * The pair's record is clean for early autonomy: never called malicious, or called benign in
 * `trust.minIncidents` incidents since it last was (on a network re-built or re-used, the CPU check on
 * a monitoring host once beside an attack, judged benign day after day since). Says which, or undefined.
 */
function cleanRecord(e: PolicyEvidence, policy: TriagePolicy): string | undefined {
  if (e.pairMalicious < MALICIOUS_SHARE) return 'never malicious';
  const since = e.pairBenignSinceMalicious ?? 0;
  return since >= policy.trust.minIncidents ? `${since} of them since it was last in a malicious one` : undefined;
}

/**
 * Why an unproven class's benign call may be enforced already (see `routineAutonomy`), or undefined.
 */
export function earlyAutonomyReason(e: PolicyEvidence, policy: TriagePolicy): string | undefined {
  const clean = cleanRecord(e, policy);
  if (policy.routineAutonomy && isRoutine(e, policy) && e.pairBenignIncidents >= policy.trust.minIncidents && clean !== undefined) {
    return `the rule fires routinely on this host and analysts called it benign here in ${e.pairBenignIncidents} incidents, ${clean}`;
  }
  if (policy.fleetAutonomy && e.ruleSpread >= policy.fleetSpread && e.ruleBenignEntities > policy.fleetSpread && e.ruleBenignIncidents >= policy.fleetRuleIncidents && e.ruleMalicious < MALICIOUS_SHARE) {
    return `the rule fires fleet-wide and analysts called it benign on ${e.ruleBenignEntities} hosts, never malicious`;
  }
  if (policy.peerAutonomy && e.pairBenignIncidents >= 1 && clean !== undefined && peersCalledBenign(e, policy)) {
    return `analysts called the rule benign here and on ${e.ruleBenignEntities} hosts in all, ${clean === 'never malicious' ? clean : `never malicious elsewhere; here ${clean}`}`;
  }
  if (policy.pairAutonomy && e.pairBenignIncidents >= 1 && clean !== undefined) {
    return `analysts called the rule benign on this host in ${e.pairBenignIncidents} incident${e.pairBenignIncidents === 1 ? '' : 's'}, ${clean}`;
  }
  if (policy.peerStandIn && peersStandIn(e, policy)) return `analysts called the rule benign on ${e.ruleBenignEntities} other hosts, never malicious`;
  return undefined;
}

/** Analysts called the rule benign on more entities than `fleetSpread`, in `trust.minIncidents` incidents, never malicious. */
function peersCalledBenign(e: PolicyEvidence, policy: TriagePolicy): boolean {
  return e.ruleBenignEntities > policy.fleetSpread && e.ruleBenignIncidents >= policy.trust.minIncidents && e.ruleMalicious < MALICIOUS_SHARE;
}

/** The rule's record on other entities stands in for a pair never judged on its own (see `peerStandIn`). */
function peersStandIn(e: PolicyEvidence, policy: TriagePolicy): boolean {
  return e.pairBenignIncidents === 0 && e.pairMalicious < MALICIOUS_SHARE && peersCalledBenign(e, policy);
}

/** Why a low score is not a benign call, or undefined when nothing holds it back. */
export function guardReason(e: PolicyEvidence, policy: TriagePolicy): string | undefined {
  const routine = isRoutine(e, policy);
  const dormant = !routine && (e.pairSilenceMs ?? Infinity) >= policy.dormantHours * 3_600_000 && (e.pairEpisodes ?? 0) < DORMANT_SPELLS;
  const needed = dormant ? policy.minPairIncidents : Math.min(1, policy.minPairIncidents);
  const fleet = e.ruleSpread >= policy.fleetSpread && e.ruleBenignIncidents >= policy.fleetRuleIncidents;
  const standIn = policy.peerStandIn && (e.pairSilenceMs === undefined || !dormant) && peersStandIn(e, policy);
  if (e.pairBenignIncidents < needed && !fleet && !standIn) {
    const why = e.pairSilenceMs === undefined ? '; the rule is new to this host' : dormant ? ` for a rule silent here for ${policy.dormantHours} h or more` : '';
    return `only ${e.pairBenignIncidents} incident${e.pairBenignIncidents === 1 ? '' : 's'} with a benign verdict on this rule on this host (${needed} needed${why})`;
  }
  const w = policy.watch;
  if (routine) return undefined;
  if (w.entityWakes > 0 && e.pairWaking === true && (e.entityWakes ?? 0) >= w.entityWakes && e.ruleSpread < policy.fleetSpread) {
    return 'watch: this rule wakes up on this host (new to it, or back after two days or more) while other rules did so in the last hour';
  }
  if (onWatch(e, policy)) {
    const where = e.entityNovelty >= w.entityNovelty ? 'this host' : 'another host';
    return `watch: ${where} raised several rules new to it in the last hour, and this rule is not routine here`;
  }
  if (w.burst > 0 && e.matureEntity && e.pairBurst >= w.burst && e.pairBurst > e.pairMaxBurst + 0.5) return `watch: a rule that is not routine here fired ${Math.round(e.pairBurst + 1)} times within minutes, more than ever before`;
  return undefined;
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
  const { score, candidate } = input;
  const lowScore = score < policy.autoCloseBelow && severityRank(input.severity) < severityRank(policy.neverAutoCloseFrom);
  const guard = lowScore ? guardReason(input.evidence, policy) : undefined;
  const benignCall = lowScore && guard === undefined;
  const route: Decision = candidate === undefined ? 'queue' : 'attach';
  const early = benignCall && input.trust === 'assist' && input.trustUnproven === true ? earlyAutonomyReason(input.evidence, policy) : undefined;
  const trust: TrustLevel = early === undefined ? input.trust : 'autonomous';
  const progression = policy.escalateProgression && candidate?.confirmedMalicious === true && input.evidence.newOnEntity && !benignCall;
  const decision: Decision = benignCall
    ? candidate !== undefined && policy.attachBenignToOpenIncidents
      ? 'attach'
      : 'auto-close'
    : score >= (input.evidence.judgedOnEntity ? policy.escalateAbove : policy.criticalAbove) || progression
      ? 'escalate'
      : route;
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
        ? `auto-closed: ${pct} likely malicious, below ${formatPercent(policy.autoCloseBelow)}, and ${early === undefined ? 'the class is autonomous' : `${early} (its class has too few verdicts yet)`}`
        : `suggests closing as benign (${pct} likely malicious); class is ${trust}, so a human confirms`
      : decision === 'escalate'
        ? enforced
          ? score < policy.escalateAbove
            ? `escalated to ${priority}: a rule new to this host joins incident ${candidate?.id ?? ''}, which analysts confirmed malicious`
            : `escalated to ${priority}: ${pct} likely malicious`
          : `would escalate (${pct} likely malicious); class is in shadow`
        : decision === 'attach'
          ? `attached to open incident ${candidate?.id ?? ''} (shares an entity within the window)${benignCall ? `; ${pct} likely malicious` : ''}`
          : `queued for a human: ${pct} likely malicious${guard === undefined ? '' : `; not closed: ${guard}`}`;
  return { decision, action, enforced, benignCall, priority, incidentId: action === 'auto-close' ? undefined : candidate?.id, reason };
}
