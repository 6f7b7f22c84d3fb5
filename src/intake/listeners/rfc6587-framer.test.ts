import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameRejection } from './rfc6587-framer.ts';
import { Rfc6587Framer } from './rfc6587-framer.ts';

interface Run {
  readonly frames: string[];
  readonly rejections: FrameRejection[];
  readonly framer: Rfc6587Framer;
}

function framer(max = 64): Run {
  const frames: string[] = [];
  const rejections: FrameRejection[] = [];
  const f = new Rfc6587Framer(max, {
    frame: (b) => frames.push(b.toString('utf8')),
    reject: (r) => rejections.push(r),
  });
  return { frames, rejections, framer: f };
}

const octet = (msg: string): string => `${Buffer.byteLength(msg)} ${msg}`;

// A stream mixing both framings, multibyte UTF-8, a stray LF after an octet frame, CRLF, and lines that
// start with digits but are not octet counts.
const MESSAGES = [
  '<13>1 2025-01-01T00:00:00Z host app - - - first',
  '<14>Jan  1 00:00:00 host sshd[42]: déjà vu ✓',
  '<34>1 2025-01-01T00:00:01Z h su - ID47 - with\nembedded newline',
  '2025-01-01 plain line starting with a date',
  '<165>octet counted again',
  '1234567890123 digits but too many for a length',
];
const STREAM = Buffer.from(
  [
    octet(MESSAGES[0] ?? ''),
    `${MESSAGES[1] ?? ''}\r\n`,
    `${octet(MESSAGES[2] ?? '')}\n`,
    `${MESSAGES[3] ?? ''}\n`,
    octet(MESSAGES[4] ?? ''),
    `${MESSAGES[5] ?? ''}\n`,
  ].join(''),
  'utf8',
);

void test('mixed framings in one stream, delivered whole', () => {
  const r = framer();
  r.framer.push(STREAM);
  assert.deepEqual(r.frames, MESSAGES);
  assert.deepEqual(r.rejections, []);
  assert.equal(r.framer.buffered, 0);
});

void test('the same stream split at every byte boundary, and byte by byte, gives the same messages', () => {
  for (let cut = 1; cut < STREAM.length; cut++) {
    const r = framer();
    r.framer.push(STREAM.subarray(0, cut));
    r.framer.push(STREAM.subarray(cut));
    assert.deepEqual(r.frames, MESSAGES, `split at byte ${cut}`);
  }
  const r = framer();
  for (let i = 0; i < STREAM.length; i++) r.framer.push(STREAM.subarray(i, i + 1));
  assert.deepEqual(r.frames, MESSAGES);
});

void test('an oversized octet-counted frame is skipped without being buffered, the next one is kept', () => {
  const r = framer(16);
  const big = `<13>${'x'.repeat(100)}`;
  const stream = Buffer.from(`${octet(big)}${octet('<13>ok')}`);
  for (let i = 0; i < stream.length; i += 7) {
    r.framer.push(stream.subarray(i, i + 7));
    assert.ok(r.framer.buffered <= 16 + 10, 'never holds more than a frame');
  }
  assert.deepEqual(r.frames, ['<13>ok']);
  assert.deepEqual(r.rejections, [{ reason: 'oversized', framing: 'octet-counting', bytes: 104 }]);
});

void test('an oversized line is skipped up to its LF, with or without the LF in the same chunk', () => {
  const r = framer(16);
  r.framer.push(Buffer.from(`<13>${'y'.repeat(30)}\n<13>fits\n`));
  r.framer.push(Buffer.from(`<13>${'z'.repeat(10)}`));
  r.framer.push(Buffer.from('z'.repeat(20)));
  assert.ok(r.framer.buffered <= 16);
  r.framer.push(Buffer.from('zz\n<13>after\n'));
  assert.deepEqual(r.frames, ['<13>fits', '<13>after']);
  assert.equal(r.rejections.length, 2);
  assert.ok(r.rejections.every((x) => x.reason === 'oversized' && x.framing === 'newline'));
});

void test('a connection ending mid octet frame reports it truncated; a clean end delivers an unterminated line', () => {
  const r = framer();
  r.framer.push(Buffer.from('40 <13>only part'));
  r.framer.end(true);
  assert.deepEqual(r.frames, []);
  assert.deepEqual(r.rejections, [{ reason: 'truncated', framing: 'octet-counting', bytes: 40 }]);

  const clean = framer();
  clean.framer.push(Buffer.from('<13>a\n<13>last without LF'));
  clean.framer.end(true);
  assert.deepEqual(clean.frames, ['<13>a', '<13>last without LF']);

  const reset = framer();
  reset.framer.push(Buffer.from('<13>a\n<13>cut by a reset'));
  reset.framer.end(false);
  assert.deepEqual(reset.frames, ['<13>a']);
  assert.deepEqual(reset.rejections, [{ reason: 'truncated', framing: 'newline', bytes: 18 }]);
});

void test('NUL ends a message as LF does (senders that use NUL as the trailer)', () => {
  const r = framer();
  r.framer.push(Buffer.from('<13>a\u0000<13>b\u0000'));
  r.framer.push(Buffer.from(`${octet('<13>c')}<13>d\n`));
  assert.deepEqual(r.frames, ['<13>a', '<13>b', '<13>c', '<13>d']);
});

void test('separators between frames and empty lines carry nothing', () => {
  const r = framer();
  r.framer.push(Buffer.from(`\r\n\n${octet('<13>x')}\n\u0000\n\n<13>y\n`));
  assert.deepEqual(r.frames, ['<13>x', '<13>y']);
});

void test('random chunkings of a long mixed stream, oversized frames included, match the one-chunk result', () => {
  let seed = 42;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const parts: string[] = [];
  for (let i = 0; i < 300; i++) {
    const body = `<${i % 191}>msg ${i} ${'é'.repeat(rand(12))}${'w'.repeat(rand(i % 25 === 0 ? 120 : 30))}`;
    parts.push(rand(2) === 0 ? octet(body) : `${body}${rand(3) === 0 ? '\r\n' : '\n'}`);
  }
  const stream = Buffer.from(parts.join(''));
  const whole = framer(48);
  whole.framer.push(stream);
  assert.ok(whole.rejections.length > 0 && whole.frames.length > 200, 'the stream has both kinds');
  for (let round = 0; round < 50; round++) {
    const r = framer(48);
    for (let pos = 0; pos < stream.length; ) {
      const size = 1 + rand(round % 2 === 0 ? 9 : 200);
      r.framer.push(stream.subarray(pos, pos + size));
      pos += size;
    }
    assert.deepEqual(r.frames, whole.frames, `round ${round}`);
    assert.deepEqual(r.rejections.map((x) => x.framing), whole.rejections.map((x) => x.framing));
  }
});
