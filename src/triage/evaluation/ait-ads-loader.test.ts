import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aitAlert, aitSource, isAttack, parseAitCsv, splitCsvLine } from './ait-ads-loader.ts';

const CSV = `time,name,ip,host,short,time_label,event_label
1642213957,Wazuh: ClamAV database update,172.17.131.81,mail,W-Sys-Cav,false_positive,-
1642213952,"AMiner: New value, quoted",10.0.0.1,intranet_server,A-Acc-Val1,dirb,dirb
1642213952,Suricata: Alert - ET SCAN Nmap,10.0.0.2,inet-firewall,S-Flw-Nmp,service_scans,service_scan
`;

void describe('AIT-ADS loader', () => {
  void it('parses, sorts by time (stably), interns strings and keeps labels', () => {
    const s = parseAitCsv(CSV, 'mini');
    assert.equal(s.size, 3);
    assert.deepEqual([...s.times], [1642213952000, 1642213952000, 1642213957000]);
    assert.deepEqual([0, 1, 2].map((k) => isAttack(s, k)), [true, true, false]);
    assert.equal(s.strings.steps[s.stepIdx[0] ?? 0], 'dirb');
    assert.equal(s.strings.names[s.nameIdx[0] ?? 0], 'AMiner: New value, quoted');
  });

  void it('maps rows to alerts: rule = name, source from the short code, host and IP as observables', () => {
    const s = parseAitCsv(CSV, 'mini');
    const a = aitAlert(s, 2);
    assert.deepEqual([a.source, a.ruleId, a.occurredAt, a.severity], ['wazuh', 'Wazuh: ClamAV database update', '2022-01-15T02:32:37.000Z', 'unknown']);
    assert.deepEqual(a.observables.map((o) => `${o.kind}:${o.value}`), ['hostname:mail', 'ip:172.17.131.81']);
    assert.equal(aitSource('A-Acc-Val1', 'x'), 'aminer');
    assert.equal(aitSource('?', 'Suricata: Alert'), 'suricata');
  });

  void it('splits quoted CSV fields and rejects files that are not AIT-ADS', () => {
    assert.deepEqual(splitCsvLine('a,"b,""c""",d'), ['a', 'b,"c"', 'd']);
    assert.throws(() => parseAitCsv('a,b\n1,2\n', 'x'), /not an AIT-ADS CSV \(missing columns time, name/);
  });
});
