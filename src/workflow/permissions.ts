import { forbidden } from '../core/errors.ts';
import type { Role } from '../core/roles.ts';
import type { Incident, Tier } from './incident.ts';

const TIER_RANK: Readonly<Record<Tier, number>> = { mssp: 1, t1: 1, t2: 2, t3: 3 };
const ROLE_RANK: Readonly<Record<Role, number>> = { t1: 1, t2: 2, t3: 3, manager: 4, admin: 4, mssp: 1, viewer: 0, ingest: 0 };

/** Managers and admins work every queue; analysts their tier and below; MSSP operators the MSSP and T1 queues. */
export function canWorkTier(role: Role, tier: Tier): boolean {
  if (role === 'mssp') return tier === 'mssp' || tier === 't1';
  return ROLE_RANK[role] >= TIER_RANK[tier];
}

export function requireWorkable(role: Role, incident: Incident): void {
  if (ROLE_RANK[role] === 0) throw forbidden(`role ${role} may not change incidents`);
  if (!canWorkTier(role, incident.tier)) {
    throw forbidden(`INC-${incident.number} is in the ${incident.tier.toUpperCase()} queue: role ${role} cannot work it`);
  }
}

/** Assigning work to someone else is a lead's decision: T2 and above. */
export function requireCanAssignOthers(role: Role): void {
  if (ROLE_RANK[role] < 2 || role === 'mssp') throw forbidden(`role ${role} may take incidents but not assign them to others`);
}

export function roleRank(role: Role): number {
  return ROLE_RANK[role];
}
