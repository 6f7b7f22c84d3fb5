/** Syslog PRI (`<N>`, N = facility × 8 + severity), RFC 5424 §6.2.1 / RFC 3164 §4.1.1. */

export const SYSLOG_SEVERITIES = [
  'emergency',
  'alert',
  'critical',
  'error',
  'warning',
  'notice',
  'informational',
  'debug',
] as const;
export type SyslogSeverityName = (typeof SYSLOG_SEVERITIES)[number];

export const SYSLOG_FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp',
  'security', 'console', 'clock', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
] as const;
export type SyslogFacilityName = (typeof SYSLOG_FACILITIES)[number];

export interface Pri {
  readonly pri: number;
  readonly facility: number;
  readonly severity: number;
  /** Where the header continues after `>`. */
  readonly end: number;
}

/**
 * Reads `<N>` at the start of `line`: 1–3 digits, 0–191, no leading zeros except `<0>`.
 * Returns undefined when the line does not start with a valid PRI.
 */
export function readPri(line: string): Pri | undefined {
  if (line.charCodeAt(0) !== 60) return undefined; // <
  let n = 0;
  let i = 1;
  for (; i < 5 && i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 62) break; // >
    if (c < 48 || c > 57) return undefined;
    n = n * 10 + (c - 48);
  }
  const digits = i - 1;
  if (line.charCodeAt(i) !== 62 || digits === 0 || digits > 3 || n > 191) return undefined;
  if (digits > 1 && line.charCodeAt(1) === 48) return undefined;
  return { pri: n, facility: n >> 3, severity: n & 7, end: i + 1 };
}

export function severityName(severity: number): SyslogSeverityName | undefined {
  return SYSLOG_SEVERITIES[severity];
}

export function facilityName(facility: number): SyslogFacilityName | undefined {
  return SYSLOG_FACILITIES[facility];
}
