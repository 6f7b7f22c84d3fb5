/**
 * RFC 5424 STRUCTURED-DATA: `-` or one or more `[SD-ID *(SP PARAM-NAME="PARAM-VALUE")]`. Inside values, `\"`,
 * `\\` and `\]` are escapes; any other backslash is kept as is (§6.3.3).
 */
export type StructuredData = Record<string, Record<string, string | string[]>>;

export type SdResult = { readonly ok: true; readonly data: StructuredData | undefined; readonly end: number } | { readonly ok: false; readonly reason: string };

/** Parses structured data starting at `pos`; `end` is the index just after it. */
export function parseStructuredData(line: string, pos: number): SdResult {
  if (line.charCodeAt(pos) === 45) return { ok: true, data: undefined, end: pos + 1 }; // -
  if (line.charCodeAt(pos) !== 91) return { ok: false, reason: `structured data at column ${pos + 1}: expected "-" or "["` };
  const data: StructuredData = {};
  let i = pos;
  while (line.charCodeAt(i) === 91) {
    i++;
    const idStart = i;
    while (i < line.length && isNameChar(line.charCodeAt(i))) i++;
    const id = line.slice(idStart, i);
    if (id.length === 0) return { ok: false, reason: `structured data at column ${idStart + 1}: empty SD-ID` };
    const params: Record<string, string | string[]> = data[id] ?? {};
    data[id] = params;
    for (;;) {
      const c = line.charCodeAt(i);
      if (c === 93) {
        i++;
        break;
      }
      if (c !== 32) return { ok: false, reason: `structured data [${id}] at column ${i + 1}: expected " " or "]"` };
      i++;
      const nameStart = i;
      while (i < line.length && isNameChar(line.charCodeAt(i))) i++;
      const name = line.slice(nameStart, i);
      if (name.length === 0 || line.charCodeAt(i) !== 61 || line.charCodeAt(i + 1) !== 34) {
        return { ok: false, reason: `structured data [${id}] at column ${nameStart + 1}: expected PARAM-NAME="value"` };
      }
      i += 2;
      let value = '';
      let chunk = i;
      for (;;) {
        if (i >= line.length) return { ok: false, reason: `structured data [${id}] ${name}: unterminated value` };
        const v = line.charCodeAt(i);
        if (v === 92) {
          const next = line.charCodeAt(i + 1);
          if (next === 34 || next === 92 || next === 93) {
            value += line.slice(chunk, i);
            chunk = i + 1;
            i += 2;
            continue;
          }
        } else if (v === 34) {
          break;
        }
        i++;
      }
      value += line.slice(chunk, i);
      i++;
      const prev = params[name];
      params[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
  }
  return { ok: true, data, end: i };
}

/** SD-NAME: printable US-ASCII except `=`, SP, `]`, `"`. */
function isNameChar(c: number): boolean {
  return c > 32 && c < 127 && c !== 61 && c !== 93 && c !== 34;
}
