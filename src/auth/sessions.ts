import type { Clock } from '../core/clock.ts';
import { unauthenticated, userError } from '../core/errors.ts';
import type { IdentityRepository } from '../store/index.ts';
import type { Authenticator } from './authenticator.ts';
import type { Principal } from './principal.ts';
import { generateToken, hashToken, verifyPassword } from './secrets.ts';

/** A session lasts a long shift at most, and ends after a few idle hours. */
const MAX_AGE_MS = 14 * 3_600_000;
const IDLE_MS = 4 * 3_600_000;
const FAILED_LIMIT = 5;
const FAILED_WINDOW_MS = 60_000;

/**
 * Web console sessions: sign in with e-mail and password, get a random session secret (stored hashed),
 * sent back as an HttpOnly cookie. Repeated failures for one e-mail are slowed down.
 */
export class SessionService {
  private readonly identities: IdentityRepository;
  private readonly authenticator: Authenticator;
  private readonly clock: Clock;
  private readonly failures = new Map<string, number[]>();

  constructor(deps: { identities: IdentityRepository; authenticator: Authenticator; clock: Clock }) {
    this.identities = deps.identities;
    this.authenticator = deps.authenticator;
    this.clock = deps.clock;
  }

  async signIn(email: string, password: string): Promise<{ secret: string; principal: Principal; expiresAt: number }> {
    const now = this.clock.now().getTime();
    const key = email.toLowerCase();
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - FAILED_WINDOW_MS);
    if (recent.length >= FAILED_LIMIT) throw userError('too_many_attempts', 'too many failed sign-ins: wait a minute and try again', 429);
    const user = await this.identities.findUserByEmail(email);
    const ok = user !== undefined && !user.disabled && user.passwordHash !== null && (await verifyPassword(password, user.passwordHash));
    if (!ok) {
      this.failures.set(key, [...recent, now]);
      throw unauthenticated('wrong e-mail or password');
    }
    this.failures.delete(key);
    const secret = generateToken();
    const expiresAt = now + MAX_AGE_MS;
    await this.identities.createSession({ idHash: hashToken(secret), userId: user.id, expiresAt }, now);
    return { secret, principal: await this.authenticator.userPrincipal(user.id), expiresAt };
  }

  async principalOf(secret: string): Promise<Principal> {
    const now = this.clock.now().getTime();
    const idHash = hashToken(secret);
    const session = await this.identities.findSession(idHash);
    if (session === undefined) throw unauthenticated('your session has ended: sign in again');
    if (session.expiresAt <= now || session.lastSeenAt + IDLE_MS <= now) {
      await this.identities.deleteSession(idHash);
      throw unauthenticated('your session has expired: sign in again');
    }
    if (now - session.lastSeenAt > 60_000) await this.identities.touchSession(idHash, now);
    return this.authenticator.userPrincipal(session.userId);
  }

  async signOut(secret: string): Promise<void> {
    await this.identities.deleteSession(hashToken(secret));
  }
}
