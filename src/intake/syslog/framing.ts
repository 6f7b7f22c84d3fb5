/**
 * Syslog over TCP framing, RFC 6587: octet counting (`MSG-LEN SP SYSLOG-MSG`, §3.4.1) and non-transparent
 * framing (messages ended by LF, or NUL, §3.4.2). Senders may mix them on one connection; each frame is
 * recognised by its first byte: a non-zero digit starts an octet count, anything else a delimited message.
 * Pure functions over Buffers (MSG-LEN counts octets, not characters); the listener owns the socket.
 */

export interface FrameOptions {
  /** Largest message accepted, in octets (default 64 KiB). Longer frames are skipped with an error. */
  readonly maxFrameBytes?: number;
  /** The stream has ended: a trailing message without its LF is a frame, not a partial one. */
  readonly final?: boolean;
  /**
   * `auto` (default) tells the two apart by each frame's first byte, as rsyslog does; a sender that writes
   * LF-delimited messages starting with "digits SP" needs `non-transparent`.
   */
  readonly mode?: 'auto' | 'octet-counting' | 'non-transparent';
}

export interface FrameResult {
  /** Complete messages, UTF-8 decoded, without their framing (no count, no trailing CR/LF/NUL). */
  readonly frames: string[];
  /** Bytes of an incomplete frame to keep and prepend to the next chunk. */
  readonly rest: Buffer;
  /** What was skipped and why, with its byte offset in `buffer`. */
  readonly errors: string[];
  /**
   * What is left of an oversized frame, to discard from the next chunks without buffering it: a number of
   * octets (octet counting), `'line'` (up to the next LF), or 0.
   */
  readonly skip: number | 'line';
}

const DEFAULT_MAX = 64 * 1024;
const LF = 10;
const CR = 13;
const NUL = 0;
const SP = 32;

/** Splits as many complete frames as `buffer` holds. */
export function takeFrames(buffer: Buffer, options: FrameOptions = {}): FrameResult {
  const max = options.maxFrameBytes ?? DEFAULT_MAX;
  const mode = options.mode ?? 'auto';
  const frames: string[] = [];
  const errors: string[] = [];
  let pos = 0;
  const n = buffer.length;
  while (pos < n) {
    const c = buffer[pos] ?? 0;
    if (c === LF || c === CR || c === NUL || c === SP) {
      pos++; // stray delimiters between frames
      continue;
    }
    if (mode === 'octet-counting' && !(c >= 49 && c <= 57)) {
      errors.push(`offset ${pos}: expected an octet count; skipped to the next LF`);
      const lf = buffer.indexOf(LF, pos);
      if (lf < 0) {
        pos = n;
        break;
      }
      pos = lf + 1;
      continue;
    }
    if (mode !== 'non-transparent' && c >= 49 && c <= 57) {
      const counted = readCount(buffer, pos);
      if (counted === 'partial') {
        if (options.final === true) {
          errors.push(`offset ${pos}: stream ended inside an octet count`);
          pos = n;
        }
        break;
      }
      if (counted !== undefined) {
        const start = counted.next;
        if (counted.length > max) {
          errors.push(`offset ${pos}: octet-counted frame of ${counted.length} bytes exceeds the ${max}-byte limit; skipped`);
          const available = Math.min(n, start + counted.length);
          if (available < start + counted.length && options.final !== true) {
            // Drop what is here; the rest of the oversized frame is dropped as it arrives.
            return { frames, rest: EMPTY, errors, skip: start + counted.length - available };
          }
          pos = available;
          continue;
        }
        if (start + counted.length > n) {
          if (options.final === true) {
            errors.push(`offset ${pos}: stream ended inside a ${counted.length}-byte frame (${n - start} bytes received)`);
            pos = n;
          }
          break;
        }
        frames.push(decode(buffer, start, start + counted.length));
        pos = start + counted.length;
        continue;
      }
      // A digit not followed by "count SP": a delimited message that begins with a digit.
    }
    let end = pos;
    while (end < n && buffer[end] !== LF && buffer[end] !== NUL) end++;
    if (end === n && options.final !== true) {
      if (n - pos > max) {
        errors.push(`offset ${pos}: delimited frame longer than ${max} bytes without LF; skipped`);
        return { frames, rest: EMPTY, errors, skip: 'line' };
      }
      break;
    }
    if (end - pos > max) errors.push(`offset ${pos}: delimited frame of ${end - pos} bytes exceeds the ${max}-byte limit; skipped`);
    else frames.push(decode(buffer, pos, end));
    pos = end + 1;
  }
  return { frames, rest: pos >= n ? EMPTY : buffer.subarray(pos), errors, skip: 0 };
}

const EMPTY = Buffer.alloc(0);

/** `digits SP` at pos: the count and where the message starts; 'partial' if the buffer ends first. */
function readCount(buffer: Buffer, pos: number): { length: number; next: number } | 'partial' | undefined {
  let length = 0;
  let i = pos;
  for (; i < buffer.length && i - pos < 10; i++) {
    const c = buffer[i] ?? 0;
    if (c === SP) return i > pos ? { length, next: i + 1 } : undefined;
    if (c < 48 || c > 57) return undefined;
    length = length * 10 + (c - 48);
  }
  return i === buffer.length ? 'partial' : undefined;
}

function decode(buffer: Buffer, start: number, end: number): string {
  let e = end;
  while (e > start && (buffer[e - 1] === CR || buffer[e - 1] === LF || buffer[e - 1] === NUL)) e--;
  return buffer.toString('utf8', start, e);
}

export interface FrameDecoder {
  /** Feeds a chunk from the socket; returns the messages it completed and any framing errors. */
  push(chunk: Buffer): { frames: string[]; errors: string[] };
  /** The connection closed: flushes a last unterminated message. */
  end(): { frames: string[]; errors: string[] };
}

/** A per-connection decoder: keeps the incomplete tail between chunks (bounded by the frame limit). */
export function createFrameDecoder(options: Omit<FrameOptions, 'final'> = {}): FrameDecoder {
  let rest: Buffer = EMPTY;
  let skipping: number | 'line' = 0;
  const run = (chunk: Buffer, final: boolean): { frames: string[]; errors: string[] } => {
    let data = chunk;
    if (skipping === 'line') {
      const lf = data.indexOf(LF);
      if (lf < 0) return { frames: [], errors: [] };
      skipping = 0;
      data = data.subarray(lf + 1);
    } else if (skipping > 0) {
      const drop = Math.min(skipping, data.length);
      skipping -= drop;
      data = data.subarray(drop);
      if (skipping > 0) return { frames: [], errors: [] };
    }
    const input = rest.length === 0 ? data : Buffer.concat([rest, data]);
    const result = takeFrames(input, { ...options, final });
    skipping = result.skip;
    // Copy the tail so the caller's chunk can be reused.
    rest = result.rest.length === 0 ? EMPTY : Buffer.from(result.rest);
    return { frames: result.frames, errors: result.errors };
  };
  return {
    push: (chunk) => run(chunk, false),
    end: () => run(EMPTY, true),
  };
}

/** Encodes a message with octet counting, as a sender does (tests, forwarders). */
export function encodeOctetCounted(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}

/** A UDP datagram is one message (RFC 5426); trailing CR/LF/NUL are dropped. */
export function decodeDatagram(datagram: Buffer): string {
  return decode(datagram, 0, datagram.length);
}
