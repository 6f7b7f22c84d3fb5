/**
 * Sigma string values: literal text with `*` / `?` wildcards and, under the `expand` modifier, `%name%`
 * placeholders. Escapes follow the specification ("Escape Character"): a backslash escapes `*`, `?` and
 * itself; a backslash before anything else is a plain backslash, so `C:\Windows` needs no doubling and
 * three or four backslashes both mean two.
 */

export interface Wildcard {
  readonly wildcard: 'many' | 'one';
}
export interface PlaceholderPart {
  readonly placeholder: string;
}
export type StringPart = string | Wildcard | PlaceholderPart;

export const MANY: Wildcard = Object.freeze({ wildcard: 'many' });
export const ONE: Wildcard = Object.freeze({ wildcard: 'one' });

export const isWildcard = (p: StringPart): p is Wildcard => typeof p === 'object' && 'wildcard' in p;
export const isPlaceholder = (p: StringPart): p is PlaceholderPart => typeof p === 'object' && 'placeholder' in p;

/**
 * Parses a raw rule value. With `placeholders` (the value carries the `expand` modifier) `%name%` becomes a
 * placeholder and `\%` a plain percent sign.
 */
export function parseSigmaString(raw: string, placeholders = false): StringPart[] {
  const parts: StringPart[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') parts.push(literal);
    literal = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (c === '\\') {
      const next = raw.charAt(i + 1);
      if (next === '*' || next === '?' || next === '\\' || (placeholders && next === '%')) {
        literal += next;
        i++;
      } else {
        literal += c;
      }
    } else if (c === '*' || c === '?') {
      flush();
      parts.push(c === '*' ? MANY : ONE);
    } else if (c === '%' && placeholders) {
      const end = raw.indexOf('%', i + 1);
      const name = end > i + 1 ? raw.slice(i + 1, end) : '';
      if (name === '' || name.includes('\\')) {
        literal += c;
      } else {
        flush();
        parts.push({ placeholder: name });
        i = end;
      }
    } else {
      literal += c;
    }
  }
  flush();
  return parts;
}

export const hasWildcards = (parts: readonly StringPart[]): boolean => parts.some(isWildcard);
export const hasPlaceholders = (parts: readonly StringPart[]): boolean => parts.some(isPlaceholder);

/** The text of a value made only of literals (callers check {@link isPlain} first). */
export function plainText(parts: readonly StringPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : '')).join('');
}

export const isPlain = (parts: readonly StringPart[]): boolean => parts.every((p) => typeof p === 'string');

/** Appends or prepends `*` unless the value already starts/ends with one (as `contains` & co. do). */
export function withLeadingMany(parts: readonly StringPart[]): StringPart[] {
  return parts[0] === MANY ? [...parts] : [MANY, ...parts];
}
export function withTrailingMany(parts: readonly StringPart[]): StringPart[] {
  return parts[parts.length - 1] === MANY ? [...parts] : [...parts, MANY];
}

/** Merges adjacent literals and collapses runs of `*` (they mean the same as one). */
export function normaliseParts(parts: readonly StringPart[]): StringPart[] {
  const out: StringPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string') {
      if (p === '') continue;
      if (typeof last === 'string') out[out.length - 1] = last + p;
      else out.push(p);
    } else if (p === MANY && last === MANY) {
      continue;
    } else {
      out.push(p);
    }
  }
  return out;
}

/** A readable form for error messages: wildcards as `*`/`?`, placeholders as `%name%`. */
export function describeParts(parts: readonly StringPart[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p.replace(/[\\*?]/g, (m) => `\\${m}`);
      if (isWildcard(p)) return p.wildcard === 'many' ? '*' : '?';
      return `%${p.placeholder}%`;
    })
    .join('');
}
