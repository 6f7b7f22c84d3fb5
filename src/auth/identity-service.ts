import type { Clock } from '../core/clock.ts';
import { notFound, userError } from '../core/errors.ts';
import { newId, prefixedId } from '../core/ids.ts';
import type { Role } from '../core/roles.ts';
import type { Store } from '../store/index.ts';
import { generateToken, hashPassword, hashToken } from './secrets.ts';

/** Creating tenants, users and tokens: used by the admin API, the CLI and the demo seed. */
export class IdentityService {
  private readonly store: Store;
  private readonly clock: Clock;
  constructor(store: Store, clock: Clock) {
    this.store = store;
    this.clock = clock;
  }

  async createTenant(input: {
    id: string;
    name: string;
    timeZone: string;
    settings?: Record<string, unknown>;
  }): Promise<void> {
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.id)) {
      throw userError('bad_tenant_id', 'tenant id must be 2–63 lower-case letters, digits or dashes');
    }
    if (await this.store.tenants.get(input.id)) throw userError('tenant_exists', `tenant ${input.id} exists`, 409);
    await this.store.tenants.create(
      { id: input.id, name: input.name, timeZone: input.timeZone, settings: input.settings ?? {} },
      this.now(),
    );
  }

  async createUser(input: {
    email: string;
    name: string;
    password?: string;
    memberships: readonly { tenantId: string; role: Role }[];
  }): Promise<string> {
    if (await this.store.identities.findUserByEmail(input.email)) {
      throw userError('user_exists', `a user with e-mail ${input.email} exists`, 409);
    }
    const id = prefixedId('usr');
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
    await this.store.identities.createUser({ id, email: input.email, name: input.name, passwordHash }, this.now());
    for (const m of input.memberships) await this.store.identities.setMembership(id, m.tenantId, m.role, this.now());
    return id;
  }

  /** A user's personal token (acts with the user's roles). Returns the secret: shown once. */
  async createUserToken(userId: string, name: string, expiresAt: number | null = null): Promise<IssuedToken> {
    return this.issue({ name, userId, tenantId: null, role: null, expiresAt });
  }

  /** A tenant-bound service token, e.g. `ingest` for a log shipper. Returns the secret: shown once. */
  async createServiceToken(tenantId: string, role: Role, name: string, expiresAt: number | null = null): Promise<IssuedToken> {
    if (!(await this.store.tenants.get(tenantId))) throw userError('unknown_tenant', `tenant ${tenantId} does not exist`, 404);
    return this.issue({ name, userId: null, tenantId, role, expiresAt });
  }

  /** Revokes one of a tenant's service tokens; 404 when the tenant has no such token. */
  async revokeServiceToken(tenantId: string, tokenId: string): Promise<void> {
    const tokens = await this.store.identities.listTokens({ tenantId });
    if (!tokens.some((t) => t.id === tokenId)) throw notFound(`token ${tokenId}`);
    await this.store.identities.revokeToken(tokenId, this.now());
  }

  /** Stores a token whose secret is chosen by the caller (the demo's well-known token). */
  async registerToken(secret: string, record: Omit<TokenSpec, 'secret'>): Promise<IssuedToken> {
    return this.issue(record, secret);
  }

  private async issue(spec: Omit<TokenSpec, 'secret'>, secret = generateToken()): Promise<IssuedToken> {
    const id = `tok_${newId().slice(-12).toLowerCase()}`;
    await this.store.identities.createToken({ id, tokenHash: hashToken(secret), ...spec }, this.now());
    return { id, token: secret };
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

interface TokenSpec {
  name: string;
  userId: string | null;
  tenantId: string | null;
  role: Role | null;
  expiresAt: number | null;
  secret: string;
}

export interface IssuedToken {
  readonly id: string;
  readonly token: string;
}
