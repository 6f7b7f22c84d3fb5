/**
 * Dispositions use the OCSF verdict vocabulary (verdict_id 1–10). Closing an incident requires one;
 * its alerts inherit it.
 */
export const VERDICTS = [
  'false_positive', // 1
  'true_positive', // 2
  'disregard', // 3
  'suspicious', // 4
  'benign', // 5
  'test', // 6
  'insufficient_data', // 7
  'security_risk', // 8
  'managed_externally', // 9
  'duplicate', // 10
] as const;
export type Verdict = (typeof VERDICTS)[number];

const VERDICT_IDS: Readonly<Record<Verdict, number>> = {
  false_positive: 1,
  true_positive: 2,
  disregard: 3,
  suspicious: 4,
  benign: 5,
  test: 6,
  insufficient_data: 7,
  security_risk: 8,
  managed_externally: 9,
  duplicate: 10,
};

export function verdictId(verdict: Verdict): number {
  return VERDICT_IDS[verdict];
}

/** Verdicts that mean "caused by malicious activity" for accuracy figures. */
export function isMaliciousVerdict(verdict: Verdict): boolean {
  return verdict === 'true_positive' || verdict === 'security_risk';
}
