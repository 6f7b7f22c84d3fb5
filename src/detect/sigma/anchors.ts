/**
 * Anchors: a necessary condition of a rule in terms of literal needles. A rule can only match an event
 * when one of its anchor needles was found, so a route scans its anchor fields once and evaluates only
 * the rules whose anchors were hit (plus the few rules without an anchor) instead of every rule.
 *
 *   literal item (OR of needles)  → those needles       AND of parts → the best part's anchor
 *   literal item under `all`      → its longest needle  OR of parts  → the union, if every part has one
 *   anything else (regex, not, …) → no anchor
 *
 * "Best" prefers long needles (more selective) and needles that need no full scan (equals, startswith,
 * endswith) over `contains`, so that a rule on `TargetImage|endswith` and `CallTrace|contains` is
 * anchored on the cheap, short field.
 */
import { KEYWORD_SLOT } from './field-slots.ts';
import type { LiteralOp } from './substring-index.ts';

export interface AnchorPart {
  readonly slot: number;
  readonly ids: readonly number[];
  /** Higher is better: longer and cheaper needles. */
  readonly score: number;
}

/** Either a list of parts (one of their needles must be found) or undefined (no necessary literal). */
export type Anchor = readonly AnchorPart[] | undefined;

const ANCHORED_BONUS = 8;
const KEYWORD_PENALTY = 20;

export function literalAnchor(slot: number, needles: readonly { id: number; op: LiteralOp; text: string }[], link: 'or' | 'and'): Anchor {
  if (needles.length === 0) return undefined;
  const scoreOf = (n: { op: LiteralOp; text: string }): number =>
    n.text.length + (n.op === 'contains' ? 0 : ANCHORED_BONUS) - (slot === KEYWORD_SLOT ? KEYWORD_PENALTY : 0);
  if (link === 'and') {
    const best = needles.reduce((a, b) => (scoreOf(b) > scoreOf(a) ? b : a));
    return [{ slot, ids: [best.id], score: scoreOf(best) }];
  }
  return [{ slot, ids: needles.map((n) => n.id), score: Math.min(...needles.map(scoreOf)) }];
}

const scoreOf = (a: readonly AnchorPart[]): number => Math.min(...a.map((p) => p.score));

/** For an AND: any child's anchor is necessary; take the best one. */
export function bestAnchor(anchors: readonly Anchor[]): Anchor {
  let best: readonly AnchorPart[] | undefined;
  for (const a of anchors) if (a !== undefined && (best === undefined || scoreOf(a) > scoreOf(best))) best = a;
  return best;
}

/** For an OR: every child must have an anchor; one of them must then be found. */
export function unionAnchor(anchors: readonly Anchor[]): Anchor {
  if (anchors.length === 0 || anchors.some((a) => a === undefined)) return undefined;
  return anchors.flatMap((a) => a ?? []);
}
