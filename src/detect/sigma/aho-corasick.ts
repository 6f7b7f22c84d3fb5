/**
 * Aho–Corasick automata over the non-equality needles of one field (see substring-index.ts): a full DFA
 * over character classes while its table is small enough to stay in cache, sparse transitions with
 * failure links beyond. Both stamp each needle found under its operation (prefix: the match starts the
 * value; suffix: it ends it; contains: anywhere) and list the ids newly stamped.
 */
import type { LiteralOp, Needle } from './substring-index.ts';

const OP_CODE: Readonly<Record<LiteralOp, number>> = { eq: 0, prefix: 1, suffix: 2, contains: 3 };

/** Aho–Corasick as a full DFA over character classes: one table read per character scanned. */
export class DfaAutomaton {
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
  /** What each state reports: see stampOutputs. */
  private readonly outputs: Outputs;

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

    this.outputs = { dict: this.dict, ...outputTables(own, needles) };
  }

  /** Stamps `hits[id] = stamp` for every needle found in `text` under its operation. */
  scan(text: string, hits: Uint32Array, stamp: number, found: number[]): void {
    const { lowClass, highClass, classes, delta, report } = this;
    const n = text.length;
    const last = n - 1;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      s = delta[s * classes + (c < 256 ? (lowClass[c] as number) : (highClass.get(c) ?? 0))] as number;
      const o = report[s] as number;
      if (o !== 0) stampOutputs(this.outputs, o, i, last, hits, stamp, found);
    }
  }
}

/**
 * Aho–Corasick with sparse transitions (children in sorted arrays, failure links), for large needle sets
 * whose full DFA table would not stay in cache: memory grows with the needles' total length only.
 */
export class SparseAutomaton {
  private readonly rootNext: Int32Array;
  private readonly edgeStart: Int32Array;
  private readonly edgeChar: Uint16Array;
  private readonly edgeNext: Int32Array;
  private readonly fail: Int32Array;
  private readonly report: Int32Array;
  private readonly dict: Int32Array;
  /** What each state reports: see stampOutputs. */
  private readonly outputs: Outputs;

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
    this.outputs = { dict: this.dict, ...outputTables(own, needles) };
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
    const { fail, report } = this;
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
      const o = report[st] as number;
      if (o !== 0) stampOutputs(this.outputs, o, i, last, hits, stamp, found);
    }
  }
}

/** The output lists of an automaton's states: needles ending there, with their operation and length. */
interface Outputs {
  readonly dict: Int32Array;
  readonly outStart: Int32Array;
  readonly outId: Int32Array;
  readonly outOp: Uint8Array;
  readonly outLen: Int32Array;
}

/**
 * Stamps the needles output at state `o` (and along its dictionary links) that match at position `i`:
 * op 3 contains, 1 starts with (the needle began at 0), 2 ends with (`i` is the last position), else equals.
 */
function stampOutputs(out: Outputs, o: number, i: number, last: number, hits: Uint32Array, stamp: number, found: number[]): void {
  const { dict, outStart, outId, outOp, outLen } = out;
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

/** Each state's own needles as flat arrays: `outStart[st]..outStart[st + 1]` index their id, operation and length. */
function outputTables(own: readonly (readonly number[] | undefined)[], needles: readonly Needle[]): Omit<Outputs, 'dict'> {
  const n = own.length;
  const outStart = new Int32Array(n + 1);
  let outs = 0;
  for (let st = 0; st < n; st++) {
    outStart[st] = outs;
    outs += (own[st] ?? []).length;
  }
  outStart[n] = outs;
  const outId = new Int32Array(outs);
  const outOp = new Uint8Array(outs);
  const outLen = new Int32Array(outs);
  for (let st = 0; st < n; st++) {
    let o = outStart[st] as number;
    for (const index of own[st] ?? []) {
      const needle = needles[index] as Needle;
      outId[o] = needle.id;
      outOp[o] = OP_CODE[needle.op];
      outLen[o] = needle.text.length;
      o++;
    }
  }
  return { outStart, outId, outOp, outLen };
}
