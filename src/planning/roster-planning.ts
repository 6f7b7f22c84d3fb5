import type { Clock } from '../core/clock.ts';
import { notFound, userError } from '../core/errors.ts';
import { prefixedId } from '../core/ids.ts';
import {
  analystCalendar,
  applyEdits,
  buildSocPlan,
  checkEdits,
  coverageReport,
  fairnessReport,
  forecastAlerts,
  planTeam,
  publishRoster,
  rosterFromIds,
  rosterToIds,
  teamCalendar,
  teamSpecSchema,
  type CoverageReport,
  type EditCheck,
  type Forecast,
  type HourDemand,
  type HourNeed,
  type RosterEdit,
  type StaffingConfig,
  type TeamSpec,
} from '../roster/index.ts';
import type { Store, StoredRoster } from '../store/index.ts';
import type { TenantContexts } from '../workflow/tenant-context.ts';

export interface PlanRequest {
  readonly spec: unknown;
  readonly timeLimitSeconds: number;
  /** Plan coverage from the tenant's own alert history: forecast, then Erlang staffing per tier. */
  readonly staffing?: StaffingConfig;
  readonly historyWeeks?: number;
}

/**
 * Rosters as a service: forecast from the tenant's alert history, plan a team roster (staffing → solver →
 * coverage and fairness), edit it with checked swaps, publish it as the duty shifts the workflow assigns
 * from, and serve iCal feeds. Analyst ids in a team spec are Vigil users (id or e-mail).
 */
export class RosterPlanning {
  private readonly store: Store;
  private readonly contexts: TenantContexts;
  private readonly clock: Clock;

  constructor(deps: { store: Store; contexts: TenantContexts; clock: Clock }) {
    this.store = deps.store;
    this.contexts = deps.contexts;
    this.clock = deps.clock;
  }

  /** Alerts per hour of the week for the coming weeks, from the last `historyWeeks` weeks of alerts. */
  async forecast(tenantId: string, weeks: number, historyWeeks = 8): Promise<Forecast> {
    const ctx = await this.contexts.get(tenantId);
    const toHour = Math.floor(this.clock.now().getTime() / 3_600_000);
    const fromHour = toHour - historyWeeks * 168;
    const counts = await this.store.alerts.hourlyCounts(tenantId, fromHour, toHour);
    if (counts.size === 0) throw userError('no_history', `tenant ${tenantId} has no alerts in the last ${historyWeeks} weeks to forecast from`, 409);
    const observations = [];
    for (let h = fromHour; h < toHour; h++) observations.push({ hour: new Date(h * 3_600_000).toISOString(), alerts: counts.get(h) ?? 0 });
    const country = ctx.settings.country;
    return forecastAlerts(observations, {
      zone: ctx.timeZone,
      weeks,
      holidays: country === undefined ? null : { country, ...(ctx.settings.region === undefined ? {} : { region: ctx.settings.region }) },
    });
  }

  async plan(tenantId: string, request: PlanRequest): Promise<StoredRoster> {
    const parsed = teamSpecSchema.safeParse(request.spec);
    if (!parsed.success) {
      throw userError('bad_team_spec', `team spec: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(spec)'}: ${i.message}`).join('; ')}`);
    }
    const spec = parsed.data;
    await this.userIds(tenantId, spec);
    let staffing: { hours: HourDemand[]; config: StaffingConfig } | undefined;
    if (request.staffing !== undefined) {
      const forecast = await this.forecast(tenantId, spec.weeks, request.historyWeeks);
      staffing = { hours: forecast.hours.map((h) => ({ start: h.start, alerts: h.alerts })), config: request.staffing };
    }
    const result = await planTeam(spec, { timeLimit: request.timeLimitSeconds, ...(staffing === undefined ? {} : { staffing }) });
    const roster: StoredRoster = {
      id: prefixedId('ros'),
      tenantId,
      name: spec.name,
      status: 'draft',
      createdAt: this.clock.now().getTime(),
      publishedAt: null,
      startsAt: Date.parse(result.published.from),
      endsAt: Date.parse(result.published.to),
      spec,
      needs: result.plan.needs,
      grid: result.roster,
      summary: {
        objective: result.solve.objective,
        bound: result.solve.bound,
        gap: result.solve.gap,
        seconds: result.solve.seconds,
        feasible: result.solve.feasible,
        coverage: summariseCoverage(result.coverage),
        fairness: result.fairness,
      },
    };
    await this.store.rosters.insert(roster);
    return roster;
  }

  /** Checks edits (overrides, swaps) against every hard rule; applies them when none breaks. */
  async edit(tenantId: string, id: string, edits: readonly RosterEdit[], apply: boolean): Promise<EditCheck> {
    const stored = await this.get(tenantId, id);
    const plan = this.rebuild(stored);
    const roster = rosterFromIds(plan.problem, stored.grid);
    const check = checkEdits(plan, roster, edits);
    if (apply && check.ok) {
      const after = applyEdits(plan, roster, edits);
      const published = publishRoster(plan, after);
      const coverage = coverageReport(published, plan.needs, { zone: plan.spec.zone, holidays: plan.spec.holidays });
      await this.store.rosters.update(tenantId, id, {
        grid: rosterToIds(plan.problem, after),
        summary: { ...stored.summary, coverage: summariseCoverage(coverage), fairness: fairnessReport(plan.problem, after), edited: true },
      });
      if (stored.status === 'published') await this.publish(tenantId, id);
    }
    return check;
  }

  /** Publishes a roster: its shifts become the duty the workflow assigns from (replacing its earlier publication). */
  async publish(tenantId: string, id: string): Promise<{ shifts: number }> {
    const stored = await this.get(tenantId, id);
    const plan = this.rebuild(stored);
    const published = publishRoster(plan, rosterFromIds(plan.problem, stored.grid));
    const users = await this.userIds(tenantId, plan.spec);
    const now = this.clock.now().getTime();
    for (const a of plan.spec.analysts) {
      const userId = users.get(a.id) ?? a.id;
      if (a.tier === 't1' || a.tier === 't2' || a.tier === 't3' || a.tier === 'mssp') {
        await this.store.duty.upsertAnalyst({ tenantId, userId, tier: a.tier, skills: a.skills }, now);
      }
    }
    const shifts = published.assignments.map((s) => ({
      id: prefixedId('sft'),
      tenantId,
      userId: users.get(s.analyst) ?? s.analyst,
      startsAt: Date.parse(s.start),
      endsAt: Date.parse(s.end),
      source: `roster:${id}`,
    }));
    await this.store.duty.replaceSource(tenantId, `roster:${id}`, shifts);
    await this.store.rosters.update(tenantId, id, { status: 'published', publishedAt: now });
    await this.store.rosters.supersede(tenantId, stored.name, stored.startsAt, stored.endsAt, id);
    return { shifts: shifts.length };
  }

  async ical(tenantId: string, id: string, analyst?: string): Promise<string> {
    const stored = await this.get(tenantId, id);
    const plan = this.rebuild(stored);
    const published = publishRoster(plan, rosterFromIds(plan.problem, stored.grid));
    const options = { domain: `${tenantId}.vigil`, now: new Date(stored.publishedAt ?? stored.createdAt) };
    if (analyst === undefined) return teamCalendar(published, options);
    if (!plan.spec.analysts.some((a) => a.id === analyst)) throw notFound(`analyst ${analyst} in roster ${id}`);
    return analystCalendar(published, analyst, options);
  }

  async get(tenantId: string, id: string): Promise<StoredRoster> {
    const stored = await this.store.rosters.get(tenantId, id);
    if (stored === undefined) throw notFound(`roster ${id}`);
    return stored;
  }

  private rebuild(stored: StoredRoster) {
    return buildSocPlan(teamSpecSchema.parse(stored.spec), { needs: stored.needs as HourNeed[] });
  }

  /** Analyst ids of a spec as Vigil user ids (ids or e-mails of the tenant's users); unknown ones are an error. */
  private async userIds(tenantId: string, spec: TeamSpec): Promise<Map<string, string>> {
    const users = await this.store.identities.listUsers(tenantId);
    const byKey = new Map<string, string>();
    for (const u of users) {
      byKey.set(u.id, u.id);
      byKey.set(u.email, u.id);
    }
    const unknown = spec.analysts.filter((a) => !byKey.has(a.id.toLowerCase()) && !byKey.has(a.id)).map((a) => a.id);
    if (unknown.length > 0) throw userError('unknown_analysts', `not users of this tenant: ${unknown.slice(0, 10).join(', ')}`);
    return new Map(spec.analysts.map((a) => [a.id, byKey.get(a.id) ?? byKey.get(a.id.toLowerCase()) ?? a.id]));
  }
}

/** The coverage totals (per band and tier); the hour-by-hour detail is recomputed when asked for. */
function summariseCoverage(coverage: CoverageReport): Omit<CoverageReport, 'hours'> {
  const { hours: _perHour, ...totals } = coverage;
  return totals;
}
