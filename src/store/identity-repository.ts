import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../core/roles.ts';
import type { ApiTokensTable, Database } from './schema.ts';

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string | null;
  readonly disabled: boolean;
}

export interface Membership {
  readonly tenantId: string;
  readonly role: Role;
}

export interface TokenRecord {
  readonly id: string;
  readonly name: string;
  readonly userId: string | null;
  readonly tenantId: string | null;
  readonly role: Role | null;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
}

/** Users, their tenant memberships and API tokens. */
export class IdentityRepository {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async createUser(
    user: { id: string; email: string; name: string; passwordHash: string | null },
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        id: user.id,
        email: user.email.toLowerCase(),
        name: user.name,
        password_hash: user.passwordHash,
        created_at: now,
        disabled_at: null,
      })
      .execute();
  }

  async findUserByEmail(email: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
    return row === undefined ? undefined : toUser(row);
  }

  async getUser(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toUser(row);
  }

  async listUsers(tenantId: string): Promise<(User & { role: Role })[]> {
    const rows = await this.db
      .selectFrom('users')
      .innerJoin('memberships', 'memberships.user_id', 'users.id')
      .selectAll('users')
      .select('memberships.role')
      .where('memberships.tenant_id', '=', tenantId)
      .orderBy('users.email')
      .execute();
    return rows.map((r) => ({ ...toUser(r), role: r.role as Role }));
  }

  async setMembership(userId: string, tenantId: string, role: Role, now: number): Promise<void> {
    await this.db
      .insertInto('memberships')
      .values({ user_id: userId, tenant_id: tenantId, role, created_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'tenant_id']).doUpdateSet({ role }))
      .execute();
  }

  async memberships(userId: string): Promise<Membership[]> {
    const rows = await this.db
      .selectFrom('memberships')
      .select(['tenant_id', 'role'])
      .where('user_id', '=', userId)
      .orderBy('tenant_id')
      .execute();
    return rows.map((r) => ({ tenantId: r.tenant_id, role: r.role as Role }));
  }

  async createToken(
    token: Omit<TokenRecord, 'revokedAt'> & { tokenHash: string },
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values({
        id: token.id,
        name: token.name,
        token_hash: token.tokenHash,
        user_id: token.userId,
        tenant_id: token.tenantId,
        role: token.role,
        created_at: now,
        expires_at: token.expiresAt,
        revoked_at: null,
      })
      .execute();
  }

  async findTokenByHash(tokenHash: string): Promise<TokenRecord | undefined> {
    const row = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row === undefined ? undefined : toToken(row);
  }

  async listTokens(filter: { tenantId?: string; userId?: string }): Promise<TokenRecord[]> {
    let query = this.db.selectFrom('api_tokens').selectAll().orderBy('created_at');
    if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
    if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
    return (await query.execute()).map(toToken);
  }

  async createSession(session: { idHash: string; userId: string; expiresAt: number }, now: number): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ id_hash: session.idHash, user_id: session.userId, created_at: now, expires_at: session.expiresAt, last_seen_at: now })
      .execute();
  }

  async findSession(idHash: string): Promise<{ userId: string; expiresAt: number; lastSeenAt: number } | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return row === undefined ? undefined : { userId: row.user_id, expiresAt: row.expires_at, lastSeenAt: row.last_seen_at };
  }

  async touchSession(idHash: string, now: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async revokeToken(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function toUser(row: {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  disabled_at: number | null;
}): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    disabled: row.disabled_at !== null,
  };
}

function toToken(row: Selectable<ApiTokensTable>): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    userId: row.user_id,
    tenantId: row.tenant_id,
    role: row.role as Role | null,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}
