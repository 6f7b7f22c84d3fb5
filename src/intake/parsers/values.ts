/** Small, allocation-free readers for untyped JSON values. Parsers never trust the shape of a record. */

export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A record-valued property, or undefined. */
export function rec(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

/**
 * A non-empty string from a string or finite number (sources send ports, ids and levels either way).
 * Strings are returned as is unless they are blank; surrounding spaces are trimmed only when present.
 */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') {
    if (value.length === 0) return undefined;
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(value.length - 1);
    if (first > 32 && last > 32) return value;
    const trimmed = value.trim();
    return trimmed.length === 0 ? undefined : trimmed;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A finite number from a number or a numeric string (Wazuh sends most numbers as strings). */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.length > 0 && value.length < 32) {
    const n = Number(value);
    return Number.isFinite(n) && value.trim().length > 0 ? n : undefined;
  }
  return undefined;
}

/** The strings of a value that may be a single string or an array of strings (ECS and OCSF do both). */
export function strs(value: unknown): readonly string[] {
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const item of value) {
      const s = str(item);
      if (s !== undefined) out.push(s);
    }
    return out;
  }
  const s = str(value);
  return s === undefined ? [] : [s];
}

/** A short, printable rendering of a value for error messages (never the whole payload). */
export function show(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else {
    try {
      // JSON.stringify gives undefined for functions and symbols, whatever its declared type says.
      const json = JSON.stringify(value) as string | undefined;
      text = json ?? typeof value;
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** What kind of JSON value something is, for "expected an object, got …" messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'undefined':
      return 'undefined';
    case 'bigint':
    case 'function':
    case 'symbol':
      return `a ${typeof value}`;
  }
  return 'a value'; // unreachable: every typeof is handled above
}
