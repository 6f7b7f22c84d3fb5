/**
 * The roster context's public surface: forecast → staffing (Erlang) → schedule (solver) → coverage and
 * fairness, plus the Curtois & Qu benchmark format, edits, iCal feeds and the on-duty lookup.
 */
export { forecastAlerts, type Forecast, type ForecastError, type ForecastHour, type ForecastOptions, type HourlyObservation } from './forecast.ts';
export { holidayCalendar, type HolidayCalendar, type HolidayRegion } from './holidays.ts';
export { erlangB, erlangC, erlangCAgents, erlangCWait, trafficOf, withShrinkage, type ErlangCResult, type QueueLoad, type ServiceTarget } from './erlang-c.ts';
export { erlangA, erlangAAgents, type ErlangAResult } from './erlang-a.ts';
export { staffingPlan, tierRequirement, type HourDemand, type StaffingConfig, type StaffingHour, type TierHour, type TierStaffing } from './staffing.ts';
export { compareStaffingOptions, seatFte, twoTierConfig, type CostConfig, type StaffingOption } from './staffing-options.ts';
export {
  emptyRoster,
  rosterFromIds,
  rosterToIds,
  weekendsOf,
  OFF,
  type CoverDemand,
  type FairnessTerm,
  type Roster,
  type RosterProblem,
  type ShiftRequest,
  type ShiftType,
  type StaffMember,
  type StaffRules,
} from './roster-problem.ts';
export { parseCurtois, formatCurtois, parseRosterText, formatRosterText } from './curtois-format.ts';
export { scoreRoster, type RosterScore } from './roster-score.ts';
export { checkRoster, checkAssignments, HARD_RULES, type HardRule, type Violation, type CheckResult, type Assignment } from './roster-check.ts';
export { solveRoster, type SolveOptions, type SolveResult } from './roster-solver.ts';
export { teamSpecSchema, type TeamSpec, type AnalystSpec, type ShiftSpec } from './soc-spec.ts';
export { buildSocPlan, publishRoster, type SocPlan, type SocPlanOptions } from './soc-model.ts';
export { hourKey, type HourNeed, type PublishedRoster, type ShiftAssignment } from './published-roster.ts';
export { fairnessReport, gini, maxMinusMin, type FairnessFigure } from './fairness.ts';
export { coverageReport, HOUR_BANDS, type CoverageHour, type CoverageOptions, type CoverageReport, type HourBand } from './coverage.ts';
export { applyEdits, checkEdits, type EditCheck, type RosterEdit } from './swaps.ts';
export { analystCalendar, teamCalendar, escapeText, foldLine, shiftUid, type IcalOptions } from './ical.ts';
export { onDutyAt, nextChangeAfter, type OnDuty, type OnDutyOptions } from './on-duty.ts';
export { planTeam, type TeamPlan, type PlanTeamOptions } from './plan-team.ts';
