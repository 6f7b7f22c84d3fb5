/**
 * Value modifiers (Sigma v2.1 modifiers appendix), applied left to right to the values of one detection
 * item (`Field|mod1|mod2: values`). The result is an {@link ItemSpec}: the field, how its values are linked
 * (OR, or AND under `all`), whether the item is negated (`neq`), and typed match values that
 * `field-tests.ts` turns into tests. Errors are returned as reasons (the rule is then reported, not loaded).
 */
import { parseCidr, type Cidr } from './ip-cidr.ts';
import { compileSigmaRegex, requiredLiterals, type RegexFlag } from './regex-compat.ts';
import {
  base64,
  base64Offsets,
  countDashes,
  utf16,
  UTF16_LE_BOM,
  windashPermutations,
  type TextEncoding,
} from './encodings.ts';
import {
  hasPlaceholders,
  hasWildcards,
  isPlaceholder,
  isPlain,
  parseSigmaString,
  plainText,
  withLeadingMany,
  withTrailingMany,
  type StringPart,
} from './sigma-string.ts';
import { TIME_PARTS, type TimePart } from './timestamps.ts';

export const MODIFIERS = [
  'contains', 'startswith', 'endswith', 'all', 'exists', 'cased', 'neq', 'windash',
  're', 'i', 'm', 's', 'ignorecase', 'multiline', 'dotall',
  'base64', 'base64offset', 'utf16le', 'wide', 'utf16be', 'utf16',
  'lt', 'lte', 'gt', 'gte', ...TIME_PARTS, 'cidr', 'expand', 'fieldref',
] as const;
export type Modifier = (typeof MODIFIERS)[number];
const MODIFIER_SET: ReadonlySet<string> = new Set(MODIFIERS);

export const COMPARE_OPS = ['lt', 'lte', 'gt', 'gte', 'eq'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

export type MatchValue =
  | { readonly kind: 'string'; readonly parts: readonly StringPart[]; readonly cased: boolean; readonly encoding: TextEncoding; readonly dashClass?: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'regex'; readonly regex: RegExp; readonly literals: readonly string[] | undefined }
  | { readonly kind: 'cidr'; readonly cidr: Cidr }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly value: number; readonly timePart?: TimePart }
  | { readonly kind: 'fieldref'; readonly field: string; readonly start: boolean; readonly end: boolean; readonly cased: boolean }
  | { readonly kind: 'exists'; readonly exists: boolean };

export interface ItemSpec {
  /** The Sigma field name; null for keyword items (searched across the whole event). */
  readonly field: string | null;
  readonly linking: 'or' | 'and';
  readonly negate: boolean;
  readonly values: readonly MatchValue[];
  readonly warnings: readonly string[];
}

/** Placeholder values from configuration, e.g. `{ Administrators: ['adm_*', 'root'] }`. */
export type Placeholders = Readonly<Record<string, readonly string[]>>;

/** Beyond this many `windash` permutations a value becomes one regular expression instead. */
const MAX_WINDASH_PERMUTATIONS = 625;

type Working =
  | MatchValue
  | { readonly kind: 'text'; readonly raw: string; readonly parts: readonly StringPart[]; readonly cased: boolean; readonly encoding: TextEncoding; readonly dashClass?: boolean }
  | { readonly kind: 'regex-source'; readonly source: string; readonly flags: ReadonlySet<RegexFlag> }
  | { readonly kind: 'bool'; readonly value: boolean };

const REGEX_FLAG_OF: Readonly<Record<string, RegexFlag>> = { i: 'i', ignorecase: 'i', m: 'm', multiline: 'm', s: 's', dotall: 's' };

/** Builds one detection item from its key (`Field|mods`) and YAML value. */
export function buildItem(key: string, raw: unknown, placeholders: Placeholders): ItemSpec | string {
  const [field = '', ...mods] = key.split('|');
  for (const m of mods) if (!MODIFIER_SET.has(m)) return `unsupported modifier '${m}' in '${key}'`;
  const rawValues = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (rawValues.length === 0) return `'${key}' has an empty list of values`;
  const expand = mods.includes('expand');
  let values: Working[] = [];
  for (const v of rawValues) {
    if (v === null) {
      if (rawValues.length > 1) return `'${key}': null cannot be part of a list of values`;
      values.push({ kind: 'null' });
    } else if (typeof v === 'boolean') {
      values.push({ kind: 'bool', value: v });
    } else if (typeof v === 'string' || typeof v === 'number') {
      const text = String(v);
      values.push({ kind: 'text', raw: text, parts: parseSigmaString(text, expand), cased: false, encoding: 'text' });
    } else {
      return `'${key}' has a value that is neither a string, a number, a boolean nor null`;
    }
  }
  const state: ChainState = { linking: 'or', negate: false, warnings: [] };
  for (let i = 0; i < mods.length; i++) {
    const mod = mods[i] as Modifier;
    const result = applyModifier(mod, values, i, state, placeholders, key);
    if (typeof result === 'string') return result;
    values = result;
  }
  const finished: MatchValue[] = [];
  for (const v of values) {
    const done = finish(v, key);
    if (typeof done === 'string') return done;
    finished.push(done);
  }
  if (finished.some((v) => v.kind === 'null') && mods.length > 0) return `'${key}': modifiers cannot apply to null`;
  if (finished.some((v) => v.kind === 'exists') && field === '') return `'${key}': exists needs a field`;
  return { field: field === '' ? null : field, linking: state.linking, negate: state.negate, values: finished, warnings: state.warnings };
}

function finish(v: Working, key: string): MatchValue | string {
  if (v.kind === 'text') return { kind: 'string', parts: v.parts, cased: v.cased, encoding: v.encoding, ...(v.dashClass === true ? { dashClass: true } : {}) };
  if (v.kind === 'bool') return { kind: 'string', parts: [String(v.value)], cased: false, encoding: 'text' };
  if (v.kind === 'regex-source') {
    const re = compileSigmaRegex(v.source, v.flags);
    return typeof re === 'string' ? `'${key}': ${re}` : { kind: 'regex', regex: re, literals: requiredLiterals(v.source) };
  }
  return v;
}

interface ChainState {
  linking: 'or' | 'and';
  negate: boolean;
  warnings: string[];
}

function applyModifier(
  mod: Modifier,
  values: Working[],
  position: number,
  state: ChainState,
  placeholders: Placeholders,
  key: string,
): Working[] | string {
  const each = (fn: (v: Working) => Working | Working[] | string): Working[] | string => {
    const out: Working[] = [];
    for (const v of values) {
      const r = fn(v);
      if (typeof r === 'string') return `'${key}': ${r}`;
      if (Array.isArray(r)) out.push(...r);
      else out.push(r);
    }
    return out;
  };
  const wrongType = (v: Working): string => `modifier '${mod}' cannot apply to a ${v.kind === 'text' ? 'string' : v.kind} value`;
  const mustBeFirst = (): string | undefined =>
    position > 0 ? `'${key}': modifier '${mod}' only applies to unmodified values` : undefined;

  switch (mod) {
    case 'contains':
    case 'startswith':
    case 'endswith':
      return each((v) => {
        if (v.kind === 'text') {
          let parts = v.parts;
          if (mod !== 'startswith') parts = withLeadingMany(parts);
          if (mod !== 'endswith') parts = withTrailingMany(parts);
          return { ...v, parts };
        }
        if (v.kind === 'regex-source') return v; // a regular expression is already a search
        if (v.kind === 'fieldref') {
          return { ...v, start: v.start || mod === 'contains' || mod === 'endswith', end: v.end || mod === 'contains' || mod === 'startswith' };
        }
        return wrongType(v);
      });
    case 'all':
      if (values.length < 2) state.warnings.push(`'${key}': 'all' on a single value has no effect`);
      state.linking = 'and';
      return values;
    case 'neq':
      if (state.negate) return `'${key}': 'neq' given twice`;
      state.negate = true;
      return values;
    case 'cased':
      return each((v) => (v.kind === 'text' ? { ...v, cased: true } : v.kind === 'fieldref' ? { ...v, cased: true } : wrongType(v)));
    case 'exists': {
      const first = mustBeFirst();
      if (first !== undefined) return first;
      const only = values[0];
      if (values.length !== 1 || only === undefined) return `'${key}': exists takes a single boolean`;
      if (only.kind === 'bool') return [{ kind: 'exists', exists: only.value }];
      if (only.kind === 'text' && (only.raw === 'true' || only.raw === 'false')) return [{ kind: 'exists', exists: only.raw === 'true' }];
      return `'${key}': exists takes true or false`;
    }
    case 're': {
      const first = mustBeFirst();
      if (first !== undefined) return first;
      return each((v) => (v.kind === 'text' ? { kind: 'regex-source', source: v.raw, flags: new Set<RegexFlag>() } : wrongType(v)));
    }
    case 'i':
    case 'm':
    case 's':
    case 'ignorecase':
    case 'multiline':
    case 'dotall': {
      const flag = REGEX_FLAG_OF[mod] ?? 'i';
      return each((v) => (v.kind === 'regex-source' ? { ...v, flags: new Set([...v.flags, flag]) } : `regular expression flag '${mod}' needs the 're' modifier before it`));
    }
    case 'cidr': {
      const first = mustBeFirst();
      if (first !== undefined) return first;
      return each((v) => {
        if (v.kind !== 'text') return wrongType(v);
        const cidr = parseCidr(v.raw.trim());
        return typeof cidr === 'string' ? cidr : { kind: 'cidr', cidr };
      });
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return each((v) => {
        if (v.kind === 'compare' && v.op === 'eq' && v.timePart !== undefined) return { ...v, op: mod };
        if (v.kind !== 'text') return wrongType(v);
        const n = toNumber(v.raw);
        return n === undefined ? `'${v.raw}' is not a number (needed by '${mod}')` : { kind: 'compare', op: mod, value: n };
      });
    case 'minute':
    case 'hour':
    case 'day':
    case 'week':
    case 'month':
    case 'year':
      return each((v) => {
        if (v.kind !== 'text') return wrongType(v);
        const n = toNumber(v.raw);
        if (n === undefined || !Number.isInteger(n)) return `'${v.raw}' is not a whole number (needed by '${mod}')`;
        return { kind: 'compare', op: 'eq', value: n, timePart: mod };
      });
    case 'fieldref':
      return each((v) => {
        if (v.kind !== 'text') return wrongType(v);
        if (!isPlain(v.parts)) return `field reference '${v.raw}' must not contain wildcards`;
        return { kind: 'fieldref', field: plainText(v.parts), start: false, end: false, cased: v.cased };
      });
    case 'base64':
    case 'base64offset':
      return each((v) => {
        if (v.kind !== 'text') return wrongType(v);
        if (!isPlain(v.parts)) return `${mod} encoding of a value with wildcards or placeholders is not allowed ('${v.raw}')`;
        const text = plainText(v.parts);
        const encoded = mod === 'base64' ? [base64(text, v.encoding)] : base64Offsets(text, v.encoding);
        return encoded.map((e) => ({ kind: 'text', raw: e, parts: [e], cased: v.cased, encoding: 'text' }) as const);
      });
    case 'wide':
    case 'utf16le':
    case 'utf16be':
    case 'utf16':
      return each((v) => {
        if (v.kind !== 'text') return wrongType(v);
        if (v.encoding === 'binary') return `'${mod}' applied to an already encoded value`;
        const order = mod === 'utf16be' ? 'be' : 'le';
        const parts: StringPart[] = v.parts.map((p) => (typeof p === 'string' ? utf16(p, order) : p));
        if (mod === 'utf16') parts.unshift(UTF16_LE_BOM);
        return { ...v, parts, encoding: 'binary' };
      });
    case 'windash':
      return each((v) => {
        if (v.kind !== 'text') return wrongType(v);
        const dashes = v.parts.reduce((n, p) => n + (typeof p === 'string' ? countDashes(p) : 0), 0);
        if (dashes === 0) return v;
        if (5 ** dashes > MAX_WINDASH_PERMUTATIONS) return { ...v, dashClass: true };
        return expandParts(v.parts).map((parts) => ({ ...v, parts }));
      });
    case 'expand':
      return each((v) => {
        if (v.kind !== 'text') return wrongType(v);
        if (!hasPlaceholders(v.parts)) {
          state.warnings.push(`'${key}': 'expand' on a value without placeholders`);
          return v;
        }
        const expanded = expandPlaceholders(v.parts, placeholders);
        return typeof expanded === 'string' ? expanded : expanded.map((parts) => ({ ...v, parts }));
      });
  }
}

/** windash permutations over the literal parts of a value (wildcards stay where they are). */
function expandParts(parts: readonly StringPart[]): StringPart[][] {
  let results: StringPart[][] = [[]];
  for (const p of parts) {
    if (typeof p !== 'string') {
      results = results.map((r) => [...r, p]);
      continue;
    }
    const variants = windashPermutations(p);
    const next: StringPart[][] = [];
    for (const r of results) for (const variant of variants) next.push([...r, variant]);
    results = next;
  }
  return results;
}

/** Replaces each `%name%` with each of its configured values (values may carry wildcards). */
function expandPlaceholders(parts: readonly StringPart[], placeholders: Placeholders): StringPart[][] | string {
  let results: StringPart[][] = [[]];
  for (const p of parts) {
    if (!isPlaceholder(p)) {
      results = results.map((r) => [...r, p]);
      continue;
    }
    const replacement = Object.hasOwn(placeholders, p.placeholder) ? placeholders[p.placeholder] : undefined;
    if (replacement === undefined) return `unknown placeholder '%${p.placeholder}%' (define it in the placeholders configuration)`;
    if (replacement.length === 0) return `placeholder '%${p.placeholder}%' has no values`;
    const next: StringPart[][] = [];
    for (const r of results) for (const value of replacement) next.push([...r, ...parseSigmaString(value)]);
    results = next;
  }
  return results;
}

export function toNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** True when a value still needs wildcard matching (used by tests and statistics). */
export const isWildcardValue = (v: MatchValue): boolean => v.kind === 'string' && hasWildcards(v.parts);
