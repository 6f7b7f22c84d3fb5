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
  // Random bytes are drawn in blocks: one system call per 256 ids instead of one each.
  if (poolOffset + 16 > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[(pool[poolOffset + i] ?? 0) % 32] ?? '0';
  poolOffset += 16;
  return time + rand;
}

let pool = Buffer.alloc(0);
let poolOffset = 0;

/** A short id with a readable prefix, e.g. `inc_01J…`. */
export function prefixedId(prefix: string, nowMs?: number): string {
  return `${prefix}_${newId(nowMs)}`;
}
