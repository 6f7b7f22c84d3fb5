import { z } from 'zod';

/**
 * A SOC team as the roster planner reads it (JSON or YAML at the CLI, a request body at the API): sites and
 * their shift patterns, analysts with tier, skills, contract and time off, the rules, the coverage wanted and
 * how much fairness matters. Validated at the edge; the type is inferred from the schema.
 */
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const shiftSpecSchema = z.object({
  id: z.string().min(1),
  /** Local start time at its site. */
  start: time,
  hours: z.number().positive().max(24),
  /** Defaults to true when the shift covers at least 3 hours between 00:00 and 06:00. */
  night: z.boolean().optional(),
  /** Site that works this shift (follow-the-sun); default the team's first site. */
  site: z.string().optional(),
});

export const siteSpecSchema = z.object({
  id: z.string().min(1),
  zone: z.string().min(1),
});

export const wishSchema = z.object({
  date,
  /** A shift id, or omitted for "any shift". */
  shift: z.string().optional(),
  /** true: wants to be off (that shift, or the whole day); false: wants to work it. */
  off: z.boolean().default(true),
  weight: z.number().positive().default(1),
});

export const analystSpecSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  tier: z.string().min(1),
  skills: z.array(z.string()).default([]),
  site: z.string().optional(),
  contractHoursPerWeek: z.number().positive().default(40),
  /** Whole days off (leave, training). */
  timeOff: z.array(date).default([]),
  /** Only these shift ids (qualification, site or personal arrangement); default all of the analyst's site. */
  shifts: z.array(z.string()).optional(),
  wishes: z.array(wishSchema).default([]),
  /** Load carried in past rosters, per fairness metric, so fairness is cumulative. */
  past: z.record(z.string(), z.number()).default({}),
  maxConsecutiveNights: z.number().int().positive().optional(),
  maxWeekends: z.number().int().nonnegative().optional(),
});

export const rulesSchema = z.object({
  minRestHours: z.number().nonnegative().default(11),
  maxConsecutiveShifts: z.number().int().positive().default(5),
  minConsecutiveShifts: z.number().int().positive().default(1),
  minDaysOffInRow: z.number().int().positive().default(2),
  maxConsecutiveNights: z.number().int().positive().default(3),
  /** Weekends with any shift, over the horizon; default half of them. */
  maxWeekends: z.number().int().nonnegative().optional(),
  /** Extra forbidden successions [from, to] on consecutive days. */
  forbiddenSuccessions: z.array(z.tuple([z.string(), z.string()])).default([]),
  /** Contracted hours may be undershot by this much over the horizon (never exceeded). */
  contractToleranceHours: z.number().nonnegative().default(8),
});

export const coverageRuleSchema = z.object({
  tier: z.string().min(1),
  min: z.number().int().nonnegative(),
  /** ISO weekdays (1 = Monday); default every day. */
  weekdays: z.array(z.number().int().min(1).max(7)).optional(),
  /** Local hours [from, to); default the whole day. */
  fromHour: z.number().int().min(0).max(23).default(0),
  toHour: z.number().int().min(1).max(24).default(24),
  /** Applies on public holidays (true), only on them ("only"), or not on them (false). */
  holidays: z.union([z.boolean(), z.literal('only')]).default(true),
});

export const teamSpecSchema = z.object({
  name: z.string().min(1),
  zone: z.string().min(1),
  /** First day of the roster, local date (any weekday). */
  start: date,
  weeks: z.number().int().positive().max(26),
  holidays: z.object({ country: z.string(), state: z.string().optional(), region: z.string().optional() }).nullable().default(null),
  sites: z.array(siteSpecSchema).default([]),
  tiers: z.array(z.string().min(1)).min(1),
  shifts: z.array(shiftSpecSchema).min(1),
  analysts: z.array(analystSpecSchema).min(1),
  rules: rulesSchema.default(rulesSchema.parse({})),
  /** Minimum analysts per tier by hour; combined (max) with any staffing figures given to the planner. */
  coverage: z.array(coverageRuleSchema).default([]),
  weights: z
    .object({
      /** Per missing analyst-hour. */
      understaffed: z.number().nonnegative().default(100),
      /** Per surplus analyst-hour. */
      overstaffed: z.number().nonnegative().default(0),
      nights: z.number().nonnegative().default(20),
      weekends: z.number().nonnegative().default(20),
      holidays: z.number().nonnegative().default(20),
      load: z.number().nonnegative().default(1),
    })
    .default({ understaffed: 100, overstaffed: 0, nights: 20, weekends: 20, holidays: 20, load: 1 }),
});

export type TeamSpec = z.infer<typeof teamSpecSchema>;
export type AnalystSpec = z.infer<typeof analystSpecSchema>;
export type ShiftSpec = z.infer<typeof shiftSpecSchema>;
