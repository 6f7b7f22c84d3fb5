/**
 * Splits a body of concatenated JSON objects (`{…}{…}` or `{…}\n{…}`, as Splunk HEC and some forwarders
 * send) into the text of each object, without parsing twice: braces are matched outside strings, then each
 * slice is given to JSON.parse. A malformed object is reported with its ordinal and character offset and
 * the scan goes on after it, so one bad object does not cost the good ones.
 */
export type JsonChunk =
  | { readonly kind: 'value'; readonly index: number; readonly offset: number; readonly value: unknown }
  | { readonly kind: 'error'; readonly index: number; readonly offset: number; readonly reason: string };

export function splitConcatenatedJson(body: string): JsonChunk[] {
  const out: JsonChunk[] = [];
  let i = 0;
  let index = 0;
  const n = body.length;
  while (i < n) {
    const c = body.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c !== 123) {
      // Not the start of an object: report the stray text once and resume at the next "{".
      const next = body.indexOf('{', i);
      const stop = next < 0 ? n : next;
      out.push({ kind: 'error', index: index++, offset: i, reason: `expected "{" but found ${JSON.stringify(body.slice(i, Math.min(stop, i + 30)))}` });
      i = stop;
      continue;
    }
    const end = matchObject(body, i);
    if (end < 0) {
      // Unbalanced: resume at the next "{" that starts a line or follows a "}", the likely next object.
      const resume = nextObjectStart(body, i + 1);
      const reason = resume < 0 ? 'unterminated JSON object (body ends inside it)' : 'unterminated JSON object (a later object starts before it closes)';
      out.push({ kind: 'error', index: index++, offset: i, reason });
      if (resume < 0) break;
      i = resume;
      continue;
    }
    const ordinal = index++;
    try {
      out.push({ kind: 'value', index: ordinal, offset: i, value: JSON.parse(body.slice(i, end)) as unknown });
    } catch (err) {
      out.push({ kind: 'error', index: ordinal, offset: i, reason: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` });
    }
    i = end;
  }
  return out;
}

function nextObjectStart(s: string, from: number): number {
  for (let j = s.indexOf('{', from); j >= 0; j = s.indexOf('{', j + 1)) {
    let k = j - 1;
    while (k >= 0 && (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 9 || s.charCodeAt(k) === 13)) k--;
    const prev = k < 0 ? 10 : s.charCodeAt(k);
    if (prev === 10 || prev === 125) return j;
  }
  return -1;
}

/**
 * Index just after the `}` that closes the object opening at `start`, or -1. Strings are skipped with
 * indexOf (most of a record is string content), checking the backslashes before each quote.
 */
function matchObject(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      let q = i;
      for (;;) {
        q = s.indexOf('"', q + 1);
        if (q < 0) return -1;
        let backslashes = 0;
        while (s.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
        if ((backslashes & 1) === 0) break;
      }
      i = q;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
