import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readEventStream, type ReadRecord } from './event-reader.ts';

async function read(chunks: (string | Buffer)[]): Promise<ReadRecord[]> {
  const out: ReadRecord[] = [];
  for await (const r of readEventStream((async function* () {
    await Promise.resolve();
    yield* chunks;
  })())) out.push(r);
  return out;
}

const summary = (records: ReadRecord[]): string[] =>
  records.map((r) => (r.kind === 'event' ? `${r.position}@${r.line}:${JSON.stringify(r.event)}` : `${r.position}@${r.line}!${r.reason.split(':')[0] ?? ''}`));

void describe('readEventStream', () => {
  void test('NDJSON', async () => {
    assert.deepEqual(summary(await read(['{"a":1}\n{"b":"x}"}\n', '\n{"c":[1,{"d":2}]}\n'])), ['1@1:{"a":1}', '2@2:{"b":"x}"}', '3@4:{"c":[1,{"d":2}]}']);
  });

  void test('pretty-printed objects back to back, split across chunks anywhere', async () => {
    const text = '{\n  "Event": {\n    "x": "a\\"}{b"\n  }\n}\n{\n  "y": 2\n}\n';
    const whole = summary(await read([text]));
    assert.deepEqual(whole, ['1@1:{"Event":{"x":"a\\"}{b"}}', '2@6:{"y":2}']);
    for (let cut = 1; cut < text.length; cut++) assert.deepEqual(summary(await read([text.slice(0, cut), text.slice(cut)])), whole, `cut at ${cut}`);
  });

  void test('a JSON array of objects', async () => {
    assert.deepEqual(summary(await read(['[{"a":1},\n {"a":2}]'])), ['1@1:{"a":1}', '2@2:{"a":2}']);
  });

  void test('gzip is recognised by its magic bytes', async () => {
    const gz = gzipSync(Buffer.from('{"a":1}\n{"a":2}\n'));
    assert.deepEqual(summary(await read([gz.subarray(0, 5), gz.subarray(5)])), ['1@1:{"a":1}', '2@2:{"a":2}']);
  });

  void test('malformed records are reported and reading goes on', async () => {
    assert.deepEqual(summary(await read(['{"a":1}\nnot json\n{"a":tru}\n{"b":2}\n{"open": 1'])), [
      '1@1:{"a":1}',
      '2@2!unexpected text \'not json\'',
      '3@3!invalid JSON',
      '4@4:{"b":2}',
      '5@5!input ends inside a JSON object',
    ]);
  });
});
