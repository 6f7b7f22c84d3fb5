import type { Incident, Tier } from '../api/types.ts';
import { PRIORITY_RANK, TIER_LABEL, TIERS } from '../api/vocab.ts';

/** The clock that matters now: time to acknowledge while new, else time to resolve. */
export function activeDue(incident: Pick<Incident, 'status' | 'ackDueAt' | 'resolveDueAt'>): { due: number; what: 'ack' | 'resolve' } {
  return incident.status === 'new' ? { due: incident.ackDueAt, what: 'ack' } : { due: incident.resolveDueAt, what: 'resolve' };
}

/** The queue the role works by default: an analyst's own tier (MSSP operators work MSSP and T1); leads and admins every queue. */
export function defaultTier(role: string): string {
  if (role === 't1' || role === 't2' || role === 't3') return role;
  if (role === 'mssp') return 'mssp,t1';
  return 'all';
}

export function tierLabel(tier: string): string {
  if (tier === 'all') return 'all tiers';
  return tier
    .split(',')
    .map((t) => ((TIERS as readonly string[]).includes(t) ? TIER_LABEL[t as Tier] : t))
    .join(' + ');
}

/** Priority first, then the SLA clock that runs out soonest, then the oldest. */
export function queueOrder(a: Incident, b: Incident): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || activeDue(a).due - activeDue(b).due || a.number - b.number;
}
