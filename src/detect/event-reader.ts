/**
 * Reads events from JSON text in the shapes hunting input comes in: NDJSON, one JSON array of objects,
 * or JSON objects back to back (pretty-printed, as in the SigmaHQ regression files), plain or gzipped
 * (detected by its magic bytes, not the file name). Each object is reported with its position in the input
 * (1-based) and the line it starts on; a malformed record is reported and reading goes on.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

export type ReadRecord =
  | { readonly kind: 'event'; readonly event: Record<string, unknown>; readonly position: number; readonly line: number }
  | { readonly kind: 'error'; readonly reason: string; readonly position: number; readonly line: number };

async function* gunzipIfNeeded(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  const it = chunks[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done === true) return;
  const head = typeof first.value === 'string' ? Buffer.from(first.value) : first.value;
  const rest = async function* (): AsyncGenerator<Buffer> {
    yield head;
    for (let r = await it.next(); r.done !== true; r = await it.next()) yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
  };
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    for await (const chunk of Readable.from(rest()).pipe(createGunzip())) yield chunk as Buffer;
  } else {
    yield* rest();
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/** The object a line holds, or undefined when it is not one whole JSON object (the scanner decides). */
function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a character stream into top-level JSON objects (also the elements of a top-level array). */
export async function* readEventStream(input: AsyncIterable<Buffer | string>): AsyncGenerator<ReadRecord> {
  const decoder = new StringDecoder('utf8');
  let pending = ''; // text of the object being read
  let depth = 0; // object/array depth inside the current record
  let inString = false;
  let escaped = false;
  let arrayDepth = 0; // 1 while inside a top-level array
  let line = 1;
  let startLine = 1;
  let position = 0;
  let junk = '';

  const finish = (text: string): ReadRecord => {
    position++;
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return { kind: 'error', reason: 'not a JSON object', position, line: startLine };
      return { kind: 'event', event: value as Record<string, unknown>, position, line: startLine };
    } catch (err) {
      return { kind: 'error', reason: `invalid JSON: ${(err as Error).message}`, position, line: startLine };
    }
  };

  for await (const chunk of gunzipIfNeeded(input)) {
    const text = decoder.write(chunk);
    let start = depth > 0 ? 0 : -1;
    const out: ReadRecord[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE) line++;
      if (depth > 0) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
        } else if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            out.push(finish(pending + text.slice(start, i + 1)));
            pending = '';
            start = -1;
          }
        }
        continue;
      }
      if (c === OPEN_BRACE) {
        if (junk.trim() !== '') {
          position++;
          out.push({ kind: 'error', reason: `unexpected text '${junk.trim().slice(0, 40)}'`, position, line });
        }
        junk = '';
        // NDJSON fast path: a line that is one whole object skips the character scan.
        const eol = text.indexOf('\n', i);
        if (eol > 0) {
          let end = eol;
          while (end > i && (text.charCodeAt(end - 1) === 0x0d || text.charCodeAt(end - 1) === 0x20)) end--;
          if (text.charCodeAt(end - 1) === CLOSE_BRACE) {
            const record = parseLine(text.slice(i, end));
            if (record !== undefined) {
              position++;
              out.push({ kind: 'event', event: record, position, line });
              i = eol - 1; // the newline is counted on the next turn
              continue;
            }
          }
        }
        depth = 1;
        start = i;
        startLine = line;
      } else if (c === OPEN_BRACKET && arrayDepth === 0) arrayDepth = 1;
      else if (c === CLOSE_BRACKET && arrayDepth === 1) arrayDepth = 0;
      else if (c !== 0x2c && c !== NEWLINE && c !== 0x0d) junk += text.charAt(i);
      else if (c === NEWLINE && junk.trim() !== '') {
        position++;
        out.push({ kind: 'error', reason: `unexpected text '${junk.trim().slice(0, 40)}'`, position, line: line - 1 });
        junk = '';
      }
    }
    if (depth > 0 && start >= 0) pending += text.slice(start);
    yield* out;
  }
  if (depth > 0) {
    position++;
    yield { kind: 'error', reason: 'input ends inside a JSON object', position, line: startLine };
  } else if (junk.trim() !== '') {
    position++;
    yield { kind: 'error', reason: `unexpected text '${junk.trim().slice(0, 40)}'`, position, line };
  }
}

/** Reads a file (plain or gzipped), or standard input for `-`. */
export function readEventFile(path: string, stdin: AsyncIterable<Buffer | string> = process.stdin): AsyncGenerator<ReadRecord> {
  return readEventStream(path === '-' ? stdin : createReadStream(path));
}
