/**
 * The detection condition language (rules specification, "Condition"):
 *
 *   expr    := and ('or' and)*            least binding
 *   and     := not ('and' not)*
 *   not     := 'not' not | primary
 *   primary := '(' expr ')' | quant | IDENT
 *   quant   := ('1' | 'all') 'of' (PATTERN | 'them')      most binding before brackets
 *
 * Keywords are matched case-insensitively. The obsolete aggregation syntax (`| count() > 5`, `near`) is
 * rejected with a pointer to correlation rules.
 */

export type ConditionNode =
  | { readonly kind: 'and'; readonly items: readonly ConditionNode[] }
  | { readonly kind: 'or'; readonly items: readonly ConditionNode[] }
  | { readonly kind: 'not'; readonly item: ConditionNode }
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'of'; readonly quantifier: 'one' | 'all'; readonly pattern: string | null };

type Keyword = '(' | ')' | 'and' | 'or' | 'not' | 'of' | 'them' | 'all' | 'one';
type Token =
  | { readonly t: Keyword; readonly at: number }
  | { readonly t: 'ident'; readonly text: string; readonly at: number };

const KEYWORDS: Readonly<Record<string, Keyword>> = { and: 'and', or: 'or', not: 'not', of: 'of', them: 'them', all: 'all', '1': 'one' };

export class ConditionError extends Error {}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|([^\s()]+))/y;
  let pos = 0;
  while (pos < src.length) {
    re.lastIndex = pos;
    const m = re.exec(src);
    if (m === null) break;
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3] ?? '').length;
    pos = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ t: '(', at });
    else if (m[2] !== undefined) tokens.push({ t: ')', at });
    else if (m[3] !== undefined) {
      const word = m[3];
      if (word.includes('|')) throw new ConditionError(`aggregation expressions ('|') are not supported; Sigma v2 uses correlation rules`);
      const kw = KEYWORDS[word.toLowerCase()];
      if (word.toLowerCase() === 'near') throw new ConditionError(`'near' is not supported; Sigma v2 uses temporal correlation rules`);
      if (kw !== undefined) tokens.push({ t: kw, at });
      else if (/^[\w*.\-]+$/.test(word)) tokens.push({ t: 'ident', text: word, at });
      else throw new ConditionError(`unexpected '${word}' at ${at}`);
    } else break;
  }
  if (src.slice(pos).trim() !== '') throw new ConditionError(`unexpected input at ${pos}`);
  return tokens;
}

export function parseCondition(src: string): ConditionNode {
  const tokens = tokenize(src);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const describe = (tok: Token | undefined): string =>
    tok === undefined ? 'end of condition' : tok.t === 'ident' ? `'${tok.text}' at ${tok.at}` : `'${tok.t === 'one' ? '1' : tok.t}' at ${tok.at}`;

  const parseOr = (): ConditionNode => {
    const items = [parseAnd()];
    while (peek()?.t === 'or') {
      i++;
      items.push(parseAnd());
    }
    return items.length === 1 ? (items[0] as ConditionNode) : { kind: 'or', items };
  };
  const parseAnd = (): ConditionNode => {
    const items = [parseNot()];
    while (peek()?.t === 'and') {
      i++;
      items.push(parseNot());
    }
    return items.length === 1 ? (items[0] as ConditionNode) : { kind: 'and', items };
  };
  const parseNot = (): ConditionNode => {
    if (peek()?.t === 'not') {
      i++;
      return { kind: 'not', item: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): ConditionNode => {
    const tok = peek();
    if (tok === undefined) throw new ConditionError('condition ends where an expression was expected');
    if (tok.t === '(') {
      i++;
      const inner = parseOr();
      if (peek()?.t !== ')') throw new ConditionError(`expected ')' but found ${describe(peek())}`);
      i++;
      return inner;
    }
    if (tok.t === 'one' || tok.t === 'all') {
      i++;
      if (peek()?.t !== 'of') throw new ConditionError(`expected 'of' after ${describe(tok)}`);
      i++;
      const target = peek();
      if (target?.t === 'them') {
        i++;
        return { kind: 'of', quantifier: tok.t, pattern: null };
      }
      if (target?.t === 'ident') {
        i++;
        return { kind: 'of', quantifier: tok.t, pattern: target.text };
      }
      throw new ConditionError(`expected a search identifier pattern or 'them' but found ${describe(target)}`);
    }
    if (tok.t === 'ident') {
      i++;
      if (tok.text.includes('*')) throw new ConditionError(`wildcard '${tok.text}' is only allowed after '1 of' or 'all of'`);
      return { kind: 'ref', name: tok.text };
    }
    throw new ConditionError(`unexpected ${describe(tok)}`);
  };

  const node = parseOr();
  if (i < tokens.length) throw new ConditionError(`unexpected ${describe(peek())}`);
  return node;
}

/** Does a search identifier match an `x of` pattern (`*` matches any run of characters)? */
export function identifierMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

/** The identifiers an `x of` covers: `them` means every identifier not starting with `_`. */
export function identifiersFor(pattern: string | null, names: readonly string[]): string[] {
  return pattern === null ? names.filter((n) => !n.startsWith('_')) : names.filter((n) => identifierMatches(pattern, n));
}
