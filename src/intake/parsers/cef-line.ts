/**
 * ArcSight Common Event Format: `CEF:Version|Device Vendor|Device Product|Device Version|Device Event Class ID|
 * Name|Severity|Extension`. In the header `\|` and `\\` are escapes; in the extension (space-separated
 * `key=value` pairs whose values may contain spaces) `\=`, `\\`, `\n` and `\r` are. `\|` is also undone in the
 * extension (some producers escape pipes everywhere); any other backslash is kept, so unescaped Windows paths
 * survive.
 */
export interface CefRecord {
  readonly version: string;
  readonly deviceVendor: string;
  readonly deviceProduct: string;
  readonly deviceVersion: string;
  readonly signatureId: string;
  readonly name: string;
  readonly severity: string;
  readonly extension: Readonly<Record<string, string>>;
}

export type CefResult = { readonly ok: true; readonly cef: CefRecord } | { readonly ok: false; readonly reason: string };

const HEADER_FIELDS = ['Version', 'Device Vendor', 'Device Product', 'Device Version', 'Device Event Class ID', 'Name', 'Severity'] as const;

/** Parses a CEF message; `text` must start with `CEF:`. */
export function parseCefMessage(text: string): CefResult {
  if (!text.startsWith('CEF:')) return { ok: false, reason: 'CEF: message does not start with "CEF:"' };
  // Header fields end at unescaped pipes: jump from pipe to pipe, and unescape only fields with a backslash.
  const header: string[] = [];
  let i = 4;
  let from = 4;
  while (header.length < 7) {
    const pipe = text.indexOf('|', from);
    if (pipe < 0) break;
    let backslashes = 0;
    while (text.charCodeAt(pipe - 1 - backslashes) === 92) backslashes++;
    if ((backslashes & 1) === 1) {
      from = pipe + 1; // an escaped pipe is part of the field
      continue;
    }
    const raw = text.slice(i, pipe);
    header.push(raw.includes('\\') ? unescapeHeader(raw) : raw);
    i = pipe + 1;
    from = i;
  }
  if (header.length < 7) {
    return { ok: false, reason: `CEF header: found ${header.length} of the 7 "|"-terminated fields (missing ${HEADER_FIELDS[header.length] ?? 'fields'})` };
  }
  const [version = '', deviceVendor = '', deviceProduct = '', deviceVersion = '', signatureId = '', name = '', severity = ''] = header;
  if (!/^\d+(\.\d+)?$/.test(version.trim())) return { ok: false, reason: `CEF header: Version ${JSON.stringify(version.slice(0, 20))} is not a number` };
  const ext = parseExtension(text.slice(i));
  if (typeof ext === 'string') return { ok: false, reason: ext };
  return {
    ok: true,
    cef: { version: version.trim(), deviceVendor, deviceProduct, deviceVersion, signatureId, name, severity: severity.trim(), extension: ext },
  };
}

const KEY = /^[A-Za-z0-9_.-]{1,1023}$/;

/** Header escapes: `\|` → `|`, `\\` → `\`; other backslashes stay. */
function unescapeHeader(v: string): string {
  return v.replace(/\\([|\\])/g, '$1');
}

/**
 * Splits the extension on unescaped `=`: the key is the word before each `=`; the value runs to the space
 * before the next key. An `=` with no space-separated key-like word before it belongs to the value.
 */
export function parseExtension(ext: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  const trimmed = ext.trim();
  if (trimmed.length === 0) return out;
  let key: string | undefined;
  let valueStart = 0;
  let i = 0;
  for (; i < trimmed.length; i++) {
    const c = trimmed.charCodeAt(i);
    if (c === 92) {
      i++;
      continue;
    }
    if (c !== 61) continue;
    const space = trimmed.lastIndexOf(' ', i);
    const keyStart = space + 1;
    if (key !== undefined && keyStart <= valueStart) continue; // "=" inside the current value
    const candidate = trimmed.slice(keyStart, i);
    if (!KEY.test(candidate)) {
      if (key === undefined) return `CEF extension: "${candidate.slice(0, 40)}" is not a valid key (at column ${keyStart + 1} of the extension)`;
      continue;
    }
    if (key === undefined) {
      if (keyStart !== 0) return `CEF extension: text before the first key: "${trimmed.slice(0, Math.min(keyStart, 40)).trim()}"`;
    } else {
      out[key] = unescapeValue(trimmed.slice(valueStart, space).trimEnd());
    }
    key = candidate;
    valueStart = i + 1;
  }
  if (key === undefined) return `CEF extension: no key=value pair in "${trimmed.slice(0, 40)}"`;
  out[key] = unescapeValue(trimmed.slice(valueStart).trimEnd());
  return out;
}

function unescapeValue(v: string): string {
  if (!v.includes('\\')) return v;
  let out = '';
  let chunk = 0;
  for (let i = 0; i < v.length; i++) {
    if (v.charCodeAt(i) !== 92) continue;
    const next = v[i + 1];
    let rep: string | undefined;
    if (next === '=' || next === '\\' || next === '|') rep = next;
    else if (next === 'n') rep = '\n';
    else if (next === 'r') rep = '\r';
    if (rep === undefined) continue;
    out += v.slice(chunk, i) + rep;
    i++;
    chunk = i + 1;
  }
  return out + v.slice(chunk);
}
