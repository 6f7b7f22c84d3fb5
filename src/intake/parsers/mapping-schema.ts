import { z } from 'zod';
import { SEVERITIES } from '../../core/severity.ts';

/**
 * The declarative mapping for generic JSON sources, as it appears in the config. Each field is a dotted
 * path (`alert.rule.name`; flat dotted keys and nested objects both resolve) or a list of paths, the first
 * with a value winning. Exported so the config schema can embed it.
 */
const path = z.string().min(1).max(256).regex(/^\S+$/, 'a dotted path without spaces, e.g. "alert.rule.name"');
const paths = z.union([path, z.array(path).min(1).max(8)]);

export const MAPPING_FIELD_NAMES = [
  'title', 'severity', 'occurredAt', 'detectedAt', 'findingUid', 'ruleId', 'ruleName', 'description', 'category',
  'host', 'hostIp', 'srcIp', 'srcPort', 'srcHost', 'dstIp', 'dstPort', 'dstHost', 'user', 'srcUser', 'dstUser',
  'url', 'domain', 'file', 'hash', 'process', 'commandLine', 'userAgent', 'tactic', 'technique',
] as const;
export type MappingFieldName = (typeof MAPPING_FIELD_NAMES)[number];

export const MappingFieldsSchema = z
  .object(Object.fromEntries(MAPPING_FIELD_NAMES.map((name) => [name, paths.optional()])) as Record<MappingFieldName, z.ZodOptional<typeof paths>>)
  .strict();

export const FieldMappingSchema = z
  .object({
    /** The source name alerts carry (`source`), e.g. "crowdstrike" or "acme-edr". */
    name: z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/i, 'letters, digits, "_", ".", ":" or "-", up to 64'),
    fields: MappingFieldsSchema,
    /** Source severity value (compared as a string, case-insensitively) → Vigil severity. */
    severityMap: z.record(z.string(), z.enum(SEVERITIES)).optional(),
    /** Values used when a record has none. */
    defaults: z
      .object({ title: z.string().min(1).optional(), severity: z.enum(SEVERITIES).optional(), category: z.string().min(1).optional() })
      .strict()
      .optional(),
    /** Zone for times without one: `UTC` (default), an IANA name or `±HH:MM`. */
    timeZone: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.fields.title === undefined && m.defaults?.title === undefined) {
      ctx.addIssue({ code: 'custom', path: ['fields', 'title'], message: 'required: a path to the alert title (or defaults.title)' });
    }
  });

export type FieldMapping = z.infer<typeof FieldMappingSchema>;
/** What a config file may contain before defaults are applied (same as FieldMapping: no transforms). */
export type FieldMappingInput = z.input<typeof FieldMappingSchema>;

/** Validates a mapping: the mapping, or every problem as "path: message". */
export function validateMapping(input: unknown): { ok: true; mapping: FieldMapping } | { ok: false; errors: string[] } {
  const r = FieldMappingSchema.safeParse(input);
  if (r.success) return { ok: true, mapping: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => `${i.path.length === 0 ? '(mapping)' : i.path.join('.')}: ${i.message}`),
  };
}
