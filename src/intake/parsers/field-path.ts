import type { JsonRecord } from './values.ts';
import { isRecord } from './values.ts';

/**
 * Reads a dotted path from a document whose keys may be nested objects, flat dotted keys, or a mix of
 * both, as Elasticsearch documents are: `kibana.alert.rule.name` finds `{"kibana.alert.rule.name": …}`,
 * `{kibana: {alert: {rule: {name: …}}}}` and `{"kibana.alert": {"rule.name": …}}` alike.
 * The longest flat key is tried first at each level. Paths are short, so the split search stays cheap.
 */
export function getPath(doc: JsonRecord, path: string): unknown {
  const direct = doc[path];
  if (direct !== undefined) return direct;
  let dot = path.lastIndexOf('.');
  while (dot > 0) {
    const head = doc[path.slice(0, dot)];
    if (isRecord(head)) {
      const found = getPath(head, path.slice(dot + 1));
      if (found !== undefined) return found;
    }
    dot = path.lastIndexOf('.', dot - 1);
  }
  return undefined;
}

/** The first of several paths that has a value. */
export function getFirst(doc: JsonRecord, paths: readonly string[]): unknown {
  for (const p of paths) {
    const v = getPath(doc, p);
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** A scalar from a value that the Elasticsearch fields API may have wrapped in a one-element array. */
export function one(value: unknown): unknown {
  return Array.isArray(value) ? (value.length > 0 ? value[0] : undefined) : value;
}
