/**
 * A roster as it is published: concrete shifts with UTC start and end, independent of the solver's indexes.
 * Coverage, swaps, iCal feeds and the on-duty lookup all read this form.
 */
export interface ShiftAssignment {
  readonly analyst: string;
  readonly tier: string;
  readonly site: string;
  /** Roster day, local date in the team's zone. */
  readonly date: string;
  readonly shift: string;
  /** UTC ISO instants. */
  readonly start: string;
  readonly end: string;
  readonly night: boolean;
}

/** Analysts needed per tier in one UTC hour. */
export interface HourNeed {
  readonly hour: string;
  readonly needs: Readonly<Record<string, number>>;
}

export interface PublishedRoster {
  readonly team: string;
  readonly zone: string;
  /** Horizon, UTC ISO: [from, to). */
  readonly from: string;
  readonly to: string;
  readonly assignments: readonly ShiftAssignment[];
}

/** Start of the UTC hour containing `ms`, as an ISO string (the key hourly figures use). */
export function hourKey(ms: number): string {
  return new Date(Math.floor(ms / 3_600_000) * 3_600_000).toISOString();
}
