import type { Observable } from '../../core/alert.ts';
import { getPath, one } from './field-path.ts';
import type { ObservableAdder } from './observables.ts';
import { ObservableSet } from './observables.ts';
import type { JsonRecord } from './values.ts';

/** ECS paths read from an Elastic alert, with the observable kind and role each gives. */
const ECS_FIELDS: readonly (readonly [string, ObservableAdder, Observable['role']])[] = [
  ['host.name', 'host', 'device'],
  ['host.hostname', 'host', 'device'],
  ['host.ip', 'address', 'device'],
  ['user.name', 'user', 'actor'],
  ['user.email', 'email', 'actor'],
  ['user.target.name', 'user', 'target'],
  ['source.ip', 'address', 'src'],
  ['source.port', 'port', 'src'],
  ['source.domain', 'domain', 'src'],
  ['source.user.name', 'user', 'src'],
  ['destination.ip', 'address', 'dst'],
  ['destination.port', 'port', 'dst'],
  ['destination.domain', 'domain', 'dst'],
  ['destination.user.name', 'user', 'dst'],
  ['process.executable', 'process', 'actor'],
  ['process.command_line', 'command_line', 'actor'],
  ['process.hash.sha256', 'hashes', 'actor'],
  ['process.hash.sha1', 'hashes', 'actor'],
  ['process.hash.md5', 'hashes', 'actor'],
  ['process.parent.executable', 'process', 'actor'],
  ['file.path', 'file', 'target'],
  ['file.hash.sha256', 'hashes', 'target'],
  ['file.hash.sha1', 'hashes', 'target'],
  ['file.hash.md5', 'hashes', 'target'],
  ['url.full', 'url', 'dst'],
  ['dns.question.name', 'domain', 'dst'],
  ['user_agent.original', 'user_agent', 'src'],
];

export function elasticObservables(doc: JsonRecord): readonly Observable[] {
  const obs = new ObservableSet();
  for (const [path, kind, role] of ECS_FIELDS) {
    const raw = getPath(doc, path);
    if (raw === undefined || raw === null) continue;
    // ECS allows arrays for most keyword fields (host.ip is usually one).
    const list = Array.isArray(raw) ? raw : [raw];
    for (const value of list) obs.put(kind, value, role);
  }
  // Fall back to the short names when the full forms are absent.
  if (getPath(doc, 'process.executable') === undefined) obs.add('process', one(getPath(doc, 'process.name')), 'actor');
  if (getPath(doc, 'file.path') === undefined) obs.add('file', one(getPath(doc, 'file.name')), 'target');
  if (getPath(doc, 'url.full') === undefined) obs.add('url', one(getPath(doc, 'url.original')), 'dst');
  return obs.toArray();
}
