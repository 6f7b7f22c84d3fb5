/** What the engine reports when a rule or a correlation fires. */
import type { RuleInfo } from './compiled-rule.ts';
import type { CorrelationType, Level } from './rule-model.ts';

export interface CorrelationDetails {
  readonly type: CorrelationType;
  /** The group-by values the matches shared. */
  readonly group: Readonly<Record<string, string>>;
  /** The figure the condition held for (count, distinct values, sum, average, share or rules seen). */
  readonly value: number;
  readonly timespanMs: number;
  readonly firstTime: string;
  readonly lastTime: string;
  /** The contributing matches (rule matches or inner correlation matches), at most the last 100. */
  readonly matches: readonly SigmaMatch[];
}

export interface SigmaMatch {
  readonly kind: 'rule' | 'correlation';
  /** The rule's id (else its name, else `path#document`). */
  readonly ruleId: string;
  readonly title: string;
  readonly level: Level | undefined;
  readonly tags: readonly string[];
  readonly rule: RuleInfo;
  /** The matching event as it was given (for a correlation: its most recent contributing event). */
  readonly event: Readonly<Record<string, unknown>>;
  /** When the event happened (its own time, else the engine clock), ISO 8601 UTC. */
  readonly time: string;
  /** When the engine matched it, ISO 8601 UTC. */
  readonly detectedAt: string;
  readonly correlation?: CorrelationDetails;
}
