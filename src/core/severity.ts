/** OCSF severity vocabulary (severity_id 0–6 and 99). */
export const SEVERITIES = ['unknown', 'informational', 'low', 'medium', 'high', 'critical', 'fatal', 'other'] as const;
export type Severity = (typeof SEVERITIES)[number];

const SEVERITY_IDS: Readonly<Record<Severity, number>> = {
  unknown: 0,
  informational: 1,
  low: 2,
  medium: 3,
  high: 4,
  critical: 5,
  fatal: 6,
  other: 99,
};

export function severityId(severity: Severity): number {
  return SEVERITY_IDS[severity];
}

export function severityFromId(id: number): Severity {
  const found = SEVERITIES.find((s) => SEVERITY_IDS[s] === id);
  return found ?? 'unknown';
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** Rank for ordering: unknown/other sort lowest, fatal highest. */
export function severityRank(severity: Severity): number {
  return severity === 'other' ? 0 : SEVERITY_IDS[severity];
}
