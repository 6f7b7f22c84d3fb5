import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID: 48-bit millisecond time + 80 random bits, Crockford base32, 26 characters.
 * Lexicographic order follows creation time, which keeps B-tree inserts local.
 */
export function newId(nowMs: number = Date.now()): string {
  let time = '';
  let t = nowMs;
  for (let i = 0; i < 10; i++) {
    time = (CROCKFORD[t % 32] ?? '0') + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[(bytes[i] ?? 0) % 32];
  return time + rand;
}

/** A short id with a readable prefix, e.g. `inc_01J…`. */
export function prefixedId(prefix: string, nowMs?: number): string {
  return `${prefix}_${newId(nowMs)}`;
}
