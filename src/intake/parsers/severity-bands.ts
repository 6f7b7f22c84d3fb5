import type { Severity } from '../../core/severity.ts';
import { severityFromId } from '../../core/severity.ts';

/**
 * How each source's own severity maps to the OCSF vocabulary. These are the tables a SOC engineer looks
 * up when an alert's severity surprises them; the README beside this file repeats them.
 */

/**
 * Wazuh rule level (0–15, 16 in old rule sets), banded as Wazuh's own dashboards do (low 0–6, medium
 * 7–11, high 12–14, critical 15+), with the bottom of "low" split off as informational: levels 0–3 are
 * "ignored", "system low priority notification" and "successful/authorized events", not problems.
 *   0–3 informational · 4–6 low · 7–11 medium · 12–14 high · 15+ critical
 */
export function wazuhLevelSeverity(level: number): Severity {
  if (level >= 15) return 'critical';
  if (level >= 12) return 'high';
  if (level >= 7) return 'medium';
  if (level >= 4) return 'low';
  return 'informational';
}

/**
 * Suricata `alert.severity` is the classification priority: 1 is the most severe. Emerging Threats uses
 * 1–3 (4 for "not suspicious"/unknown traffic).
 *   1 high · 2 medium · 3 low · 4+ informational
 */
export function suricataSeverity(priority: number): Severity {
  if (priority <= 0) return 'unknown';
  if (priority === 1) return 'high';
  if (priority === 2) return 'medium';
  if (priority === 3) return 'low';
  return 'informational';
}

/**
 * CEF Severity: 0–10, or the words ArcSight uses for the same bands.
 *   0–3 / Low → low · 4–6 / Medium → medium · 7–8 / High → high · 9–10 / Very-High → critical
 * Unknown → unknown. Anything else is not a CEF severity (the caller reports it).
 */
export function cefSeverity(value: string): Severity | undefined {
  if (/^\d{1,2}$/.test(value)) {
    const n = Number(value);
    if (n > 10) return undefined;
    if (n >= 9) return 'critical';
    if (n >= 7) return 'high';
    if (n >= 4) return 'medium';
    return 'low';
  }
  switch (value.toLowerCase().replace(/[\s_]/g, '-')) {
    case 'low':
      return 'low';
    case 'medium':
      return 'medium';
    case 'high':
      return 'high';
    case 'very-high':
    case 'veryhigh':
      return 'critical';
    case 'unknown':
      return 'unknown';
    default:
      return undefined;
  }
}

/**
 * Elastic Security: `kibana.alert.severity` is already low/medium/high/critical. When only the risk score
 * (0–100) is present, Elastic's default score bands are used: 0–21 low, 22–47 medium, 48–73 high, 74–100
 * critical.
 */
export function elasticSeverity(severity: string | undefined, riskScore: number | undefined): Severity | undefined {
  if (severity !== undefined) {
    const s = severity.toLowerCase();
    if (s === 'low' || s === 'medium' || s === 'high' || s === 'critical') return s;
  }
  if (riskScore !== undefined && riskScore >= 0 && riskScore <= 100) {
    if (riskScore >= 74) return 'critical';
    if (riskScore >= 48) return 'high';
    if (riskScore >= 22) return 'medium';
    return 'low';
  }
  return undefined;
}

/** OCSF severity_id 0–6 and 99 map one to one; other numbers are not OCSF severities. */
export function ocsfSeverity(id: number): Severity | undefined {
  if (!Number.isInteger(id) || !((id >= 0 && id <= 6) || id === 99)) return undefined;
  return severityFromId(id);
}
