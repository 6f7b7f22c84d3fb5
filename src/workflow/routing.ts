import type { TenantCalendar } from './hour-bands.ts';
import { PRIORITY_LOAD, type Priority, type Tier } from './incident.ts';
import type { OnDutyAnalyst } from './on-duty.ts';
import type { WorkflowSettings } from './settings.ts';

/** True in the hours a hybrid tenant hands its queue to the MSSP. */
export function isMsspHours(settings: WorkflowSettings, calendar: TenantCalendar, at: number): boolean {
  if (settings.tierModel !== 'hybrid') return false;
  const m = settings.mssp;
  if (m.holidays && calendar.isHoliday(at)) return true;
  if (m.offHours && calendar.band(at) !== 'business') return true;
  return m.windows.some((w) => calendar.inWindow(at, w));
}

/** The queue a new incident opens in. */
export function entryTier(settings: WorkflowSettings, calendar: TenantCalendar, priority: Priority, at: number): Tier {
  if (isMsspHours(settings, calendar, at)) return 'mssp';
  return settings.directToT2.includes(priority) ? 't2' : 't1';
}

/** The tier an escalation goes to, or undefined at the top of the model. */
export function nextTier(settings: WorkflowSettings, tier: Tier): Tier | undefined {
  switch (tier) {
    case 'mssp':
    case 't1':
      return 't2';
    case 't2':
      return settings.tierModel === 'two-tier' ? undefined : 't3';
    case 't3':
      return undefined;
  }
}

/**
 * The on-duty analyst of the tier with the least load (open incidents weighted by priority), never
 * someone off shift; ties go to whoever has more of their shift left, so work does not land on
 * someone about to leave.
 */
export function chooseAssignee(
  onDuty: readonly OnDutyAnalyst[],
  tier: Tier,
  load: ReadonlyMap<string, number>,
  at: number,
): OnDutyAnalyst | undefined {
  let best: OnDutyAnalyst | undefined;
  for (const analyst of onDuty) {
    if (analyst.tier !== tier || analyst.shiftEndsAt <= at) continue;
    if (best === undefined) {
      best = analyst;
      continue;
    }
    const a = load.get(analyst.userId) ?? 0;
    const b = load.get(best.userId) ?? 0;
    if (a < b || (a === b && (analyst.shiftEndsAt > best.shiftEndsAt || (analyst.shiftEndsAt === best.shiftEndsAt && analyst.userId < best.userId)))) {
      best = analyst;
    }
  }
  return best;
}

/** Sums open incidents per assignee weighted by priority. */
export function loadByAssignee(rows: readonly { assigneeId: string; priority: Priority; count: number }[]): Map<string, number> {
  const load = new Map<string, number>();
  for (const r of rows) load.set(r.assigneeId, (load.get(r.assigneeId) ?? 0) + PRIORITY_LOAD[r.priority] * r.count);
  return load;
}
