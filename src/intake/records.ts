/** Where a record sat in what the sender sent: its 0-based index, and its 1-based line for text bodies. */
export interface RecordPosition {
  readonly index: number;
  readonly line?: number;
}

export interface InputRecord {
  readonly position: RecordPosition;
  readonly value: unknown;
  /** The record's JSON text as sent (NDJSON lines): stored as the original payload without re-serialising. */
  readonly text?: string;
}

export interface RecordError {
  readonly position: RecordPosition;
  readonly reason: string;
}

export interface SplitRecords {
  readonly records: readonly InputRecord[];
  readonly errors: readonly RecordError[];
}

/**
 * Splits a JSON-format body into records: a JSON array (one record per element), one JSON object, or
 * NDJSON (one JSON value per line; blank lines ignored). A line that is not JSON is an error for that
 * line only; the other lines are kept.
 */
export function splitJsonBody(text: string): SplitRecords {
  const first = text.trimStart()[0];
  if (first === '[' || first === '{') {
    try {
      // One JSON document (an array, or one object possibly pretty-printed).
      return recordsFromValue(JSON.parse(text) as unknown);
    } catch {
      // Not one document: NDJSON, handled line by line below.
    }
  }
  const records: InputRecord[] = [];
  const errors: RecordError[] = [];
  let index = 0;
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNo++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    const position = { index, line: lineNo };
    index++;
    try {
      records.push({ position, value: JSON.parse(line) as unknown, text: line });
    } catch (error) {
      errors.push({ position, reason: `not valid JSON: ${(error as Error).message}` });
    }
  }
  return { records, errors };
}

/** Splits a text body into one record per non-empty line (CEF, syslog). */
export function splitLines(text: string): SplitRecords {
  const records: InputRecord[] = [];
  const lines = text.split('\n');
  let index = 0;
  for (const [i, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    records.push({ position: { index: index++, line: i + 1 }, value: line });
  }
  return { records, errors: [] };
}

/** Records from an already-parsed JSON value (an object or an array of them). */
export function recordsFromValue(value: unknown): SplitRecords {
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return { records: values.map((v, index) => ({ position: { index }, value: v })), errors: [] };
}
