import type { AssetContext } from '../core/alert.ts';
import { severityFromId } from '../core/severity.ts';
import type { Priority } from './incident.ts';

export interface PriorityInput {
  /** Highest OCSF severity_id among the incident's alerts. */
  readonly severityId: number;
  readonly assets: readonly AssetContext[];
  /** Triage probability of malicious activity, once triage has scored it. */
  readonly triageScore?: number | null;
}

const SEVERITY_POINTS: Readonly<Record<string, number>> = {
  fatal: 5,
  critical: 5,
  high: 4,
  medium: 3,
  low: 2,
  informational: 1,
  unknown: 2,
  other: 2,
};

/**
 * Priority from what is at stake: severity points, plus the most critical asset touched, plus
 * regulated data (PCI cardholder data or PHI weigh more than PII), plus a high triage score. The reasons
 * say which of these moved it, so an analyst can see why INC-123 is a P1.
 *   points ≥ 7 → P1 · ≥ 5 → P2 · ≥ 3.5 → P3 · else P4
 */
export function computePriority(input: PriorityInput): { priority: Priority; reasons: string[]; points: number } {
  const severity = severityFromId(input.severityId);
  let points = SEVERITY_POINTS[severity] ?? 2;
  const reasons = [`severity ${severity} (+${points})`];

  const critical = input.assets.reduce<AssetContext | undefined>((best, a) => (best === undefined || a.criticality > best.criticality ? a : best), undefined);
  if (critical !== undefined && critical.criticality >= 3) {
    const bonus = (critical.criticality - 2) * 0.5;
    points += bonus;
    reasons.push(`asset ${critical.hostname} criticality ${critical.criticality} (+${bonus})`);
  }
  const classes = new Set(input.assets.flatMap((a) => a.dataClasses.map((c) => c.toLowerCase())));
  const regulated = ['pci', 'phi'].filter((c) => classes.has(c));
  if (regulated.length > 0) {
    points += 1.5;
    reasons.push(`${regulated.map((c) => c.toUpperCase()).join(' and ')} data in scope (+1.5)`);
  } else if (classes.has('pii')) {
    points += 0.5;
    reasons.push('personal data in scope (+0.5)');
  }
  // The AI may raise a priority, never lower one: what is at stake outranks a model's confidence.
  const score = input.triageScore;
  if (score !== undefined && score !== null && score >= 0.8) {
    points += 1.5;
    reasons.push(`triage: ${Math.round(score * 100)}% likely malicious (+1.5)`);
  }
  const priority: Priority = points >= 7 ? 'p1' : points >= 5 ? 'p2' : points >= 3.5 ? 'p3' : 'p4';
  return { priority, reasons, points };
}
