/**
 * Shared literal search for one field: every literal that the rules of a route test on that field
 * (equals, startswith, endswith, contains) is found in one pass over the (lowercased) value, so a thousand
 * rules asking for a thousand substrings of CommandLine cost one scan of CommandLine plus one array read
 * per needle, instead of a thousand `indexOf` calls. Equality is a hash lookup, prefixes and suffixes a
 * trie walk from either end, `contains` an Aho–Corasick automaton (aho-corasick.ts).
 *
 * Hits are recorded by stamping `hits[needleId] = stamp` (the evaluation epoch), so nothing has to be
 * cleared between events.
 */

import { DfaAutomaton, SparseAutomaton } from './aho-corasick.ts';

export const LITERAL_OPS = ['eq', 'prefix', 'suffix', 'contains'] as const;
export type LiteralOp = (typeof LITERAL_OPS)[number];

export interface Needle {
  readonly id: number;
  readonly op: LiteralOp;
  /** Non-empty; already lowercased by the caller when matching is case-insensitive. */
  readonly text: string;
}

/** A trie walked from one end of the value: prefix needles from the start, suffix needles from the end. */
interface TrieNode {
  readonly next: Map<number, TrieNode>;
  ids: number[] | undefined;
}

function buildTrie(texts: readonly { text: string; id: number }[], reverse: boolean): TrieNode {
  const root: TrieNode = { next: new Map(), ids: undefined };
  for (const { text, id } of texts) {
    let node = root;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(reverse ? text.length - 1 - i : i);
      let child = node.next.get(c);
      if (child === undefined) node.next.set(c, (child = { next: new Map(), ids: undefined }));
      node = child;
    }
    (node.ids ??= []).push(id);
  }
  return root;
}

function mark(ids: readonly number[], hits: Uint32Array, stamp: number, found: number[]): void {
  for (const id of ids)
    if (hits[id] !== stamp) {
      hits[id] = stamp;
      found.push(id);
    }
}

function walk(root: TrieNode, text: string, reverse: boolean, hits: Uint32Array, stamp: number, found: number[]): void {
  let node: TrieNode | undefined = root;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    node = node.next.get(text.charCodeAt(reverse ? n - 1 - i : i));
    if (node === undefined) return;
    if (node.ids !== undefined) mark(node.ids, hits, stamp, found);
  }
}

const MAX_PREFILTER_NEEDLES = 48;
/** Upper bound on states × character classes for the full DFA (4 bytes each). */
const MAX_DFA_CELLS = 2_000_000;
const PREFILTER_TRIAL = 256;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * The literal index of one field in one route. Equality needles are one hash lookup. When the field has
 * `contains` needles, one automaton pass finds them together with the prefix and suffix needles; without
 * them, prefix and suffix needles are found by walking a trie from each end of the value, which stops at
 * the first character no needle continues with.
 */
export class SubstringIndex {
  readonly needleCount: number;
  private readonly eq: ReadonlyMap<string, readonly number[]>;
  private readonly automaton: DfaAutomaton | SparseAutomaton | undefined;
  /**
   * A native regular expression over the automaton's needles, tried first: when no needle occurs at all
   * (the usual case for rare keywords searched across a whole event) it answers faster than the
   * automaton. Used for small needle sets only, and dropped when it turns out to pass most values.
   */
  private prefilter: RegExp | undefined;
  private prefilterTests = 0;
  private prefilterPasses = 0;
  private readonly prefixes: TrieNode | undefined;
  private readonly suffixes: TrieNode | undefined;

  constructor(needles: readonly Needle[], maxDfaCells = MAX_DFA_CELLS) {
    this.needleCount = needles.length;
    const eq = new Map<string, number[]>();
    for (const n of needles) {
      if (n.text === '') throw new Error('SubstringIndex: empty needle');
      if (n.op === 'eq') {
        const list = eq.get(n.text);
        if (list === undefined) eq.set(n.text, [n.id]);
        else list.push(n.id);
      }
    }
    this.eq = eq;
    const rest = needles.filter((n) => n.op !== 'eq');
    if (rest.some((n) => n.op === 'contains')) {
      // A full DFA while its table stays small enough to live in cache; sparse transitions beyond.
      const chars = new Set<number>();
      for (const n of rest) for (let i = 0; i < n.text.length; i++) chars.add(n.text.charCodeAt(i));
      const cells = (rest.reduce((sum, n) => sum + n.text.length, 0) + 1) * (chars.size + 1);
      this.automaton = cells <= maxDfaCells ? new DfaAutomaton(rest) : new SparseAutomaton(rest);
      const texts = [...new Set(rest.map((n) => n.text))];
      if (texts.length <= MAX_PREFILTER_NEEDLES) this.prefilter = new RegExp(texts.map(escapeRegex).join('|'));
    } else {
      const pre = rest.filter((n) => n.op === 'prefix');
      const suf = rest.filter((n) => n.op === 'suffix');
      if (pre.length > 0) this.prefixes = buildTrie(pre, false);
      if (suf.length > 0) this.suffixes = buildTrie(suf, true);
    }
  }

  /**
   * Stamps `hits[id] = stamp` for every needle found in `text` under its operation, and appends the ids
   * newly stamped to `found`.
   */
  scan(text: string, hits: Uint32Array, stamp: number, found: number[]): void {
    const exact = this.eq.get(text);
    if (exact !== undefined) mark(exact, hits, stamp, found);
    if (this.automaton !== undefined && this.passes(text)) this.automaton.scan(text, hits, stamp, found);
    if (this.prefixes !== undefined) walk(this.prefixes, text, false, hits, stamp, found);
    if (this.suffixes !== undefined) walk(this.suffixes, text, true, hits, stamp, found);
  }

  private passes(text: string): boolean {
    const re = this.prefilter;
    if (re === undefined) return true;
    const pass = re.test(text);
    if (++this.prefilterTests === PREFILTER_TRIAL) {
      if (this.prefilterPasses > PREFILTER_TRIAL / 2) this.prefilter = undefined;
    } else if (pass) this.prefilterPasses++;
    return pass;
  }
}
