/**
 * Feature hashing: a feature name (`rule=wazuh:5716`, `novel-pair`) maps to one of 2^bits weights, so the
 * model never needs a vocabulary and new rules, hosts and sources cost nothing to add. Collisions are rare
 * at 2^20 slots for a tenant's few thousand active names, and harmless (two names share a weight).
 */
export const HASH_BITS = 20;
const MASK = (1 << HASH_BITS) - 1;

/** FNV-1a over UTF-16 code units, folded to HASH_BITS. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((h >>> HASH_BITS) ^ h) & MASK;
}
