import type { Clock } from '../core/clock.ts';
import { unauthenticated } from '../core/errors.ts';
import type { Role } from '../core/roles.ts';
import type { IdentityRepository } from '../store/index.ts';
import type { Principal } from './principal.ts';
import { hashToken } from './secrets.ts';

interface CacheEntry {
  readonly principal: Principal;
  readonly until: number;
}

/**
 * Turns a bearer token into a principal. Lookups are cached for a few seconds (revocation takes
 * effect within `cacheMs`), which keeps per-request cost off the store on busy intake paths.
 */
export class Authenticator {
  private readonly identities: IdentityRepository;
  private readonly clock: Clock;
  private readonly cacheMs: number;
  private readonly cache = new Map<string, CacheEntry>();

  constructor(identities: IdentityRepository, clock: Clock, cacheMs = 5_000) {
    this.identities = identities;
    this.clock = clock;
    this.cacheMs = cacheMs;
  }

  async authenticateToken(token: string): Promise<Principal> {
    const hash = hashToken(token);
    const now = this.clock.now().getTime();
    const cached = this.cache.get(hash);
    if (cached !== undefined && cached.until > now) return cached.principal;

    const record = await this.identities.findTokenByHash(hash);
    if (record === undefined) throw unauthenticated('unknown API token');
    if (record.revokedAt !== null) throw unauthenticated('this API token was revoked');
    if (record.expiresAt !== null && record.expiresAt <= now) throw unauthenticated('this API token has expired');

    let principal: Principal;
    if (record.userId !== null) {
      principal = await this.userPrincipal(record.userId, record.id);
    } else if (record.tenantId !== null && record.role !== null) {
      principal = {
        kind: 'service',
        id: record.id,
        name: record.name,
        tokenId: record.id,
        roles: new Map<string, Role>([[record.tenantId, record.role]]),
      };
    } else {
      throw unauthenticated('this API token is bound to neither a user nor a tenant');
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, until: now + this.cacheMs });
    return principal;
  }

  /** The principal of a user (after a password or session check). */
  async userPrincipal(userId: string, tokenId?: string): Promise<Principal> {
    const user = await this.identities.getUser(userId);
    if (user === undefined || user.disabled) throw unauthenticated('this user is disabled or gone');
    const memberships = await this.identities.memberships(userId);
    return {
      kind: 'user',
      id: user.id,
      name: user.name,
      ...(tokenId === undefined ? {} : { tokenId }),
      roles: new Map(memberships.map((m) => [m.tenantId, m.role])),
    };
  }

  forget(): void {
    this.cache.clear();
  }
}
