/**
 * Observables of a matched event: host, users, addresses, processes, command lines, hashes, files and
 * domains, from the field names of Windows (Sysmon, Security) events and a few common shipper names.
 */
import type { Observable, ObservableKind, ObservableRole } from '../core/alert.ts';

type Fields = Readonly<Record<string, unknown>>;

interface FieldRule {
  readonly fields: readonly string[];
  readonly kind: ObservableKind;
  readonly role?: ObservableRole;
  /** A field holding the domain that qualifies a user name (`DOMAIN\user`). */
  readonly domain?: string;
}

const RULES: readonly FieldRule[] = [
  { fields: ['Computer', 'Hostname', 'ComputerName', 'host.name', 'hostname'], kind: 'hostname', role: 'device' },
  { fields: ['User', 'user.name'], kind: 'user', role: 'actor' },
  { fields: ['SubjectUserName'], kind: 'user', role: 'actor', domain: 'SubjectDomainName' },
  { fields: ['TargetUserName'], kind: 'user', role: 'target', domain: 'TargetDomainName' },
  { fields: ['SourceIp', 'SourceAddress', 'IpAddress', 'ClientAddress', 'src_ip', 'source.ip'], kind: 'ip', role: 'src' },
  { fields: ['DestinationIp', 'DestAddress', 'dst_ip', 'destination.ip'], kind: 'ip', role: 'dst' },
  { fields: ['SourcePort', 'IpPort', 'src_port', 'source.port'], kind: 'port', role: 'src' },
  { fields: ['DestinationPort', 'DestPort', 'dst_port', 'destination.port'], kind: 'port', role: 'dst' },
  { fields: ['Image', 'NewProcessName', 'SourceImage', 'ProcessName', 'process.executable'], kind: 'process', role: 'actor' },
  { fields: ['ParentImage', 'ParentProcessName', 'process.parent.executable'], kind: 'process', role: 'other' },
  { fields: ['TargetImage'], kind: 'process', role: 'target' },
  { fields: ['CommandLine', 'process.command_line'], kind: 'command_line', role: 'actor' },
  { fields: ['ParentCommandLine'], kind: 'command_line', role: 'other' },
  { fields: ['TargetFilename', 'ImageLoaded', 'file.path'], kind: 'file', role: 'target' },
  { fields: ['QueryName', 'DestinationHostname', 'dns.question.name'], kind: 'domain', role: 'dst' },
  { fields: ['c-useragent', 'user_agent.original'], kind: 'user_agent', role: 'src' },
  { fields: ['c-uri', 'url.original'], kind: 'url', role: 'dst' },
];

const EMPTY = new Set(['', '-', 'null', 'n/a', '0x0']);

function valueOf(fields: Fields, name: string): string | undefined {
  const v = fields[name];
  if (typeof v === 'string') return EMPTY.has(v.trim().toLowerCase()) ? undefined : v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** `SHA1=…,MD5=…,SHA256=…,IMPHASH=…` (Sysmon) or a single hash value. */
function hashes(fields: Fields): string[] {
  const out: string[] = [];
  for (const name of ['Hashes', 'Hash', 'sha256', 'sha1', 'md5', 'file.hash.sha256']) {
    const v = valueOf(fields, name);
    if (v === undefined) continue;
    for (const part of v.split(',')) {
      const value = (part.includes('=') ? part.slice(part.indexOf('=') + 1) : part).trim();
      if (/^[0-9a-fA-F]{32,128}$/.test(value)) out.push(value.toUpperCase());
    }
  }
  return out;
}

export function observablesOf(fields: Fields): Observable[] {
  const out: Observable[] = [];
  const seen = new Set<string>();
  const add = (kind: ObservableKind, value: string, role: ObservableRole | undefined): void => {
    const key = `${kind}\u0000${value.toLowerCase()}\u0000${role ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(role === undefined ? { kind, value } : { kind, value, role });
  };
  for (const rule of RULES) {
    for (const name of rule.fields) {
      let value = valueOf(fields, name);
      if (value === undefined) continue;
      if (rule.domain !== undefined && !value.includes('\\')) {
        const domain = valueOf(fields, rule.domain);
        if (domain !== undefined) value = `${domain}\\${value}`;
      }
      add(rule.kind, value, rule.role);
      break;
    }
  }
  for (const h of hashes(fields)) add('hash', h, undefined);
  return out;
}
