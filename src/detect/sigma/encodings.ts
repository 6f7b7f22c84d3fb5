/**
 * Value encodings behind the `base64`, `base64offset`, `utf16le`/`wide`, `utf16be`, `utf16` and `windash`
 * modifiers. Byte strings are carried as "binary" JS strings (one char per byte, 0–255) so that they can
 * be chained (`wide|base64offset`) and matched like any other text.
 */

export type TextEncoding = 'text' | 'binary';

function toBytes(value: string, encoding: TextEncoding): Buffer {
  return Buffer.from(value, encoding === 'binary' ? 'latin1' : 'utf8');
}

export function base64(value: string, encoding: TextEncoding): string {
  return toBytes(value, encoding).toString('base64');
}

const START_OFFSETS = [0, 2, 3] as const;
const END_OFFSETS = [undefined, -3, -2] as const;

/**
 * The three forms a value takes inside a longer Base64 string, depending on its byte offset modulo 3:
 * encode the value behind 0, 1 or 2 filler bytes, then drop the characters that depend on the filler
 * (at the start) or on whatever follows the value (at the end).
 */
export function base64Offsets(value: string, encoding: TextEncoding): string[] {
  const bytes = toBytes(value, encoding);
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), bytes]).toString('base64');
    const end = END_OFFSETS[(bytes.length + shift) % 3];
    out.push(encoded.slice(START_OFFSETS[shift], end));
  }
  return out;
}

/** UTF-16 code units as bytes, little or big endian, as a binary string. */
export function utf16(value: string, order: 'le' | 'be'): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const lo = String.fromCharCode(unit & 0xff);
    const hi = String.fromCharCode(unit >>> 8);
    out += order === 'le' ? lo + hi : hi + lo;
  }
  return out;
}

export const UTF16_LE_BOM = '\xff\xfe';

/** The characters `windash` treats as interchangeable: hyphen, slash, en dash, em dash, horizontal bar. */
export const WINDASH_CHARS = ['-', '/', '\u2013', '\u2014', '\u2015'] as const;
const WINDASH_SET: ReadonlySet<string> = new Set(WINDASH_CHARS);

export const countDashes = (text: string): number => {
  let n = 0;
  for (const c of text) if (WINDASH_SET.has(c)) n++;
  return n;
};

/** Every permutation of the dash characters in `text` (5^k strings for k dashes). */
export function windashPermutations(text: string): string[] {
  let results = [''];
  for (const c of text) {
    if (WINDASH_SET.has(c)) {
      const next: string[] = [];
      for (const r of results) for (const d of WINDASH_CHARS) next.push(r + d);
      results = next;
    } else {
      results = results.map((r) => r + c);
    }
  }
  return results;
}

/** Regular-expression source matching `text` literally except that each dash matches any dash. */
export function windashRegexSource(text: string): string {
  let out = '';
  for (const c of text) out += WINDASH_SET.has(c) ? '[-/\u2013\u2014\u2015]' : escapeRegex(c);
  return out;
}

export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
