import type { AttackRef, Observable } from '../../core/alert.ts';
import { isTacticId, isTechniqueId, pairAttacks } from './attack-refs.ts';
import type { ObservableAdder } from './observables.ts';
import { ObservableSet } from './observables.ts';


/** CEF dictionary keys (full names are accepted as well as the short ones) → observable kind and role. */
const CEF_FIELDS: readonly (readonly [readonly string[], ObservableAdder, Observable['role']])[] = [
  [['src', 'sourceAddress'], 'address', 'src'],
  [['spt', 'sourcePort'], 'port', 'src'],
  [['shost', 'sourceHostName'], 'host', 'src'],
  [['smac', 'sourceMacAddress'], 'mac', 'src'],
  [['suser', 'sourceUserName'], 'user', 'actor'],
  [['sproc', 'sourceProcessName'], 'process', 'actor'],
  [['sourceDnsDomain'], 'domain', 'src'],
  [['dst', 'destinationAddress'], 'address', 'dst'],
  [['dpt', 'destinationPort'], 'port', 'dst'],
  [['dhost', 'destinationHostName'], 'host', 'dst'],
  [['dmac', 'destinationMacAddress'], 'mac', 'dst'],
  [['duser', 'destinationUserName'], 'user', 'target'],
  [['dproc', 'destinationProcessName'], 'process', 'target'],
  [['destinationDnsDomain'], 'domain', 'dst'],
  [['dvchost', 'deviceHostName'], 'host', 'device'],
  [['dvc', 'deviceAddress'], 'address', 'device'],
  [['dvcmac', 'deviceMacAddress'], 'mac', 'device'],
  [['request', 'requestURL'], 'url', 'dst'],
  [['requestClientApplication'], 'user_agent', 'src'],
  [['filePath'], 'file', 'target'],
  [['fileHash', 'oldFileHash'], 'hashes', 'target'],
];

export function cefObservables(ext: Readonly<Record<string, string>>, syslogHost: string | undefined): readonly Observable[] {
  const obs = new ObservableSet();
  for (const [keys, adder, role] of CEF_FIELDS) {
    for (const key of keys) {
      const value = ext[key];
      if (value === undefined) continue;
      obs.put(adder, value, role);
    }
  }
  if (ext['filePath'] === undefined) obs.add('file', ext['fname'] ?? ext['fileName'], 'target');
  obs.host(syslogHost, 'device');
  return obs.toArray();
}

const CUSTOM_STRINGS = [1, 2, 3, 4, 5, 6].map((n) => [`cs${n}Label`, `cs${n}`] as const);

/**
 * CEF has no ATT&CK keys; producers put them in custom strings labelled e.g. "MITRE Tactic" /
 * "mitre_technique_id". Ids are taken from the values; a value with no id is a name, by its label.
 */
export function cefAttacks(ext: Readonly<Record<string, string>>): readonly AttackRef[] {
  const tacticIds: string[] = [];
  const tactics: string[] = [];
  const techniqueIds: string[] = [];
  const techniques: string[] = [];
  for (const [labelKey, valueKey] of CUSTOM_STRINGS) {
    const label = ext[labelKey];
    const value = ext[valueKey];
    if (label === undefined || value === undefined || !/tactic|technique|mitre|att&ck/i.test(label)) continue;
    const ids = value.match(/\bT(?:A\d{4}|\d{4}(?:\.\d{3})?)\b/g) ?? [];
    for (const id of ids) {
      if (isTacticId(id)) tacticIds.push(id);
      else if (isTechniqueId(id)) techniqueIds.push(id);
    }
    if (ids.length === 0) {
      if (/tactic/i.test(label)) tactics.push(...value.split(',').map((s) => s.trim()).filter(Boolean));
      else if (/technique/i.test(label)) techniques.push(...value.split(',').map((s) => s.trim()).filter(Boolean));
    }
  }
  if (tacticIds.length + tactics.length + techniqueIds.length + techniques.length === 0) return [];
  return pairAttacks(tacticIds, tactics, techniqueIds, techniques);
}
