import type { AttackRef } from '../../core/alert.ts';
import type { ObservableSet } from './observables.ts';
import { pairAttacks } from './attack-refs.ts';
import type { JsonRecord } from './values.ts';
import { str, strs } from './values.ts';

// Helpers for Suricata EVE fields, shared by the Suricata parser and Wazuh alerts that relay EVE.

/**
 * ATT&CK references in a Suricata rule's metadata, as Emerging Threats writes them:
 * `metadata: {mitre_tactic_id: ["TA0001"], mitre_tactic_name: ["Initial_Access"],
 * mitre_technique_id: ["T1190"], mitre_technique_name: ["Exploit_Public_Facing_Application"]}`.
 */
export function suricataMetadataAttacks(metadata: JsonRecord): AttackRef[] {
  const techniqueIds = strs(metadata['mitre_technique_id']);
  const tacticIds = strs(metadata['mitre_tactic_id']);
  const names = strs(metadata['mitre_technique_name']);
  const tacticNames = strs(metadata['mitre_tactic_name']);
  if (techniqueIds.length + tacticIds.length + names.length + tacticNames.length === 0) return [];
  return pairAttacks(tacticIds, tacticNames, techniqueIds, names);
}

/** Suricata-style `http` object (EVE, or as Wazuh re-emits it under `data.http`). */
export function httpObservables(http: JsonRecord, destPort: unknown, obs: ObservableSet): void {
  const hostname = str(http['hostname']);
  obs.domain(hostname, 'dst');
  const url = str(http['url']);
  if (url !== undefined) obs.add('url', absoluteUrl(hostname, url, destPort), 'dst');
  obs.add('user_agent', http['http_user_agent'], 'src');
}

/**
 * EVE logs the request target (`/path?q`) and the Host header apart; analysts and reputation look-ups
 * want one URL. The scheme is http (Suricata sees decrypted HTTP only); a non-default port is kept.
 */
export function absoluteUrl(hostname: string | undefined, url: string, destPort: unknown): string {
  if (hostname === undefined || url.charCodeAt(0) !== 47 || url.startsWith('//')) return url;
  const port = str(destPort);
  return port === undefined || port === '80' ? `http://${hostname}${url}` : `http://${hostname}:${port}${url}`;
}
