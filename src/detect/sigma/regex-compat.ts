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
