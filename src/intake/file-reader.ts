import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { SourceParser } from './parser.ts';
import type { InputRecord, RecordError, SplitRecords } from './records.ts';
import { splitJsonBody } from './records.ts';

/**
 * Reads a file (or stdin for `-`), plain or gzipped, and yields chunks of records with their absolute
 * positions. NDJSON and text lines are streamed; a file that is one JSON document (an array, or a
 * pretty-printed object) is read whole.
 */
export async function* readRecordChunks(path: string, parser: SourceParser, chunkSize = 5_000): AsyncGenerator<SplitRecords> {
  const lines = createInterface({ input: await openMaybeGzipped(path), crlfDelay: Infinity });
  let records: InputRecord[] = [];
  let errors: RecordError[] = [];
  let index = 0;
  let lineNo = 0;
  let wholeDocument: string[] | undefined;
  for await (const line of lines) {
    lineNo++;
    if (wholeDocument !== undefined) {
      wholeDocument.push(line);
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const position = { index, line: lineNo };
    if (parser.input === 'line') records.push({ position, value: line });
    else {
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch (error) {
        if (index === 0 && (trimmed.startsWith('[') || trimmed.startsWith('{'))) {
          wholeDocument = [line];
          continue;
        }
        errors.push({ position, reason: `not valid JSON: ${(error as Error).message}` });
      }
      if (value !== undefined) records.push({ position, value, text: trimmed });
    }
    index++;
    if (records.length + errors.length >= chunkSize) {
      yield { records, errors };
      records = [];
      errors = [];
    }
  }
  if (wholeDocument !== undefined) yield splitJsonBody(wholeDocument.join('\n'));
  else if (records.length + errors.length > 0) yield { records, errors };
}

async function openMaybeGzipped(path: string): Promise<Readable> {
  const source: Readable = path === '-' ? process.stdin : createReadStream(path);
  // Peek at the first bytes for the gzip magic number, then put them back in front of the rest.
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  const head: Buffer = first.done === true ? Buffer.alloc(0) : Buffer.from(first.value);
  const whole = Readable.from(
    (async function* () {
      yield head;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    })(),
  );
  return head[0] === 0x1f && head[1] === 0x8b ? whole.pipe(createGunzip()) : whole;
}
