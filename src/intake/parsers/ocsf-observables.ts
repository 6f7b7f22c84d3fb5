import type { Observable, ObservableKind, ObservableRole } from '../../core/alert.ts';
import { ObservableSet } from './observables.ts';
import type { JsonRecord } from './values.ts';
import { isRecord, num, rec, str } from './values.ts';

/**
 * OCSF observable `type_id` → Vigil kind. Scalar types (1–16, 45) carry a `value`; object types (20+) may not,
 * and are then read from the objects themselves (device, endpoints, actor, evidences) below.
 */
const TYPE_KINDS: Readonly<Record<number, ObservableKind>> = {
  1: 'hostname', 2: 'ip', 3: 'mac', 4: 'user', 5: 'email', 6: 'url', 7: 'file', 8: 'hash', 9: 'process',
  11: 'port', 13: 'command_line', 16: 'user_agent',
  21: 'user', 22: 'email', 23: 'url', 24: 'file', 25: 'process', 30: 'hash', 45: 'file',
};

/** Role from the attribute path an OCSF observable points at (`src_endpoint.ip` → src). */
function roleOf(name: string | undefined): ObservableRole | undefined {
  if (name === undefined) return undefined;
  if (name.includes('src_endpoint')) return 'src';
  if (name.includes('dst_endpoint')) return 'dst';
  if (name.startsWith('device')) return 'device';
  if (name.includes('actor')) return 'actor';
  return undefined;
}

export function ocsfObservables(finding: JsonRecord): readonly Observable[] {
  const obs = new ObservableSet();
  const list = finding['observables'];
  if (Array.isArray(list)) {
    for (const o of list) {
      if (!isRecord(o)) continue;
      const typeId = num(o['type_id']);
      const kind = typeId === undefined ? undefined : TYPE_KINDS[typeId];
      if (kind === undefined) continue;
      const role = roleOf(str(o['name']));
      if (kind === 'ip') obs.address(o['value'], role);
      else if (kind === 'hostname') obs.host(o['value'], role);
      else if (kind === 'port') obs.port(o['value'], role);
      else obs.add(kind, o['value'], role);
    }
  }
  endpoint(rec(finding['device']), 'device', obs);
  endpoint(rec(finding['src_endpoint']), 'src', obs);
  endpoint(rec(finding['dst_endpoint']), 'dst', obs);
  actor(rec(finding['actor']), obs);
  const evidences = finding['evidences'];
  if (Array.isArray(evidences)) for (const e of evidences) if (isRecord(e)) evidence(e, obs);
  return obs.toArray();
}

/** device or network_endpoint: hostname, name, ip, port, mac, domain. */
function endpoint(e: JsonRecord | undefined, role: ObservableRole, obs: ObservableSet): void {
  if (e === undefined) return;
  obs.host(e['hostname'], role);
  if (e['hostname'] === undefined) obs.host(e['name'], role);
  obs.address(e['ip'], role);
  obs.port(e['port'], role);
  obs.add('mac', e['mac'], role);
  obs.domain(e['domain'], role);
}

function actor(a: JsonRecord | undefined, obs: ObservableSet): void {
  if (a === undefined) return;
  user(rec(a['user']), 'actor', obs);
  process(rec(a['process']), 'actor', obs);
}

function user(u: JsonRecord | undefined, role: ObservableRole, obs: ObservableSet): void {
  if (u === undefined) return;
  obs.add('user', u['name'], role);
  obs.add('email', u['email_addr'], role);
}

function process(p: JsonRecord | undefined, role: ObservableRole, obs: ObservableSet): void {
  if (p === undefined) return;
  const f = rec(p['file']);
  const path = f === undefined ? undefined : str(f['path']);
  obs.add('process', path ?? p['name'], role);
  obs.add('command_line', p['cmd_line'], role);
  if (f !== undefined) hashes(f, role, obs);
  user(rec(p['user']), role, obs);
}

function file(f: JsonRecord | undefined, role: ObservableRole, obs: ObservableSet): void {
  if (f === undefined) return;
  obs.add('file', str(f['path']) ?? f['name'], role);
  hashes(f, role, obs);
}

/** `hashes: [{algorithm_id, value}]` (fingerprint objects). */
function hashes(f: JsonRecord, role: ObservableRole, obs: ObservableSet): void {
  const list = f['hashes'];
  if (!Array.isArray(list)) return;
  for (const h of list) if (isRecord(h)) obs.hashes(h['value'], role);
}

/** One evidence artifact: the objects a detection relied on. */
function evidence(e: JsonRecord, obs: ObservableSet): void {
  endpoint(rec(e['device']), 'device', obs);
  endpoint(rec(e['src_endpoint']), 'src', obs);
  endpoint(rec(e['dst_endpoint']), 'dst', obs);
  actor(rec(e['actor']), obs);
  process(rec(e['process']), 'actor', obs);
  file(rec(e['file']), 'target', obs);
  user(rec(e['user']), 'target', obs);
  const url = rec(e['url']);
  if (url !== undefined) obs.add('url', url['url_string'], 'dst');
  const query = rec(e['query']);
  if (query !== undefined) obs.domain(query['hostname'], 'dst');
}
