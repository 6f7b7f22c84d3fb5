/**
 * The `re` modifier's PCRE subset, compiled to JavaScript regular expressions. The subset the
 * specification lists (`.`, anchors, quantifiers, classes, alternation, groups) is the same in both; a few
 * PCRE spellings that rules use anyway are translated: leading inline flags `(?i)`, Python-style named
 * groups `(?P<n>…)`, and the `\A` / `\Z` / `\z` anchors. Matching is a search (unanchored), as in PCRE.
 */

export const REGEX_FLAGS = ['i', 'm', 's'] as const;
export type RegexFlag = (typeof REGEX_FLAGS)[number];

export function compileSigmaRegex(source: string, flags: ReadonlySet<RegexFlag>): RegExp | string {
  let src = source;
  const all = new Set<string>(flags);
  const inline = /^\(\?([imsx]+)\)/.exec(src);
  if (inline !== null) {
    const letters = inline[1] ?? '';
    if (letters.includes('x')) return `regular expression '${source}' uses the unsupported (?x) flag`;
    for (const f of letters) all.add(f);
    src = src.slice(inline[0].length);
  }
  src = translate(src);
  try {
    return new RegExp(src, [...all].sort().join(''));
  } catch (err) {
    return `invalid regular expression '${source}': ${(err as Error).message}`;
  }
}

/** Rewrites PCRE-only constructs outside character classes. */
function translate(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src.charAt(i);
    if (c === '\\') {
      const n = src.charAt(i + 1);
      if (!inClass && n === 'A') out += '^';
      else if (!inClass && (n === 'Z' || n === 'z')) out += '$';
      else out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal in PCRE; JavaScript needs it escaped.
      if (src.charAt(i + 1) === '^') {
        out += '^';
        i++;
      }
      if (src.charAt(i + 1) === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (src.startsWith('(?P=', i)) {
      const end = src.indexOf(')', i);
      if (end > 0) {
        out += `\\k<${src.slice(i + 4, end)}>`;
        i = end;
        continue;
      }
    }
    out += c;
  }
  return out;
}

const QUANTIFIER = /^(?:[*+?]|\{(\d+)(?:,(\d*))?\})[?+]?/;
const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'b', 'B', 'A', 'Z', 'z', 'G', 'p', 'P', 'k', 'x', 'u', 'c', 'n', 'r', 't', 'f', 'v', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/** Index just past the group or class starting at `start` (`(` or `[`), or the end of the source. */
function skipBracket(src: string, start: number): number {
  if (src.charAt(start) === '[') {
    let i = start + 1;
    if (src.charAt(i) === '^') i++;
    if (src.charAt(i) === ']') i++;
    for (; i < src.length; i++) {
      const c = src.charAt(i);
      if (c === '\\') i++;
      else if (c === ']') return i + 1;
    }
    return src.length;
  }
  let depth = 0;
  for (let i = start; i < src.length; i++) {
    const c = src.charAt(i);
    if (c === '\\') i++;
    else if (c === '[') i = skipBracket(src, i) - 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return src.length;
}

/** Top-level alternatives of a regular expression. */
function alternatives(src: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src.charAt(i);
    if (c === '\\') i++;
    else if (c === '[' || c === '(') i = skipBracket(src, i) - 1;
    else if (c === '|') {
      out.push(src.slice(from, i));
      from = i + 1;
    }
  }
  out.push(src.slice(from));
  return out;
}

/** The longest run of plain characters every match of one alternative must contain. */
function longestRequiredRun(branch: string): string {
  let best = '';
  let run = '';
  const flush = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < branch.length; ) {
    const c = branch.charAt(i);
    let atom: string | undefined; // a plain character, or undefined for anything else
    let next = i + 1;
    if (c === '\\') {
      const e = branch.charAt(i + 1);
      atom = CLASS_ESCAPES.has(e) || e === '' ? undefined : e;
      next = i + 2;
    } else if (c === '[' || c === '(') {
      next = skipBracket(branch, i);
    } else if (c === '^' || c === '$') {
      i = next; // zero width
      continue;
    } else if (c !== '.') atom = c;
    const q = QUANTIFIER.exec(branch.slice(next));
    if (q !== null) {
      const min = q[0].startsWith('+') ? 1 : q[1] !== undefined ? Number(q[1]) : 0;
      if (atom !== undefined && min >= 1) run += atom;
      flush();
      next += q[0].length;
    } else if (atom !== undefined) run += atom;
    else flush();
    i = next;
  }
  flush();
  return best;
}

/**
 * Literals one of which every match must contain (lowercased), so that a cheap substring search can rule
 * a value out before the expression runs; undefined when some alternative has no literal of at least
 * `minLength` characters (one by default: even a single required character rules most values out).
 */
export function requiredLiterals(source: string, minLength = 1): string[] | undefined {
  const src = source.replace(/^\(\?[imsx]+\)/, '');
  const out: string[] = [];
  for (const branch of alternatives(src)) {
    const lit = longestRequiredRun(branch);
    if (lit.length < minLength || !/^[\x00-\x7f]*$/.test(lit)) return undefined;
    out.push(lit.toLowerCase());
  }
  return out;
}
