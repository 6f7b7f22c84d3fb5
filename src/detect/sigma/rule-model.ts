/**
 * The three kinds of Sigma documents (detection rules, correlation rules, filters), validated with zod at
 * the edge. Detection content (search identifiers) is free-form here; `detection-compiler.ts` checks it.
 * Numbers arrive as their YAML source text (see `yaml-loader.ts`), hence the coercions.
 */
import { z } from 'zod';

export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

export const CORRELATION_TYPES = [
  'event_count', 'value_count', 'temporal', 'temporal_ordered', 'value_sum', 'value_avg', 'value_percentile',
] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

export const CONDITION_OPS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

const text = z.union([z.string(), z.number()]).transform(String);
const textList = z.union([text, z.array(text)]).transform((v) => (Array.isArray(v) ? v : [v]));
const number = z.union([z.string(), z.number()]).transform(Number).refine(Number.isFinite, 'expected a number');

const metaShape = {
  title: text.pipe(z.string().min(1)),
  id: text.optional(),
  name: text.optional(),
  description: z.string().optional(),
  status: z.string().optional(),
  level: z.enum(LEVELS).optional(),
  tags: z.array(text).optional(),
  author: z.string().optional(),
  references: z.array(text).optional(),
  falsepositives: z.union([text, z.array(z.unknown())]).optional(),
  date: text.optional(),
  modified: text.optional(),
};

const logsourceSchema = z.object({
  category: text.optional(),
  product: text.optional(),
  service: text.optional(),
  definition: z.unknown().optional(),
});
export type Logsource = { readonly category?: string; readonly product?: string; readonly service?: string };

const searchSchema = z.record(z.string(), z.unknown()).refine((d) => d['condition'] !== undefined, 'detection needs a condition');

export const detectionRuleSchema = z.object({ ...metaShape, logsource: logsourceSchema, detection: searchSchema });

const timespanSchema = text.transform((t, ctx) => {
  const m = /^(\d+)([smhdw])$/.exec(t.trim());
  if (m === null) {
    ctx.addIssue({ code: 'custom', message: `timespan '${t}' is not a number followed by s, m, h, d or w` });
    return z.NEVER;
  }
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
});

const correlationConditionSchema = z
  .object({
    gt: number.optional(),
    gte: number.optional(),
    lt: number.optional(),
    lte: number.optional(),
    eq: number.optional(),
    neq: number.optional(),
    field: textList.optional(),
  })
  .strict();

export const correlationRuleSchema = z.object({
  ...metaShape,
  correlation: z.object({
    type: z.enum(CORRELATION_TYPES),
    rules: textList.pipe(z.array(z.string()).min(1)),
    'group-by': textList.optional(),
    timespan: timespanSchema,
    condition: correlationConditionSchema.optional(),
    aliases: z.record(z.string(), z.record(z.string(), text)).optional(),
    generate: z.boolean().optional(),
  }),
  generate: z.boolean().optional(),
});

export const filterSchema = z.object({
  ...metaShape,
  logsource: logsourceSchema,
  filter: z
    .record(z.string(), z.unknown())
    .refine((f) => f['rules'] !== undefined, 'filter needs rules')
    .refine((f) => f['condition'] !== undefined, 'filter needs a condition'),
});

export interface RuleMeta {
  readonly id?: string;
  readonly name?: string;
  readonly title: string;
  readonly description?: string;
  readonly status?: string;
  readonly level?: Level;
  readonly tags: readonly string[];
  readonly author?: string;
  readonly references: readonly string[];
  readonly falsepositives: readonly string[];
  readonly date?: string;
  readonly modified?: string;
}

export interface DocSource {
  readonly path: string;
  /** 0-based index of the document in a multi-document YAML file. */
  readonly index: number;
}

export interface DetectionRuleDoc {
  readonly kind: 'rule';
  readonly meta: RuleMeta;
  readonly logsource: Logsource;
  readonly detection: Readonly<Record<string, unknown>>;
  readonly source: DocSource;
}

export interface CorrelationCondition {
  readonly ops: readonly { readonly op: ConditionOp; readonly value: number }[];
  readonly fields: readonly string[];
}

export interface CorrelationDoc {
  readonly kind: 'correlation';
  readonly meta: RuleMeta;
  readonly type: CorrelationType;
  readonly rules: readonly string[];
  readonly groupBy: readonly string[];
  readonly timespanMs: number;
  readonly condition: CorrelationCondition | undefined;
  readonly aliases: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly generate: boolean;
  readonly source: DocSource;
}

export interface FilterDoc {
  readonly kind: 'filter';
  readonly meta: RuleMeta;
  readonly logsource: Logsource;
  readonly rules: readonly string[];
  readonly detection: Readonly<Record<string, unknown>>;
  readonly source: DocSource;
}

export type SigmaDoc = DetectionRuleDoc | CorrelationDoc | FilterDoc;

/** A stable identity for a rule: its id, else its name, else where it was read from. */
export const ruleKey = (meta: RuleMeta, source: DocSource): string => meta.id ?? meta.name ?? `${source.path}#${source.index}`;
