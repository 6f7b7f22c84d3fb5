import { z } from 'zod';
import type { Alert, ObservableKind } from '../core/alert.ts';
import { severityRank, SEVERITIES, type Severity } from '../core/severity.ts';

/**
 * Which alerts may join which incident. An alert joins an open incident that shares one of its
 * entities (host, IP, user) and whose latest alert is within the window; rules can keep some alerts
 * alone (e.g. critical ones) or require the same rule as well. The same code groups in the service
 * (candidates from the store) and in the triage replay (candidates from memory).
 */
export const groupingRulesSchema = z.object({
  windowMinutes: z.number().positive().default(60),
  /** Entity kinds that link alerts. */
  entityKinds: z.array(z.enum(['hostname', 'ip', 'user'])).default(['hostname', 'ip', 'user']),
  /** Entities that link nothing: shared infrastructure (proxies, DNS servers, scanners you run), lower-case. */
  ignoreEntities: z.array(z.string()).default([]),
  /** An incident stops taking alerts beyond this many (a new one opens). */
  maxAlertsPerIncident: z.number().int().positive().default(500),
  rules: z
    .array(
      z.object({
        /** Matches alerts of this source / rule / at least this severity (all given must hold). */
        source: z.string().optional(),
        ruleId: z.string().optional(),
        minSeverity: z.enum(SEVERITIES).optional(),
        /** `alone`: always its own incident; `same-rule`: join only incidents holding the same rule. */
        join: z.enum(['entity', 'same-rule', 'alone']),
      }),
    )
    .default([]),
});
export type GroupingRules = z.infer<typeof groupingRulesSchema>;

/** What grouping needs to know about an alert. */
export interface GroupableAlert {
  readonly occurredAtMs: number;
  readonly source: string;
  readonly ruleKey: string;
  readonly severity: Severity;
  /** `kind:value`, lower-case, of the linking entities. */
  readonly entityKeys: readonly string[];
}

/** What grouping needs to know about an open incident. */
export interface GroupCandidate {
  readonly id: string;
  readonly lastAlertAtMs: number;
  readonly alertCount: number;
  readonly ruleKeys: ReadonlySet<string>;
  readonly entityKeys: ReadonlySet<string>;
  /** True when a person or rule has marked it as not accepting more alerts (closed, split…). */
  readonly sealed?: boolean;
}

export function toGroupable(alert: Pick<Alert, 'occurredAt' | 'source' | 'ruleId' | 'title' | 'severity' | 'observables'>, rules: GroupingRules): GroupableAlert {
  const kinds = new Set<ObservableKind>(rules.entityKinds);
  const ignore = new Set(rules.ignoreEntities.map((e) => e.toLowerCase()));
  const keys = new Set<string>();
  for (const o of alert.observables) {
    if (!kinds.has(o.kind)) continue;
    const value = o.value.toLowerCase();
    if (ignore.has(value)) continue;
    keys.add(`${o.kind}:${value}`);
  }
  return {
    occurredAtMs: Date.parse(alert.occurredAt),
    source: alert.source,
    ruleKey: `${alert.source}:${alert.ruleId ?? alert.title}`,
    severity: alert.severity,
    entityKeys: [...keys],
  };
}

export type JoinMode = 'entity' | 'same-rule' | 'alone';

export function joinModeOf(alert: GroupableAlert, rules: GroupingRules): JoinMode {
  for (const rule of rules.rules) {
    if (rule.source !== undefined && rule.source !== alert.source) continue;
    if (rule.ruleId !== undefined && `${alert.source}:${rule.ruleId}` !== alert.ruleKey) continue;
    if (rule.minSeverity !== undefined && severityRank(alert.severity) < severityRank(rule.minSeverity)) continue;
    return rule.join;
  }
  return 'entity';
}

/**
 * The incident an alert joins, or undefined for a new one. Among eligible candidates the one sharing
 * most entities wins, then the most recent.
 */
export function chooseIncident(alert: GroupableAlert, candidates: readonly GroupCandidate[], rules: GroupingRules): GroupCandidate | undefined {
  const mode = joinModeOf(alert, rules);
  if (mode === 'alone' || alert.entityKeys.length === 0) return undefined;
  const windowMs = rules.windowMinutes * 60_000;
  let best: GroupCandidate | undefined;
  let bestShared = 0;
  for (const c of candidates) {
    if (c.sealed === true || c.alertCount >= rules.maxAlertsPerIncident) continue;
    // Within the window of the incident's latest alert, either side (late alerts arrive out of order).
    if (Math.abs(alert.occurredAtMs - c.lastAlertAtMs) > windowMs) continue;
    if (mode === 'same-rule' && !c.ruleKeys.has(alert.ruleKey)) continue;
    let shared = 0;
    for (const key of alert.entityKeys) if (c.entityKeys.has(key)) shared++;
    if (shared === 0) continue;
    if (shared > bestShared || (shared === bestShared && best !== undefined && c.lastAlertAtMs > best.lastAlertAtMs)) {
      best = c;
      bestShared = shared;
    }
  }
  return best;
}
