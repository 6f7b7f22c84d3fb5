import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LITERAL_OPS, SubstringIndex, type LiteralOp, type Needle } from './substring-index.ts';

const naive = (text: string, op: LiteralOp, needle: string): boolean =>
  op === 'eq' ? text === needle : op === 'prefix' ? text.startsWith(needle) : op === 'suffix' ? text.endsWith(needle) : text.includes(needle);

/** A small deterministic generator so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function found(index: SubstringIndex, text: string, count: number): Set<number> {
  const hits = new Uint32Array(count);
  const list: number[] = [];
  index.scan(text, hits, 7, list);
  assert.deepEqual(new Set(list), new Set([...hits.keys()].filter((i) => hits[i] === 7)), 'found lists what was stamped');
  return new Set([...hits.keys()].filter((i) => hits[i] === 7));
}

void describe('SubstringIndex', () => {
  void test('finds exactly what startsWith/endsWith/includes/=== would, for every op mix', () => {
    const alphabet = 'ab\\.c\u00e9\u4e2d';
    for (let seed = 1; seed <= 40; seed++) {
      const rand = rng(seed);
      const word = (max: number): string => {
        let w = '';
        const len = 1 + Math.floor(rand() * max);
        for (let i = 0; i < len; i++) w += alphabet.charAt(Math.floor(rand() * alphabet.length));
        return w;
      };
      const needles: Needle[] = [];
      const onlyAnchored = seed % 3 === 0; // no `contains`: the trie path instead of the automaton
      for (let i = 0; i < 30; i++) {
        const ops = onlyAnchored ? LITERAL_OPS.filter((o) => o !== 'contains') : LITERAL_OPS;
        needles.push({ id: i, op: ops[Math.floor(rand() * ops.length)] as LiteralOp, text: word(4) });
      }
      const index = new SubstringIndex(needles, seed % 2 === 0 ? 0 : undefined); // even seeds: sparse automaton
      for (let t = 0; t < 60; t++) {
        const text = t % 10 === 0 ? (needles[t % needles.length] as Needle).text : word(14);
        const expected = new Set(needles.filter((n) => naive(text, n.op, n.text)).map((n) => n.id));
        assert.deepEqual(found(index, text, needles.length), expected, `seed ${seed}, text ${JSON.stringify(text)}`);
      }
    }
  });

  void test('overlapping needles and needles that are suffixes of others are all reported', () => {
    const needles: Needle[] = [
      { id: 0, op: 'contains', text: 'he' },
      { id: 1, op: 'contains', text: 'she' },
      { id: 2, op: 'contains', text: 'his' },
      { id: 3, op: 'contains', text: 'hers' },
      { id: 4, op: 'suffix', text: 'rs' },
      { id: 5, op: 'prefix', text: 'us' },
      { id: 6, op: 'eq', text: 'ushers' },
    ];
    assert.deepEqual(found(new SubstringIndex(needles), 'ushers', 7), new Set([0, 1, 3, 4, 5, 6]));
    assert.deepEqual(found(new SubstringIndex(needles, 0), 'ushers', 7), new Set([0, 1, 3, 4, 5, 6]), 'sparse automaton');
  });

  void test('stamps only: a later scan with another stamp leaves earlier stamps alone', () => {
    const index = new SubstringIndex([{ id: 0, op: 'contains', text: 'x' }]);
    const hits = new Uint32Array(1);
    index.scan('axb', hits, 1, []);
    index.scan('nothing', hits, 2, []);
    assert.equal(hits[0], 1);
  });

  void test('the regex prefilter gives the same answers, before and after it switches itself off', () => {
    const needles: Needle[] = [
      { id: 0, op: 'contains', text: 'mimikatz' },
      { id: 1, op: 'contains', text: 'a' },
    ];
    const index = new SubstringIndex(needles);
    for (let i = 0; i < 600; i++) {
      const text = i % 2 === 0 ? `value ${i}` : `x${i}`;
      assert.deepEqual(found(index, text, 2), new Set(text.includes('a') ? [1] : []));
    }
    assert.deepEqual(found(index, 'run mimikatz', 2), new Set([0, 1]));
    assert.deepEqual(found(index, 'mimiKATZ', 2), new Set([]), 'needles are matched as given (callers lowercase)');
  });
});
