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

export class SubstringIndex {
  readonly needleCount: number;
  private readonly rootNext: Int32Array;
  private readonly edgeStart: Int32Array;
  private readonly edgeChar: Uint16Array;
  private readonly edgeNext: Int32Array;
  private readonly fail: Int32Array;
  /** Nearest node on the failure chain (itself included) that ends a needle, or 0 for none. */
  private readonly report: Int32Array;
  private readonly dict: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outId: Int32Array;
  private readonly outOp: Uint8Array;
  private readonly outLen: Int32Array;

  constructor(needles: readonly Needle[]) {
    this.needleCount = needles.length;
    const children: Map<number, number>[] = [new Map()];
    const own: number[][] = [[]];
    needles.forEach((needle, index) => {
      if (needle.text === '') throw new Error('SubstringIndex: empty needle');
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

    // Compact the trie: edges sorted by character, in one array per field.
    this.edgeStart = new Int32Array(n + 1);
    let edges = 0;
    for (let s = 0; s < n; s++) {
      this.edgeStart[s] = edges;
      edges += (children[s] as Map<number, number>).size;
    }
    this.edgeStart[n] = edges;
    this.edgeChar = new Uint16Array(edges);
    this.edgeNext = new Int32Array(edges);
    for (let s = 0; s < n; s++) {
      const sorted = [...(children[s] as Map<number, number>)].sort((a, b) => a[0] - b[0]);
      let e = this.edgeStart[s] as number;
      for (const [c, next] of sorted) {
        this.edgeChar[e] = c;
        this.edgeNext[e] = next;
        e++;
      }
    }
    this.rootNext = new Int32Array(256);
    for (const [c, next] of children[0] as Map<number, number>) if (c < 256) this.rootNext[c] = next;

    // Failure links, breadth first.
    this.fail = new Int32Array(n);
    const order: number[] = [];
    for (const next of (children[0] as Map<number, number>).values()) order.push(next);
    for (let q = 0; q < order.length; q++) {
      const s = order[q] as number;
      for (const [c, next] of children[s] as Map<number, number>) {
        let f = this.fail[s] as number;
        let target = this.step(f, c);
        while (target < 0 && f !== 0) {
          f = this.fail[f] as number;
          target = this.step(f, c);
        }
        this.fail[next] = target < 0 || target === next ? 0 : target;
        order.push(next);
      }
    }
    this.report = new Int32Array(n);
    this.dict = new Int32Array(n);
    for (const s of order) {
      const f = this.fail[s] as number;
      this.dict[s] = (own[f] as number[]).length > 0 ? f : (this.dict[f] as number);
      this.report[s] = (own[s] as number[]).length > 0 ? s : (this.dict[s] as number);
    }

    this.outStart = new Int32Array(n + 1);
    let outs = 0;
    for (let s = 0; s < n; s++) {
      this.outStart[s] = outs;
      outs += (own[s] as number[]).length;
    }
    this.outStart[n] = outs;
    this.outId = new Int32Array(outs);
    this.outOp = new Uint8Array(outs);
    this.outLen = new Int32Array(outs);
    for (let s = 0; s < n; s++) {
      let o = this.outStart[s] as number;
      for (const index of own[s] as number[]) {
        const needle = needles[index] as Needle;
        this.outId[o] = needle.id;
        this.outOp[o] = OP_CODE[needle.op];
        this.outLen[o] = needle.text.length;
        o++;
      }
    }
  }

  /** The child of `s` on character `c`, or -1. */
  private step(s: number, c: number): number {
    if (s === 0 && c < 256) {
      const r = this.rootNext[c] as number;
      return r === 0 ? -1 : r;
    }
    let lo = this.edgeStart[s] as number;
    let hi = (this.edgeStart[s + 1] as number) - 1;
    if (hi - lo < 8) {
      for (; lo <= hi; lo++) if (this.edgeChar[lo] === c) return this.edgeNext[lo] as number;
      return -1;
    }
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const mc = this.edgeChar[mid] as number;
      if (mc === c) return this.edgeNext[mid] as number;
      if (mc < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Stamps `hits[id] = stamp` for every needle found in `text` under its operation. */
  scan(text: string, hits: Uint32Array, stamp: number): void {
    const n = text.length;
    const last = n - 1;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      for (;;) {
        const next = this.step(s, c);
        if (next >= 0) {
          s = next;
          break;
        }
        if (s === 0) break;
        s = this.fail[s] as number;
      }
      let o = this.report[s] as number;
      while (o !== 0) {
        const end = this.outStart[o + 1] as number;
        for (let k = this.outStart[o] as number; k < end; k++) {
          const op = this.outOp[k];
          if (op === 3) hits[this.outId[k] as number] = stamp;
          else {
            const atStart = i + 1 === this.outLen[k];
            if (op === 1 ? atStart : op === 2 ? i === last : atStart && i === last) hits[this.outId[k] as number] = stamp;
          }
        }
        o = this.dict[o] as number;
      }
    }
  }
}
