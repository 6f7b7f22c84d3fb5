/**
 * Shared literal search for one field: an Aho–Corasick automaton over every literal that the rules of a
 * route test on that field (equals, startswith, endswith, contains). One pass over the (lowercased) field
 * value marks every needle found, so a thousand rules asking for a thousand substrings of CommandLine cost
 * one scan of CommandLine plus one array read per needle, instead of a thousand `indexOf` calls.
 *
 * Hits are recorded by stamping `hits[needleId] = stamp` (the evaluation epoch), so nothing has to be
 * cleared between events.
 */

export const LITERAL_OPS = ['eq', 'prefix', 'suffix', 'contains'] as const;
export type LiteralOp = (typeof LITERAL_OPS)[number];

export interface Needle {
  readonly id: number;
  readonly op: LiteralOp;
  /** Non-empty; already lowercased by the caller when matching is case-insensitive. */
  readonly text: string;
}

const OP_CODE: Readonly<Record<LiteralOp, number>> = { eq: 0, prefix: 1, suffix: 2, contains: 3 };

/** Aho–Corasick as a full DFA over character classes: one table read per character scanned. */
class Automaton {
  readonly needleCount: number;
  /** Number of automaton states (trie nodes). */
  readonly states: number;
  /** Character → class (0: a character no needle has); ASCII/Latin-1 in a table, the rest in a map. */
  private readonly lowClass: Uint8Array | Uint16Array;
  private readonly highClass: ReadonlyMap<number, number>;
  private readonly classes: number;
  /** Full transition table (a DFA): delta[state * classes + class]. */
  private readonly delta: Int32Array;
  /** Nearest state on the failure chain (itself included) that ends a needle, or 0 for none. */
  private readonly report: Int32Array;
  private readonly dict: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outId: Int32Array;
  private readonly outOp: Uint8Array;
  private readonly outLen: Int32Array;

  constructor(needles: readonly Needle[]) {
    this.needleCount = needles.length;
    // Character classes: one per distinct character used by some needle.
    const classOf = new Map<number, number>();
    for (const needle of needles) {
      for (let i = 0; i < needle.text.length; i++) {
        const c = needle.text.charCodeAt(i);
        if (!classOf.has(c)) classOf.set(c, classOf.size + 1);
      }
    }
    const k = classOf.size + 1;
    this.classes = k;
    this.lowClass = k < 256 ? new Uint8Array(256) : new Uint16Array(256);
    const high = new Map<number, number>();
    for (const [c, cls] of classOf) {
      if (c < 256) this.lowClass[c] = cls;
      else high.set(c, cls);
    }
    this.highClass = high;

    // Trie over classes: children as (class, state) pairs per state.
    const children: number[][] = [[]];
    const own: number[][] = [[]];
    needles.forEach((needle, index) => {
      let node = 0;
      for (let i = 0; i < needle.text.length; i++) {
        const cls = classOf.get(needle.text.charCodeAt(i)) as number;
        const kids = children[node] as number[];
        let next = -1;
        for (let j = 0; j < kids.length; j += 2) if (kids[j] === cls) next = kids[j + 1] as number;
        if (next < 0) {
          next = own.length;
          own.push([]);
          children.push([]);
          kids.push(cls, next);
        }
        node = next;
      }
      (own[node] as number[]).push(index);
    });
    const n = own.length;
    this.states = n;

    // Breadth first: a state's row starts as a copy of its failure state's row (already final, being
    // shallower), then its own children override it.
    const fail = new Int32Array(n);
    this.delta = new Int32Array(n * k);
    this.report = new Int32Array(n);
    this.dict = new Int32Array(n);
    const order: number[] = [0];
    for (let q = 0; q < order.length; q++) {
      const st = order[q] as number;
      const f = fail[st] as number;
      if (st !== 0) {
        this.delta.copyWithin(st * k, f * k, f * k + k);
        this.dict[st] = (own[f] as number[]).length > 0 ? f : (this.dict[f] as number);
        this.report[st] = (own[st] ?? []).length > 0 ? st : this.dict[st];
      }
      const kids = children[st] as number[];
      for (let j = 0; j < kids.length; j += 2) {
        const cls = kids[j] as number;
        const child = kids[j + 1] as number;
        fail[child] = st === 0 ? 0 : (this.delta[f * k + cls] as number);
        this.delta[st * k + cls] = child;
        order.push(child);
      }
    }

    this.outStart = new Int32Array(n + 1);
    let outs = 0;
    for (let st = 0; st < n; st++) {
      this.outStart[st] = outs;
      outs += (own[st] as number[]).length;
    }
    this.outStart[n] = outs;
    this.outId = new Int32Array(outs);
    this.outOp = new Uint8Array(outs);
    this.outLen = new Int32Array(outs);
    for (let st = 0; st < n; st++) {
      let o = this.outStart[st] as number;
      for (const index of own[st] as number[]) {
        const needle = needles[index] as Needle;
        this.outId[o] = needle.id;
        this.outOp[o] = OP_CODE[needle.op];
        this.outLen[o] = needle.text.length;
        o++;
      }
    }
  }

  /** Stamps `hits[id] = stamp` for every needle found in `text` under its operation. */
  scan(text: string, hits: Uint32Array, stamp: number, found: number[]): void {
    const { lowClass, highClass, classes, delta, report, dict, outStart, outId, outOp, outLen } = this;
    const n = text.length;
    const last = n - 1;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      s = delta[s * classes + (c < 256 ? (lowClass[c] as number) : (highClass.get(c) ?? 0))] as number;
      let o = report[s] as number;
      while (o !== 0) {
        const end = outStart[o + 1] as number;
        for (let j = outStart[o] as number; j < end; j++) {
          const op = outOp[j];
          const atStart = i + 1 === outLen[j];
          if (op === 3 || (op === 1 ? atStart : op === 2 ? i === last : atStart && i === last)) {
            const id = outId[j] as number;
            if (hits[id] !== stamp) {
              hits[id] = stamp;
              found.push(id);
            }
          }
        }
        o = dict[o] as number;
      }
    }
  }
}

/**
 * Aho–Corasick with sparse transitions (children in sorted arrays, failure links), for large needle sets
 * whose full DFA table would not stay in cache: memory grows with the needles' total length only.
 */
class SparseAutomaton {
  private readonly rootNext: Int32Array;
  private readonly edgeStart: Int32Array;
  private readonly edgeChar: Uint16Array;
  private readonly edgeNext: Int32Array;
  private readonly fail: Int32Array;
  private readonly report: Int32Array;
  private readonly dict: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outId: Int32Array;
  private readonly outOp: Uint8Array;
  private readonly outLen: Int32Array;

  constructor(needles: readonly Needle[]) {
    const children: Map<number, number>[] = [new Map<number, number>()];
    const own: number[][] = [[]];
    needles.forEach((needle, index) => {
      let node = 0;
      for (let i = 0; i < needle.text.length; i++) {
        const c = needle.text.charCodeAt(i);
        const kids = children[node] as Map<number, number>;
        let next = kids.get(c);
        if (next === undefined) {
          next = children.length;
          kids.set(c, next);
          children.push(new Map());
          own.push([]);
        }
        node = next;
      }
      (own[node] as number[]).push(index);
    });
    const n = children.length;
    this.edgeStart = new Int32Array(n + 1);
    let edges = 0;
    for (let st = 0; st < n; st++) {
      this.edgeStart[st] = edges;
      edges += (children[st] as Map<number, number>).size;
    }
    this.edgeStart[n] = edges;
    this.edgeChar = new Uint16Array(edges);
    this.edgeNext = new Int32Array(edges);
    for (let st = 0; st < n; st++) {
      let e = this.edgeStart[st] as number;
      for (const [c, next] of [...(children[st] as Map<number, number>)].sort((a, b) => a[0] - b[0])) {
        this.edgeChar[e] = c;
        this.edgeNext[e] = next;
        e++;
      }
    }
    this.rootNext = new Int32Array(256).fill(-1);
    for (const [c, next] of children[0] as Map<number, number>) if (c < 256) this.rootNext[c] = next;
    this.fail = new Int32Array(n);
    this.report = new Int32Array(n);
    this.dict = new Int32Array(n);
    const order: number[] = [...(children[0] as Map<number, number>).values()];
    for (let q = 0; q < order.length; q++) {
      const st = order[q] as number;
      const f = this.fail[st] as number;
      this.dict[st] = (own[f] ?? []).length > 0 ? f : (this.dict[f] as number);
      this.report[st] = (own[st] ?? []).length > 0 ? st : this.dict[st];
      for (const [c, child] of children[st] as Map<number, number>) {
        let g = f;
        let target = this.step(g, c);
        while (target < 0 && g !== 0) {
          g = this.fail[g] as number;
          target = this.step(g, c);
        }
        this.fail[child] = target < 0 ? 0 : target;
        order.push(child);
      }
    }
    this.outStart = new Int32Array(n + 1);
    let outs = 0;
    for (let st = 0; st < n; st++) {
      this.outStart[st] = outs;
      outs += (own[st] ?? []).length;
    }
    this.outStart[n] = outs;
    this.outId = new Int32Array(outs);
    this.outOp = new Uint8Array(outs);
    this.outLen = new Int32Array(outs);
    for (let st = 0; st < n; st++) {
      let o = this.outStart[st] as number;
      for (const index of own[st] ?? []) {
        const needle = needles[index] as Needle;
        this.outId[o] = needle.id;
        this.outOp[o] = OP_CODE[needle.op];
        this.outLen[o] = needle.text.length;
        o++;
      }
    }
  }

  /** The child of `st` on character `c`, or -1. */
  private step(st: number, c: number): number {
    if (st === 0 && c < 256) return this.rootNext[c] as number;
    let lo = this.edgeStart[st] as number;
    let hi = (this.edgeStart[st + 1] as number) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const mc = this.edgeChar[mid] as number;
      if (mc === c) return this.edgeNext[mid] as number;
      if (mc < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  scan(text: string, hits: Uint32Array, stamp: number, found: number[]): void {
    const { fail, report, dict, outStart, outId, outOp, outLen } = this;
    const n = text.length;
    const last = n - 1;
    let st = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      for (;;) {
        const next = this.step(st, c);
        if (next >= 0) {
          st = next;
          break;
        }
        if (st === 0) break;
        st = fail[st] as number;
      }
      let o = report[st] as number;
      while (o !== 0) {
        const end = outStart[o + 1] as number;
        for (let j = outStart[o] as number; j < end; j++) {
          const op = outOp[j];
          const atStart = i + 1 === outLen[j];
          if (op === 3 || (op === 1 ? atStart : op === 2 ? i === last : atStart && i === last)) {
            const id = outId[j] as number;
            if (hits[id] !== stamp) {
              hits[id] = stamp;
              found.push(id);
            }
          }
        }
        o = dict[o] as number;
      }
    }
  }
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
  private readonly automaton: Automaton | SparseAutomaton | undefined;
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
      this.automaton = cells <= maxDfaCells ? new Automaton(rest) : new SparseAutomaton(rest);
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
