import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFrameDecoder, decodeDatagram, encodeOctetCounted, takeFrames } from './framing.ts';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

void test('octet counting counts bytes, not characters (UTF-8 message with BOM)', () => {
  const msg = '<13>1 2024-05-01T10:00:00Z h a - - - \uFEFFgrüße, 東京';
  const framed = encodeOctetCounted(msg);
  assert.equal(framed.toString('utf8', 0, framed.indexOf(32)), String(Buffer.byteLength(msg)));
  const r = takeFrames(Buffer.concat([framed, encodeOctetCounted('<13>second'), framed]));
  assert.deepEqual(r.frames, [msg, '<13>second', msg]);
  assert.equal(r.rest.length, 0);
  assert.deepEqual(r.errors, []);
});

void test('non-transparent framing: LF, CRLF and NUL delimiters; an unterminated tail is kept', () => {
  const r = takeFrames(b('<13>one\n<13>two\r\n<13>three\0<13>fou'));
  assert.deepEqual(r.frames, ['<13>one', '<13>two', '<13>three']);
  assert.equal(r.rest.toString(), '<13>fou');
  const end = takeFrames(r.rest, { final: true });
  assert.deepEqual(end.frames, ['<13>fou']);
});

void test('mixed framing on one stream, and a delimited message that starts with a digit', () => {
  const stream = Buffer.concat([encodeOctetCounted('<13>counted one'), b('<13>lf one\n'), b('2024-05-01 plain log line\n'), encodeOctetCounted('x')]);
  assert.deepEqual(takeFrames(stream).frames, ['<13>counted one', '<13>lf one', '2024-05-01 plain log line', 'x']);
});

void test('a frame split across chunks at every byte boundary comes out whole, once', () => {
  const stream = Buffer.concat([encodeOctetCounted('<13>1 - h a - - - first'), b('<13>second\n'), encodeOctetCounted('<13>third ü')]);
  for (let cut = 1; cut < stream.length; cut++) {
    const d = createFrameDecoder();
    const out = [...d.push(stream.subarray(0, cut)).frames, ...d.push(stream.subarray(cut)).frames, ...d.end().frames];
    assert.deepEqual(out, ['<13>1 - h a - - - first', '<13>second', '<13>third ü'], `cut at ${cut}`);
  }
});

void test('byte-by-byte feeding', () => {
  const stream = Buffer.concat([encodeOctetCounted('<13>a b c'), b('<13>d\n')]);
  const d = createFrameDecoder();
  const out: string[] = [];
  for (const byte of stream) out.push(...d.push(Buffer.from([byte])).frames);
  assert.deepEqual(out, ['<13>a b c', '<13>d']);
});

void test('oversized frames are skipped with an error, and the stream resynchronises', () => {
  const big = 'x'.repeat(100);
  const d = createFrameDecoder({ maxFrameBytes: 50 });
  const stream = Buffer.concat([encodeOctetCounted(big), encodeOctetCounted('<13>after'), b(`${'y'.repeat(80)}\n`), b('<13>last\n')]);
  const first = d.push(stream.subarray(0, 30));
  const second = d.push(stream.subarray(30, 140));
  const third = d.push(stream.subarray(140));
  assert.deepEqual([...first.frames, ...second.frames, ...third.frames], ['<13>after', '<13>last']);
  const errors = [...first.errors, ...second.errors, ...third.errors];
  assert.equal(errors.length, 2);
  assert.match(errors[0] ?? '', /100 bytes exceeds the 50-byte limit/);
  assert.match(errors[1] ?? '', /longer than 50 bytes without LF|exceeds the 50-byte limit/);
});

void test('truncated octet-counted frame at end of stream is reported, not emitted', () => {
  const r = takeFrames(b('20 <13>short'), { final: true });
  assert.deepEqual(r.frames, []);
  assert.match(r.errors[0] ?? '', /stream ended inside a 20-byte frame \(9 bytes received\)/);
});

void test('strict modes', () => {
  assert.deepEqual(takeFrames(b('12 bananas go\n'), { mode: 'non-transparent' }).frames, ['12 bananas go']);
  const strict = takeFrames(b('<13>no count\n5 hello'), { mode: 'octet-counting' });
  assert.deepEqual(strict.frames, ['hello']);
  assert.match(strict.errors[0] ?? '', /expected an octet count/);
});

void test('UDP datagram decoding drops trailing newline', () => {
  assert.equal(decodeDatagram(b('<13>Jun  1 11:00:00 h a: x\n')), '<13>Jun  1 11:00:00 h a: x');
});
