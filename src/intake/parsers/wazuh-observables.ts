import type { JsonRecord } from './values.ts';
import { rec } from './values.ts';
import type { ObservableSet } from './observables.ts';
import { httpObservables } from './suricata-fields.ts';

/**
 * Observables of a Wazuh alert. Field names are those of Wazuh's decoders: `data.srcip`/`dstip` (generic;
 * `dstip` can be `ip:port`), `data.src_ip`/`dest_ip` (Suricata EVE via the json decoder), `data.win.*`
 * (Windows event channel), `syscheck.*` (file integrity), `data.audit.*` (auditd).
 */
export function wazuhObservables(alert: JsonRecord, data: JsonRecord | undefined, obs: ObservableSet): void {
  const agent = rec(alert['agent']);
  if (agent !== undefined) {
    obs.host(agent['name'], 'device');
    obs.address(agent['ip'], 'device');
  }
  // The host that wrote the log line, when the agent collects for other hosts (syslog, forensic files).
  const predecoder = rec(alert['predecoder']);
  if (predecoder !== undefined) obs.host(predecoder['hostname'], 'device');

  if (data !== undefined) dataObservables(data, obs);

  const syscheck = rec(alert['syscheck']);
  if (syscheck !== undefined) {
    obs.add('file', syscheck['path'], 'target');
    obs.hashes(syscheck['sha256_after'], 'target');
    obs.hashes(syscheck['sha1_after'], 'target');
    obs.hashes(syscheck['md5_after'], 'target');
    obs.add('user', syscheck['uname_after'], 'target');
  }
}

function dataObservables(data: JsonRecord, obs: ObservableSet): void {
  obs.address(data['srcip'], 'src');
  obs.port(data['srcport'], 'src');
  obs.address(data['dstip'], 'dst');
  obs.port(data['dstport'], 'dst');
  obs.address(data['src_ip'], 'src');
  obs.port(data['src_port'], 'src');
  obs.address(data['dest_ip'], 'dst');
  obs.port(data['dest_port'], 'dst');
  obs.add('user', data['srcuser'], 'actor');
  obs.add('user', data['dstuser'], 'target');
  obs.add('url', data['url'], 'dst');

  const http = rec(data['http']);
  if (http !== undefined) httpObservables(http, data['dest_port'], obs);
  const tls = rec(data['tls']);
  if (tls !== undefined) obs.domain(tls['sni'], 'dst');
  const dns = rec(data['dns']);
  if (dns !== undefined) obs.domain(dns['rrname'], 'dst');

  const win = rec(data['win']);
  if (win !== undefined) windowsObservables(win, obs);

  const audit = rec(data['audit']);
  if (audit !== undefined) {
    obs.add('process', audit['exe'], 'actor');
    obs.add('command_line', audit['command'], 'actor');
    obs.add('user', audit['acct'], 'actor');
  }
}

function windowsObservables(win: JsonRecord, obs: ObservableSet): void {
  const system = rec(win['system']);
  if (system !== undefined) obs.host(system['computer'], 'device');
  const ev = rec(win['eventdata']);
  if (ev === undefined) return;
  obs.add('process', ev['image'], 'actor');
  obs.add('command_line', ev['commandLine'], 'actor');
  obs.add('process', ev['parentImage'], 'actor');
  obs.add('user', ev['subjectUserName'], 'actor');
  obs.add('user', ev['targetUserName'], 'target');
  obs.add('user', ev['user'], 'actor');
  obs.address(ev['ipAddress'], 'src');
  obs.address(ev['sourceIp'], 'src');
  obs.port(ev['sourcePort'], 'src');
  obs.address(ev['destinationIp'], 'dst');
  obs.port(ev['destinationPort'], 'dst');
  obs.host(ev['workstationName'], 'src');
  obs.add('file', ev['targetFilename'], 'target');
  obs.domain(ev['queryName'], 'dst');
  obs.hashes(ev['hashes'], 'actor');
}
