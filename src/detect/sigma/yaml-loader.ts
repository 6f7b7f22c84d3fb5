/**
 * Reads rule files: every `.yml`/`.yaml` under the given directories (or the files themselves), each
 * possibly holding several YAML documents (correlations are written that way).
 *
 * Numbers are kept as their source text: Sigma treats values as strings, and YAML would otherwise turn
 * `0x17` into 23 or `1.0` into 1. Booleans and null keep their YAML meaning (`exists: true`, `Field: null`).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';

export interface YamlDocument {
  readonly path: string;
  readonly index: number;
  readonly value: unknown;
}

export interface LoadError {
  readonly path: string;
  readonly ruleId?: string;
  readonly reason: string;
}

export interface RuleSource {
  readonly path: string;
  readonly text: string;
}

/** Node tree to plain JS, numbers as their source text (cheaper than `toJS()` plus a rewrite). */
function toPlain(node: unknown, doc: Document, depth = 0): unknown {
  if (depth > 64) throw new Error('YAML nesting too deep');
  if (isScalar(node)) return typeof node.value === 'number' ? (node.source ?? String(node.value)) : node.value;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = String(toPlain(pair.key, doc, depth + 1));
      // Checked here rather than by the parser (its check compares every pair with every other).
      if (Object.hasOwn(out, key)) throw new Error(`Map keys must be unique: '${key}' appears twice`);
      out[key] = toPlain(pair.value, doc, depth + 1);
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((item) => toPlain(item, doc, depth + 1));
  if (isAlias(node)) return toPlain(node.resolve(doc), doc, depth + 1);
  return node === null || node === undefined ? null : node;
}

const idIn = (text: string): string | undefined => /^id:\s*['"]?([^\s'"#]+)/m.exec(text)?.[1];

export function parseYamlDocuments(source: RuleSource): { docs: YamlDocument[]; errors: LoadError[] } {
  const docs: YamlDocument[] = [];
  const errors: LoadError[] = [];
  let parsed;
  try {
    parsed = parseAllDocuments(source.text, { prettyErrors: false, uniqueKeys: false });
  } catch (err) {
    errors.push({ path: source.path, reason: `YAML error: ${(err as Error).message}` });
    return { docs, errors };
  }
  const list = Array.isArray(parsed) ? parsed : [];
  list.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      const first = doc.errors[0];
      const ruleId = idIn(source.text);
      errors.push({ path: source.path, ...(ruleId !== undefined ? { ruleId } : {}), reason: `YAML error: ${first?.message.split('\n')[0] ?? 'unknown'}` });
      return;
    }
    let value: unknown;
    try {
      value = toPlain(doc.contents, doc);
    } catch (err) {
      const ruleId = idIn(source.text);
      errors.push({ path: source.path, ...(ruleId !== undefined ? { ruleId } : {}), reason: `YAML error: ${(err as Error).message}` });
      return;
    }
    if (value === null || value === undefined) return; // empty document (e.g. a trailing `---`)
    docs.push({ path: source.path, index, value });
  });
  return { docs, errors };
}

const READ_BATCH = 64;

const isRuleFile = (name: string): boolean => name.endsWith('.yml') || name.endsWith('.yaml');

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) await walk(path, out);
    else if (e.isFile() && isRuleFile(e.name)) out.push(path);
  }
}

/** Reads every rule file under `paths` (directories or files); unreadable paths become errors. */
export async function readRuleSources(paths: readonly string[]): Promise<{ sources: RuleSource[]; errors: LoadError[] }> {
  const files: string[] = [];
  const errors: LoadError[] = [];
  for (const p of paths) {
    try {
      const s = await stat(p);
      if (s.isDirectory()) await walk(p, files);
      else files.push(p);
    } catch (err) {
      errors.push({ path: p, reason: `cannot read: ${(err as Error).message}` });
    }
  }
  // Read in parallel batches (the file system work runs on libuv's pool), keeping the sorted order.
  const texts: (string | Error)[] = [];
  for (let i = 0; i < files.length; i += READ_BATCH) {
    const batch = files.slice(i, i + READ_BATCH).map((path) => readFile(path, 'utf8').catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))));
    texts.push(...(await Promise.all(batch)));
  }
  const sources: RuleSource[] = [];
  files.forEach((path, i) => {
    const text = texts[i];
    if (typeof text === 'string') sources.push({ path, text });
    else errors.push({ path, reason: `cannot read: ${text?.message ?? 'unknown error'}` });
  });
  return { sources, errors };
}
