/**
 * Splits a TCP syslog byte stream into messages (RFC 6587). Each frame is detected on its own, so a
 * connection may mix both framings:
 * - octet counting: `MSG-LEN SP SYSLOG-MSG`, MSG-LEN a decimal byte count without leading zero;
 * - non-transparent: the message ends at LF (a CR before it is dropped), or at NUL as some senders do.
 * A frame starting with a non-zero digit whose digits run into a space is octet-counted; anything else is a
 * line (a syslog message starts with `<PRI>`). Frames over `maxFrameBytes` are skipped and reported,
 * never buffered whole. Works on bytes throughout: counts are octets and UTF-8 may split across packets.
 */

export type Framing = 'octet-counting' | 'newline';

export interface FrameRejection {
  readonly reason: 'oversized' | 'truncated';
  readonly framing: Framing;
  /** Bytes in the frame (announced length, or at least this many for an unterminated long line). */
  readonly bytes: number;
}

export interface FramerSink {
  frame(bytes: Buffer): void;
  reject(rejection: FrameRejection): void;
}

type Mode = 'start' | 'octets' | 'line' | 'skip-octets' | 'skip-line';

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SP = 0x20;
const ZERO = 0x30;
const NINE = 0x39;
/** Nine digits allow frames up to 999,999,999 bytes; more is not a length. */
const MAX_LEN_DIGITS = 9;

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= ZERO && c <= NINE;

export class Rfc6587Framer {
  private readonly max: number;
  private readonly sink: FramerSink;
  private pending: Buffer = Buffer.alloc(0);
  private mode: Mode = 'start';
  /** Bytes still expected (octets) or to skip (skip-octets). */
  private remaining = 0;
  /** In line mode: how far the pending bytes were already searched for LF. */
  private scanned = 0;

  constructor(maxFrameBytes: number, sink: FramerSink) {
    this.max = maxFrameBytes;
    this.sink = sink;
  }

  /** Bytes held while waiting for the rest of a frame (at most maxFrameBytes plus a length prefix). */
  get buffered(): number {
    return this.pending.length;
  }

  push(chunk: Buffer): void {
    const data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let pos = 0;
    for (;;) {
      const next = this.step(data, pos);
      if (next === undefined) break;
      pos = next;
    }
  }

  /**
   * The connection ended. On a clean end an unterminated last line is delivered (the sender finished
   * writing it); a partial octet-counted frame is reported as truncated either way.
   */
  end(clean: boolean): void {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    this.scanned = 0;
    if (this.mode === 'octets') {
      this.sink.reject({ reason: 'truncated', framing: 'octet-counting', bytes: this.remaining });
    } else if ((this.mode === 'line' || this.mode === 'start') && rest.length > 0) {
      const line = trimEnd(rest);
      if (line.length === 0) return;
      if (clean) this.sink.frame(line);
      else this.sink.reject({ reason: 'truncated', framing: 'newline', bytes: rest.length });
    }
    this.mode = 'start';
  }

  /** Consumes what it can from `pos`; returns the new position, or undefined when more bytes are needed. */
  private step(data: Buffer, pos: number): number | undefined {
    switch (this.mode) {
      case 'start':
        return this.startFrame(data, pos);
      case 'octets': {
        if (data.length - pos < this.remaining) {
          this.keep(data, pos);
          return undefined;
        }
        this.sink.frame(trimEnd(data.subarray(pos, pos + this.remaining)));
        this.mode = 'start';
        return pos + this.remaining;
      }
      case 'skip-octets': {
        const take = Math.min(this.remaining, data.length - pos);
        this.remaining -= take;
        if (this.remaining > 0) {
          this.keep(data, data.length);
          return undefined;
        }
        this.mode = 'start';
        return pos + take;
      }
      case 'line': {
        const lf = delimiter(data, pos + this.scanned);
        if (lf < 0) {
          if (data.length - pos > this.max) {
            this.sink.reject({ reason: 'oversized', framing: 'newline', bytes: data.length - pos });
            this.mode = 'skip-line';
            this.scanned = 0;
            this.keep(data, data.length);
            return undefined;
          }
          this.scanned = data.length - pos;
          this.keep(data, pos);
          return undefined;
        }
        this.scanned = 0;
        this.mode = 'start';
        const line = trimEnd(data.subarray(pos, lf));
        if (line.length > this.max) this.sink.reject({ reason: 'oversized', framing: 'newline', bytes: line.length });
        else if (line.length > 0) this.sink.frame(line);
        return lf + 1;
      }
      case 'skip-line': {
        const lf = delimiter(data, pos);
        if (lf < 0) {
          this.keep(data, data.length);
          return undefined;
        }
        this.mode = 'start';
        return lf + 1;
      }
    }
  }

  private startFrame(data: Buffer, from: number): number | undefined {
    let pos = from;
    // Separators between frames (a stray LF after an octet-counted frame, CR, NUL) carry nothing.
    while (pos < data.length && (data[pos] === LF || data[pos] === CR || data[pos] === NUL)) pos++;
    if (pos >= data.length) {
      this.keep(data, pos);
      return undefined;
    }
    const first = data[pos];
    if (first === undefined || !isDigit(first) || first === ZERO) {
      this.mode = 'line';
      return pos;
    }
    let end = pos;
    while (end < data.length && isDigit(data[end]) && end - pos <= MAX_LEN_DIGITS) end++;
    if (end === data.length && end - pos <= MAX_LEN_DIGITS) {
      this.keep(data, pos); // the length may go on in the next chunk
      return undefined;
    }
    if (data[end] !== SP || end - pos > MAX_LEN_DIGITS) {
      this.mode = 'line';
      return pos;
    }
    const length = Number(data.toString('latin1', pos, end));
    if (length > this.max) {
      this.sink.reject({ reason: 'oversized', framing: 'octet-counting', bytes: length });
      this.mode = 'skip-octets';
    } else {
      this.mode = 'octets';
    }
    this.remaining = length;
    return end + 1;
  }

  /** Keeps the unconsumed bytes for the next chunk; copies so a large chunk is not retained by a small tail. */
  private keep(data: Buffer, pos: number): void {
    this.pending = pos >= data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(pos));
  }
}

/** Index of the first LF or NUL from `from`, or -1. NUL is only looked for before the LF, keeping this linear. */
function delimiter(data: Buffer, from: number): number {
  const lf = data.indexOf(LF, from);
  const nul = data.subarray(from, lf < 0 ? data.length : lf).indexOf(NUL);
  return nul < 0 ? lf : from + nul;
}

/** Drops trailing LF, CR and NUL (senders add them after octet-counted frames and in datagrams). */
export function trimEnd(bytes: Buffer): Buffer {
  let end = bytes.length;
  while (end > 0) {
    const c = bytes[end - 1];
    if (c !== LF && c !== CR && c !== NUL) break;
    end--;
  }
  return end === bytes.length ? bytes : bytes.subarray(0, end);
}
