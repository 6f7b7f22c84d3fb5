/**
 * Binds one detection item (field + modified values) to a field slot and turns it into a predicate.
 *
 * Case-insensitive literals (equals, startswith, endswith, contains, i.e. values whose only wildcards are
 * at the ends) become needles of the route's shared literal index; when a route has no index for the slot,
 * the same needles are tested directly. Everything else (inner wildcards, regular expressions, CIDR,
 * numbers, field references, null, exists) is its own small test. All read the per-event caches.
 */
import { bestAnchor, literalAnchor, unionAnchor, type Anchor } from './anchors.ts';
import { cidrContains, parseIp } from './ip-cidr.ts';
import { escapeRegex, windashRegexSource } from './encodings.ts';
import type { EvalContext, FieldText } from './eval-context.ts';
import { KEYWORD_SLOT, type NeedleRegistry } from './field-slots.ts';
import { toNumber, type CompareOp, type ItemSpec, type MatchValue } from './modifiers.ts';
import { isWildcard, MANY, normaliseParts, type StringPart } from './sigma-string.ts';
import type { LiteralOp, Needle } from './substring-index.ts';
import { parseTimestamp, timePart, type TimePart } from './timestamps.ts';

export type Predicate = (ctx: EvalContext) => boolean;

export interface SlotNeedle {
  readonly slot: number;
  readonly needle: Needle;
}

export interface BoundTest {
  readonly pred: Predicate;
  /** Rough relative cost, used to test cheap items first inside an AND. */
  readonly cost: number;
  readonly needles: readonly SlotNeedle[];
  /** Needles one of which must be found for the predicate to hold (see anchors.ts). */
  readonly anchor: Anchor;
}

export interface BindEnv {
  /** The slot that reads a Sigma field under the current pipeline mapping. */
  slotOf(field: string): number;
  readonly needles: NeedleRegistry;
}

interface Literal {
  readonly op: LiteralOp;
  readonly text: string;
}

/** Classifies a string value: a literal test when its only wildcards are a leading/trailing `*`. */
export function literalOf(parts: readonly StringPart[]): Literal | 'any' | undefined {
  const p = normaliseParts(parts);
  const lead = p[0] === MANY;
  const trail = p.length > (lead ? 1 : 0) && p[p.length - 1] === MANY;
  const core = p.slice(lead ? 1 : 0, trail ? p.length - 1 : p.length);
  if (core.length === 0) return lead || trail ? 'any' : { op: 'eq', text: '' };
  if (core.length > 1 || typeof core[0] !== 'string') return undefined;
  const text = core[0];
  return { op: lead && trail ? 'contains' : lead ? 'suffix' : trail ? 'prefix' : 'eq', text };
}

const literalMatch = (s: string, op: LiteralOp, text: string): boolean =>
  op === 'eq' ? s === text : op === 'prefix' ? s.startsWith(text) : op === 'suffix' ? s.endsWith(text) : s.includes(text);

const some = (t: FieldText, test: (s: string) => boolean): boolean =>
  typeof t === 'string' ? test(t) : t !== null && t !== undefined && t.some(test);

function globRegex(parts: readonly StringPart[], cased: boolean, dashClass: boolean): RegExp {
  let src = '^';
  for (const p of normaliseParts(parts)) {
    if (typeof p === 'string') {
      const text = cased ? p : p.toLowerCase();
      src += dashClass ? windashRegexSource(text) : escapeRegex(text);
    } else if (isWildcard(p)) src += p.wildcard === 'many' ? '.*' : '.';
  }
  return new RegExp(`${src}$`, 's');
}

const compare = (a: number, op: CompareOp, b: number): boolean =>
  op === 'lt' ? a < b : op === 'lte' ? a <= b : op === 'gt' ? a > b : op === 'gte' ? a >= b : a === b;

function numbersOf(raw: unknown, part: TimePart | undefined): number[] {
  const items = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  const out: number[] = [];
  for (const item of items) {
    if (part !== undefined) {
      const t = parseTimestamp(item);
      if (t !== undefined) out.push(timePart(t, part));
    } else if (typeof item === 'number') out.push(item);
    else if (typeof item === 'string') {
      const n = toNumber(item);
      if (n !== undefined) out.push(n);
    }
  }
  return out;
}

/** One value other than a case-insensitive literal, as a predicate over the slot. */
function otherTest(v: MatchValue, slot: number, env: BindEnv): { pred: Predicate; cost: number } {
  switch (v.kind) {
    case 'null':
      return { pred: (ctx) => ctx.raw(slot) == null, cost: 1 };
    case 'exists':
      return v.exists ? { pred: (ctx) => ctx.raw(slot) !== undefined, cost: 1 } : { pred: (ctx) => ctx.raw(slot) === undefined, cost: 1 };
    case 'regex': {
      const re = v.regex;
      return { pred: (ctx) => some(ctx.text(slot), (s) => re.test(s)), cost: 8 };
    }
    case 'cidr': {
      const cidr = v.cidr;
      return {
        pred: (ctx) =>
          some(ctx.text(slot), (s) => {
            const ip = parseIp(s);
            return ip !== undefined && cidrContains(cidr, ip);
          }),
        cost: 5,
      };
    }
    case 'compare': {
      const { op, value, timePart: part } = v;
      return { pred: (ctx) => numbersOf(ctx.raw(slot), part).some((n) => compare(n, op, value)), cost: part === undefined ? 3 : 6 };
    }
    case 'fieldref': {
      const other = env.slotOf(v.field);
      const op: LiteralOp = v.start && v.end ? 'contains' : v.start ? 'suffix' : v.end ? 'prefix' : 'eq';
      const read = v.cased ? (ctx: EvalContext, s: number) => ctx.text(s) : (ctx: EvalContext, s: number) => ctx.lower(s);
      return {
        pred: (ctx) => {
          const ref = read(ctx, other);
          return some(read(ctx, slot), (s) => some(ref, (r) => literalMatch(s, op, r)));
        },
        cost: 4,
      };
    }
    case 'string': {
      const lit = literalOf(v.parts);
      if (lit === 'any') return { pred: (ctx) => { const t = ctx.text(slot); return typeof t === 'string' || (t != null && t.length > 0); }, cost: 1 };
      if (lit !== undefined && v.dashClass !== true) {
        // Reached for cased literals and for the empty string, which the literal index does not hold.
        const { op, text } = lit;
        const pred: Predicate = v.cased
          ? (ctx) => some(ctx.text(slot), (s) => literalMatch(s, op, text))
          : (ctx) => some(ctx.lower(slot), (s) => literalMatch(s, op, text));
        return { pred, cost: 2 };
      }
      const re = globRegex(v.parts, v.cased, v.dashClass === true);
      return { pred: v.cased ? (ctx) => some(ctx.text(slot), (s) => re.test(s)) : (ctx) => some(ctx.lower(slot), (s) => re.test(s)), cost: 6 };
    }
  }
}

/** The literal part of an item: needles tested through the route's index, or directly. */
function literalGroup(slot: number, literals: readonly Literal[], link: 'or' | 'and', env: BindEnv): BoundTest {
  const needles: SlotNeedle[] = literals.map((l) => ({ slot, needle: { id: env.needles.idFor(slot, l.op, l.text), op: l.op, text: l.text } }));
  const ids = Int32Array.from(needles, (n) => n.needle.id);
  const ops = literals.map((l) => l.op);
  const texts = literals.map((l) => l.text);
  const n = ids.length;
  const eqSet = link === 'or' && ops.every((op) => op === 'eq') && n > 4 ? new Set(texts) : undefined;
  const direct = (v: FieldText): boolean => {
    if (eqSet !== undefined) return some(v, (s) => eqSet.has(s));
    if (link === 'or') return some(v, (s) => { for (let i = 0; i < n; i++) if (literalMatch(s, ops[i] as LiteralOp, texts[i] as string)) return true; return false; });
    for (let i = 0; i < n; i++) if (!some(v, (s) => literalMatch(s, ops[i] as LiteralOp, texts[i] as string))) return false;
    return true;
  };
  const pred: Predicate =
    link === 'or'
      ? (ctx) => {
          const v = ctx.lower(slot);
          if (v == null) return false;
          if (!ctx.scanned(slot)) return direct(v);
          const hits = ctx.hits;
          const e = ctx.epoch;
          for (let i = 0; i < n; i++) if (hits[ids[i] as number] === e) return true;
          return false;
        }
      : (ctx) => {
          const v = ctx.lower(slot);
          if (v == null) return false;
          if (!ctx.scanned(slot)) return direct(v);
          const hits = ctx.hits;
          const e = ctx.epoch;
          for (let i = 0; i < n; i++) if (hits[ids[i] as number] !== e) return false;
          return true;
        };
  const cost = ops.every((op) => op === 'eq') ? 2 : ops.some((op) => op === 'contains') ? 4 : 3;
  const anchor = literalAnchor(slot, needles.map((n) => n.needle), link);
  return { pred, cost: slot === KEYWORD_SLOT ? 10 : cost, needles, anchor };
}

/** Binds an item to its slot: one predicate over all its values, linked by OR (or AND under `all`). */
/**
 * Literals a value's match must contain, for values that need a regular expression: the required
 * literals of a `re` value, or the longest literal part of a value with inner wildcards.
 */
function gateLiterals(v: MatchValue): readonly string[] | undefined {
  if (v.kind === 'regex') return v.literals;
  if (v.kind !== 'string' || v.dashClass === true) return undefined;
  let longest = '';
  for (const p of v.parts) if (typeof p === 'string' && p.length > longest.length) longest = p;
  return longest.length > 0 ? [longest.toLowerCase()] : undefined;
}

export function bindItem(item: ItemSpec, env: BindEnv): BoundTest {
  const slot = item.field === null ? KEYWORD_SLOT : env.slotOf(item.field);
  const literals: Literal[] = [];
  const parts: BoundTest[] = [];
  const others: BoundTest[] = [];
  for (const v of item.values) {
    const lit = v.kind === 'string' && !v.cased && v.dashClass !== true ? literalOf(v.parts) : undefined;
    if (lit !== undefined && lit !== 'any' && lit.text !== '') {
      literals.push({ op: lit.op, text: lit.text.toLowerCase() });
      continue;
    }
    const test = otherTest(v, slot, env);
    const gate = lit === undefined ? gateLiterals(v) : undefined;
    if (gate === undefined) {
      others.push({ ...test, needles: [], anchor: undefined });
      continue;
    }
    // A substring search first: most values lack the literal, and the expression never runs on them.
    const g = literalGroup(slot, gate.map((text) => ({ op: 'contains' as const, text })), 'or', env);
    const gated = g.pred;
    const inner = test.pred;
    others.push({ pred: (ctx) => gated(ctx) && inner(ctx), cost: test.cost, needles: g.needles, anchor: g.anchor });
  }
  // `neq` means "different from every value", whatever the linking.
  const link = item.negate ? 'or' : item.linking;
  if (literals.length > 0) parts.push(literalGroup(slot, literals, link, env));
  parts.push(...others);
  const needles = parts.flatMap((p) => p.needles);
  const cost = Math.max(...parts.map((p) => p.cost));
  const preds = parts.map((p) => p.pred);
  let pred: Predicate;
  if (preds.length === 1) pred = preds[0] as Predicate;
  else if (link === 'or') pred = (ctx) => preds.some((p) => p(ctx));
  else pred = (ctx) => preds.every((p) => p(ctx));
  let anchor = link === 'or' ? unionAnchor(parts.map((p) => p.anchor)) : bestAnchor(parts.map((p) => p.anchor));
  if (item.negate) {
    const inner = pred;
    pred = (ctx) => ctx.raw(slot) != null && !inner(ctx);
    anchor = undefined;
  }
  return { pred, cost, needles, anchor };
}
