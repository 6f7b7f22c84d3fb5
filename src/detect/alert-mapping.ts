/**
 * A Sigma match as a {@link ParsedAlert} for the normal intake path: source `sigma`, the rule as the
 * finding, level → severity, ATT&CK tags → attacks, the event's own time as `occurredAt` (for a
 * correlation: its first contributing event), and the event's observables.
 */
import type { ParsedAlert } from '../core/alert.ts';
import type { Severity } from '../core/severity.ts';
import { attackRefs } from './attack-tags.ts';
import { eventTime } from './event-time.ts';
import { observablesOf } from './observables.ts';
import { flattenEvtxJson } from './sigma/event-layouts.ts';
import type { SigmaMatch } from './sigma/match.ts';
import type { Level } from './sigma/rule-model.ts';

const SEVERITY_OF: Readonly<Record<Level, Severity>> = {
  informational: 'informational',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

/** The flat field view of an event (evtx_dump JSON is flattened; other layouts are used as they are). */
const fieldsOf = (event: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> => flattenEvtxJson(event) ?? event;

function isoOrUndefined(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

export function sigmaMatchToParsedAlert(match: SigmaMatch, receivedAt: string): ParsedAlert {
  const rule = match.rule;
  const correlation = match.correlation;
  const events = correlation === undefined ? [match.event] : collectEvents(match);
  const first = events[0] ?? match.event;
  const occurredAt =
    correlation !== undefined ? correlation.firstTime : (isoOrUndefined(eventTime(fieldsOf(first))) ?? receivedAt);
  const observables = events.flatMap((e) => observablesOf(fieldsOf(e)));
  const unique = [...new Map(observables.map((o) => [`${o.kind}\u0000${o.value}\u0000${o.role ?? ''}`, o])).values()];
  const category = rule.logsource.category ?? rule.logsource.service ?? rule.logsource.product;
  return {
    source: 'sigma',
    title: match.title,
    ...(rule.description !== undefined ? { description: rule.description } : {}),
    severity: match.level === undefined ? 'unknown' : SEVERITY_OF[match.level],
    ...(match.level !== undefined ? { sourceSeverity: match.level } : {}),
    ruleId: match.ruleId,
    ruleName: rule.name ?? match.title,
    ...(category !== undefined ? { category } : {}),
    occurredAt,
    detectedAt: match.detectedAt,
    observables: unique,
    attacks: attackRefs(match.tags),
    raw: correlation === undefined ? match.event : { correlation: withoutMatches(correlation), events },
  };
}

function withoutMatches(details: NonNullable<SigmaMatch['correlation']>): Record<string, unknown> {
  const { matches, ...rest } = details;
  return { ...rest, matchCount: matches.length };
}

/** The events behind a correlation match, oldest first, through chained correlations. */
function collectEvents(match: SigmaMatch): Readonly<Record<string, unknown>>[] {
  if (match.correlation === undefined) return [match.event];
  return match.correlation.matches.flatMap(collectEvents);
}
