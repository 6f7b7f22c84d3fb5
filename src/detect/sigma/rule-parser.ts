/** Turns one parsed YAML document into a typed Sigma document, or says why it cannot be one. */
import type { z } from 'zod';
import {
  CONDITION_OPS,
  correlationRuleSchema,
  detectionRuleSchema,
  filterSchema,
  type CorrelationCondition,
  type DocSource,
  type Logsource,
  type RuleMeta,
  type SigmaDoc,
} from './rule-model.ts';

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

type MetaInput = z.infer<typeof detectionRuleSchema>;

function metaOf(d: Omit<MetaInput, 'logsource' | 'detection'>): RuleMeta {
  const fps = d.falsepositives;
  return {
    title: d.title,
    tags: d.tags ?? [],
    references: d.references ?? [],
    falsepositives: fps === undefined ? [] : Array.isArray(fps) ? fps.map(String) : [fps],
    ...(d.id !== undefined ? { id: d.id } : {}),
    ...(d.name !== undefined ? { name: d.name } : {}),
    ...(d.description !== undefined ? { description: d.description } : {}),
    ...(d.status !== undefined ? { status: d.status } : {}),
    ...(d.level !== undefined ? { level: d.level } : {}),
    ...(d.author !== undefined ? { author: d.author } : {}),
    ...(d.date !== undefined ? { date: d.date } : {}),
    ...(d.modified !== undefined ? { modified: d.modified } : {}),
  };
}

function logsourceOf(l: { category?: string | undefined; product?: string | undefined; service?: string | undefined }): Logsource {
  return {
    ...(l.category !== undefined ? { category: l.category.toLowerCase() } : {}),
    ...(l.product !== undefined ? { product: l.product.toLowerCase() } : {}),
    ...(l.service !== undefined ? { service: l.service.toLowerCase() } : {}),
  };
}

export function parseSigmaDoc(doc: unknown, source: DocSource): SigmaDoc | string {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'document is not a YAML map';
  const d = doc as Record<string, unknown>;
  if ('action' in d) return "legacy rule collections ('action: global/reset/repeat') are not supported";
  if ('correlation' in d) {
    const r = correlationRuleSchema.safeParse(d);
    if (!r.success) return `invalid correlation rule: ${describeIssues(r.error)}`;
    const c = r.data.correlation;
    let condition: CorrelationCondition | undefined;
    if (c.condition !== undefined) {
      const ops = CONDITION_OPS.flatMap((op) => {
        const value = c.condition?.[op];
        return value === undefined ? [] : [{ op, value }];
      });
      if (ops.length === 0) return 'invalid correlation rule: condition needs one of gt, gte, lt, lte, eq, neq';
      condition = { ops, fields: c.condition.field ?? [] };
    }
    const needsCondition = c.type !== 'temporal' && c.type !== 'temporal_ordered';
    if (needsCondition && condition === undefined) return `invalid correlation rule: ${c.type} needs a condition`;
    if (c.type.startsWith('value_') && (condition?.fields.length ?? 0) === 0) return `invalid correlation rule: ${c.type} needs condition.field`;
    return {
      kind: 'correlation',
      meta: metaOf(r.data),
      type: c.type,
      rules: c.rules,
      groupBy: c['group-by'] ?? [],
      timespanMs: c.timespan,
      condition,
      aliases: c.aliases ?? {},
      generate: c.generate ?? r.data.generate ?? false,
      source,
    };
  }
  if ('filter' in d) {
    const r = filterSchema.safeParse(d);
    if (!r.success) return `invalid filter: ${describeIssues(r.error)}`;
    const { rules, ...detection } = r.data.filter;
    const list = Array.isArray(rules) ? (rules as unknown[]) : [rules];
    if (!list.every((x) => typeof x === 'string' || typeof x === 'number') || list.length === 0) return 'invalid filter: rules must list rule ids or names';
    return { kind: 'filter', meta: metaOf(r.data), logsource: logsourceOf(r.data.logsource), rules: list.map(String), detection, source };
  }
  if ('detection' in d) {
    const r = detectionRuleSchema.safeParse(d);
    if (!r.success) return `invalid rule: ${describeIssues(r.error)}`;
    return { kind: 'rule', meta: metaOf(r.data), logsource: logsourceOf(r.data.logsource), detection: r.data.detection, source };
  }
  return 'document is neither a rule (detection), a correlation nor a filter';
}
