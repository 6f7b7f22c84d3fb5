import { z } from 'zod';
import { userError } from '../core/errors.ts';
import { triagePolicySchema } from '../triage/index.ts';
import { groupingRulesSchema } from './grouping.ts';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)');
const weekdays = z.array(z.number().int().min(1).max(7)).describe('ISO weekdays: 1 = Monday … 7 = Sunday');
const window = z.object({ days: weekdays, start: clockTime, end: clockTime });

const slaTarget = z.object({
  ackMinutes: z.number().positive(),
  resolveMinutes: z.number().positive(),
});

const BREACH_ACTIONS = ['next-tier', 'manager', 'notify'] as const;

/**
 * A tenant's operating model, kept in its settings and validated here: calendar (business hours,
 * public holidays), tier model, MSSP hours, SLA targets and what a breach does, grouping rules.
 */
export const workflowSettingsSchema = z.object({
  /** ISO 3166 country (and optional region) for public holidays, e.g. GB/ENG, US/CA, DE/BY. */
  country: z.string().optional(),
  region: z.string().optional(),
  businessHours: window.default({ days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }),
  tierModel: z.enum(['three-tier', 'two-tier', 'hybrid']).default('three-tier'),
  /** Hybrid only: when new incidents go to the external MSSP instead of in-house T1. */
  mssp: z
    .object({
      offHours: z.boolean().default(true),
      holidays: z.boolean().default(true),
      windows: z.array(window).default([]),
      /** `role`: MSSP operators work in Vigil (role mssp); `webhook`: incidents are sent to the provider. */
      mode: z.enum(['role', 'webhook']).default('role'),
      webhookUrl: z.url().optional(),
      /** The provider's own acknowledge target, when it differs from the tenant's. */
      ackMinutes: z.number().positive().optional(),
    })
    .prefault({}),
  sla: z
    .object({ p1: slaTarget, p2: slaTarget, p3: slaTarget, p4: slaTarget })
    .default({
      p1: { ackMinutes: 15, resolveMinutes: 4 * 60 },
      p2: { ackMinutes: 30, resolveMinutes: 8 * 60 },
      p3: { ackMinutes: 4 * 60, resolveMinutes: 3 * 24 * 60 },
      p4: { ackMinutes: 24 * 60, resolveMinutes: 7 * 24 * 60 },
    }),
  /** What a breached (or about-to-breach) clock does, in order. */
  onAckBreach: z.array(z.enum(BREACH_ACTIONS)).default(['next-tier', 'notify']),
  onResolveBreach: z.array(z.enum(BREACH_ACTIONS)).default(['manager', 'notify']),
  /** Warn this long before a clock breaches (an `sla_warning` event and a notification). */
  warnBeforeMinutes: z.number().min(0).default(5),
  /** Outbound notifications (breaches, MSSP hand-offs) go only here. */
  notifyWebhookUrl: z.url().optional(),
  /** T1 may not close a P1 incident without a T2 (or higher) doing it. */
  requireT2ReviewForP1Close: z.boolean().default(true),
  /** Priorities that skip T1 and open in the T2 queue. */
  directToT2: z.array(z.enum(['p1', 'p2', 'p3', 'p4'])).default([]),
  grouping: groupingRulesSchema.prefault({}),
  /**
   * AI triage. On by default, and safe by default: every class starts at `assist` trust (the AI suggests,
   * humans decide) and only earns auto-close from analysts' verdicts. `policy` is the triage policy
   * (src/triage/policy.ts: thresholds, trust targets, quality-review rate…).
   */
  triage: z
    .object({
      enabled: z.boolean().default(true),
      policy: triagePolicySchema.prefault({}),
      /** Save a new model version after this many verdicts. */
      snapshotEveryVerdicts: z.number().int().positive().default(25),
    })
    .prefault({}),
});
export type WorkflowSettings = z.infer<typeof workflowSettingsSchema>;
export type BreachAction = (typeof BREACH_ACTIONS)[number];

/** Reads a tenant's settings JSON; a stored value that no longer validates is a clear error, not a crash. */
export function parseWorkflowSettings(settings: unknown, tenantId: string): WorkflowSettings {
  const result = workflowSettingsSchema.safeParse(settings ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ');
    throw userError('invalid_settings', `workflow settings of tenant ${tenantId} are invalid: ${problems}`);
  }
  return result.data;
}
