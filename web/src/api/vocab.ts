// The server's own value lists (pure modules with no dependencies), so the console's menus cannot drift.
export { VERDICTS } from '../../../src/core/verdict.ts';
export { HOUR_BANDS, INCIDENT_STATUSES, PRIORITIES, TIERS } from '../../../src/workflow/incident.ts';

import type { HourBand, IncidentStatus, Priority, Tier, Verdict } from './types.ts';

export const PRIORITY_RANK: Readonly<Record<Priority, number>> = { p1: 0, p2: 1, p3: 2, p4: 3 };

export const STATUS_LABEL: Readonly<Record<IncidentStatus, string>> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  in_progress: 'In progress',
  resolved: 'Resolved',
};

export const TIER_LABEL: Readonly<Record<Tier, string>> = { t1: 'T1', t2: 'T2', t3: 'T3', mssp: 'MSSP' };

export const BAND_LABEL: Readonly<Record<HourBand, string>> = { business: 'Business hours', off_hours: 'Off-hours', holiday: 'Holidays' };

export const VERDICT_LABEL: Readonly<Record<Verdict, string>> = {
  false_positive: 'False positive',
  true_positive: 'True positive',
  disregard: 'Disregard',
  suspicious: 'Suspicious',
  benign: 'Benign',
  test: 'Test',
  insufficient_data: 'Insufficient data',
  security_risk: 'Security risk',
  managed_externally: 'Managed externally',
  duplicate: 'Duplicate',
};
