/**
 * Pipelines: logsource routing and field mapping as YAML data (see `pipelines/windows.yml` for the
 * format, documented in its header). Users add their own (e.g. ECS field names) next to the default.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LAYOUTS, type LayoutName } from './event-layouts.ts';
import type { Logsource } from './rule-model.ts';
import { parseYamlDocuments } from './yaml-loader.ts';

const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const textList = z.union([text, z.array(text)]).transform((v) => (Array.isArray(v) ? v : [v]));
const logsourceKeys = { category: text.optional(), product: text.optional(), service: text.optional() };

const pipelineSchema = z.object({
  name: z.string().min(1),
  normalise: z.array(z.enum(LAYOUTS)).default([]),
  recognise: z.array(z.string()).default([]),
  route: z.array(z.string()).default([]),
  fieldaliases: z.record(z.string(), textList).default({}),
  logsources: z.record(
    z.string(),
    z.object({
      ...logsourceKeys,
      rewrite: z.object(logsourceKeys).default({}),
      conditions: z.record(z.string(), textList).nullable().default({}),
      fieldmappings: z.record(z.string(), textList).default({}),
    }),
  ),
});

export interface LogsourceEntry {
  readonly name: string;
  readonly logsource: Logsource;
  readonly rewrite: Logsource;
  /** Field → accepted values, lowercased. */
  readonly conditions: Readonly<Record<string, readonly string[]>>;
  readonly fieldmappings: Readonly<Record<string, readonly string[]>>;
}

export interface Pipeline {
  readonly name: string;
  readonly normalise: readonly LayoutName[];
  readonly recognise: readonly string[];
  readonly route: readonly string[];
  readonly fieldaliases: Readonly<Record<string, readonly string[]>>;
  readonly entries: readonly LogsourceEntry[];
}

const lowerLogsource = (l: { category?: string | undefined; product?: string | undefined; service?: string | undefined }): Logsource => ({
  ...(l.category !== undefined ? { category: l.category.toLowerCase() } : {}),
  ...(l.product !== undefined ? { product: l.product.toLowerCase() } : {}),
  ...(l.service !== undefined ? { service: l.service.toLowerCase() } : {}),
});

/** Validates a parsed pipeline document; throws with a readable reason. */
export function pipelineFromObject(value: unknown, origin = 'pipeline'): Pipeline {
  const r = pipelineSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`${origin}: invalid pipeline: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  const p = r.data;
  return {
    name: p.name,
    normalise: p.normalise,
    recognise: p.recognise,
    route: p.route,
    fieldaliases: p.fieldaliases,
    entries: Object.entries(p.logsources).map(([name, e]) => ({
      name,
      logsource: lowerLogsource(e),
      rewrite: lowerLogsource(e.rewrite),
      conditions: Object.fromEntries(Object.entries(e.conditions ?? {}).map(([k, v]) => [k, v.map((x) => x.toLowerCase())])),
      fieldmappings: e.fieldmappings,
    })),
  };
}

export function pipelineFromYaml(textSource: string, origin: string): Pipeline {
  const { docs, errors } = parseYamlDocuments({ path: origin, text: textSource });
  if (errors.length > 0) throw new Error(`${origin}: ${errors[0]?.reason ?? 'YAML error'}`);
  if (docs.length !== 1) throw new Error(`${origin}: a pipeline file holds exactly one YAML document`);
  return pipelineFromObject(docs[0]?.value, origin);
}

export function loadPipelineFile(path: string): Pipeline {
  return pipelineFromYaml(readFileSync(path, 'utf8'), path);
}

let windowsDefault: Pipeline | undefined;

/** The default Windows pipeline (Channel/EventID routing after the THOR mapping). */
export function windowsPipeline(): Pipeline {
  windowsDefault ??= loadPipelineFile(new URL('./pipelines/windows.yml', import.meta.url).pathname);
  return windowsDefault;
}

const KEYS = ['category', 'product', 'service'] as const;

/**
 * Does a pipeline entry apply to a rule's logsource? Every key the entry names must equal the rule's,
 * and every key the rule names must be named by the entry or its rewrite (so `product: windows,
 * service: security` rules do not pick up the process_creation entry that rewrites to security).
 */
export function entryMatches(entry: LogsourceEntry, rule: Logsource): boolean {
  for (const k of KEYS) {
    const e = entry.logsource[k];
    if (e !== undefined && rule[k] !== e) return false;
    const r = rule[k];
    if (r !== undefined && e === undefined && entry.rewrite[k] !== r) return false;
  }
  return true;
}

/** Does an explicitly declared event logsource satisfy a rule's logsource? */
export function logsourceSatisfies(declared: Logsource, rule: Logsource): boolean {
  return KEYS.every((k) => rule[k] === undefined || rule[k] === declared[k]);
}
