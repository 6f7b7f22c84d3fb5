/** Roles of the architecture. `ingest` tokens may only write alerts and events of their tenant. */
export const ROLES = ['t1', 't2', 't3', 'manager', 'admin', 'mssp', 'ingest', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ANALYST_ROLES: readonly Role[] = ['t1', 't2', 't3', 'manager', 'admin', 'mssp'];

export const ACTOR_KINDS = ['human', 'automation', 'ai'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** What each role may do. Kept as data so the check is one lookup and the table is reviewable. */
export const PERMISSIONS = [
  'alerts:read',
  'alerts:write',
  'assets:read',
  'assets:write',
  'incidents:read',
  'incidents:write',
  'duty:write',
  'settings:write',
  'metrics:read',
  'admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ANALYST: readonly Permission[] = ['alerts:read', 'alerts:write', 'assets:read', 'incidents:read', 'incidents:write', 'metrics:read'];

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  t1: ANALYST,
  t2: ANALYST,
  t3: [...ANALYST, 'assets:write'],
  manager: [...ANALYST, 'assets:write', 'duty:write', 'settings:write'],
  admin: [...ANALYST, 'assets:write', 'duty:write', 'settings:write', 'admin'],
  mssp: ANALYST,
  ingest: ['alerts:write'],
  viewer: ['alerts:read', 'assets:read', 'incidents:read', 'metrics:read'],
};

export function roleGrants(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
