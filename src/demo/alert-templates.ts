import { pick } from './random.ts';

/**
 * Source-format records the simulator sends: real Wazuh `alerts.json` and Suricata EVE shapes, so the
 * demo exercises the same parsers as production senders.
 */
export type SimulatedRecord = { readonly format: 'wazuh' | 'suricata' | 'event'; readonly record: Record<string, unknown> };

const EXTERNAL = ['198.51.100.23', '198.51.100.77', '203.0.113.200', '192.0.2.14', '185.220.101.4', '45.155.205.99'];
const USERS = ['j.smith', 'a.okafor', 'svc_backup', 'admin', 'm.garcia', 'pos_operator'];

let counter = 0;
function wazuhId(at: Date): string {
  counter = (counter + 1) % 1_000_000;
  return `${Math.floor(at.getTime() / 1000)}.${String(counter).padStart(6, '0')}${Math.floor(Math.random() * 1000)}`;
}

export function wazuhAlert(
  at: Date,
  host: string,
  rule: { id: string; level: number; description: string; groups: string[]; mitre?: { id: string[]; tactic: string[]; technique: string[] } },
  data: Record<string, unknown>,
  fullLog: string,
): SimulatedRecord {
  return {
    format: 'wazuh',
    record: {
      timestamp: at.toISOString().replace('Z', '+0000'),
      rule: { ...rule, firedtimes: 1, mail: rule.level >= 12 },
      agent: { id: '0' + String(host.length).padStart(2, '0'), name: host },
      manager: { name: 'wazuh-manager' },
      id: wazuhId(at),
      full_log: fullLog,
      decoder: { name: 'demo' },
      data,
      location: 'demo-simulator',
    },
  };
}

export function suricataAlert(
  at: Date,
  src: string,
  dest: string,
  destPort: number,
  signature: { sid: number; text: string; category: string; severity: number },
  extra: Record<string, unknown> = {},
): SimulatedRecord {
  return {
    format: 'suricata',
    record: {
      timestamp: at.toISOString().replace('Z', '+0000'),
      flow_id: Math.floor(Math.random() * 2 ** 50),
      in_iface: 'eth0',
      event_type: 'alert',
      src_ip: src,
      src_port: 1024 + Math.floor(Math.random() * 60000),
      dest_ip: dest,
      dest_port: destPort,
      proto: 'TCP',
      alert: { action: 'allowed', gid: 1, signature_id: signature.sid, rev: 3, signature: signature.text, category: signature.category, severity: signature.severity },
      ...extra,
    },
  };
}

/** Background noise: what a retailer's sensors raise all day and night. */
export function noiseAlert(random: () => number, at: Date): SimulatedRecord {
  const roll = random();
  if (roll < 0.3) {
    const src = pick(random, EXTERNAL);
    const user = pick(random, USERS);
    return wazuhAlert(
      at,
      pick(random, ['vpn-01', 'mail-01']),
      { id: '5716', level: 5, description: 'sshd: authentication failed.', groups: ['syslog', 'sshd', 'authentication_failed'], mitre: { id: ['T1110.001'], tactic: ['Credential Access'], technique: ['Password Guessing'] } },
      { srcip: src, srcuser: user },
      `sshd[2211]: Failed password for ${user} from ${src} port 52144 ssh2`,
    );
  }
  if (roll < 0.5) {
    return suricataAlert(at, pick(random, EXTERNAL), pick(random, ['10.10.1.11', '10.10.1.12']), 443, {
      sid: 2024364,
      text: 'ET SCAN Possible Nmap User-Agent Observed',
      category: 'Web Application Attack',
      severity: 3,
    });
  }
  if (roll < 0.65) {
    const store = `pos-store-${String(1 + Math.floor(random() * 8)).padStart(3, '0')}`;
    return wazuhAlert(
      at,
      store,
      { id: '550', level: 7, description: 'Integrity checksum changed.', groups: ['ossec', 'syscheck', 'syscheck_entry_modified'] },
      {},
      `File 'C:\\POS\\config\\terminal.ini' modified`,
    );
  }
  if (roll < 0.8) {
    const user = pick(random, USERS);
    return wazuhAlert(
      at,
      pick(random, ['dc-01', 'dc-02']),
      { id: '60122', level: 5, description: 'Logon failure - Unknown user or bad password.', groups: ['windows', 'authentication_failed'] },
      { win: { eventdata: { targetUserName: user, ipAddress: `10.30.0.${50 + Math.floor(random() * 20)}` }, system: { eventID: '4625' } } },
      `An account failed to log on: ${user}`,
    );
  }
  if (roll < 0.92) {
    return suricataAlert(at, `10.30.0.${50 + Math.floor(random() * 20)}`, pick(random, EXTERNAL), 443, {
      sid: 2027865,
      text: 'ET INFO Observed DNS Query to .cloud TLD',
      category: 'Potentially Bad Traffic',
      severity: 2,
    });
  }
  return suricataAlert(at, pick(random, EXTERNAL), '10.10.1.11', 80, {
    sid: 2016184,
    text: 'ET WEB_SERVER ColdFusion administrator access',
    category: 'Web Application Attack',
    severity: 1,
  }, { http: { hostname: 'shop.northwind.example', url: '/cfide/administrator/index.cfm', http_method: 'GET', status: 404 } });
}

/** A short intrusion against the cardholder-data environment: the alerts an analyst must not miss. */
export function attackChain(random: () => number, start: Date): SimulatedRecord[] {
  const attacker = pick(random, EXTERNAL);
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
  return [
    ...[0, 0.2, 0.4, 0.6].map((m) =>
      wazuhAlert(at(m), 'vpn-01', { id: '5712', level: 10, description: 'sshd: brute force trying to get access to the system.', groups: ['syslog', 'sshd', 'authentication_failures'], mitre: { id: ['T1110'], tactic: ['Credential Access'], technique: ['Brute Force'] } }, { srcip: attacker, srcuser: 'svc_backup' }, `sshd: Failed password for svc_backup from ${attacker}`),
    ),
    wazuhAlert(at(3), 'vpn-01', { id: '5715', level: 3, description: 'sshd: authentication success.', groups: ['syslog', 'sshd', 'authentication_success'] }, { srcip: attacker, dstuser: 'svc_backup' }, `sshd: Accepted password for svc_backup from ${attacker}`),
    suricataAlert(at(9), '10.10.0.5', '10.10.5.40', 445, { sid: 2025719, text: 'ET POLICY SMB2 NT Create AndX Request For an Executable File', category: 'Potentially Bad Traffic', severity: 2 }),
    wazuhAlert(at(11), 'db-cardholder-01', { id: '92057', level: 12, description: 'Powershell process spawned with encoded command line.', groups: ['windows', 'sysmon', 'powershell'], mitre: { id: ['T1059.001'], tactic: ['Execution'], technique: ['PowerShell'] } }, { win: { eventdata: { image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', user: 'NORTHWIND\\svc_backup', commandLine: 'powershell -enc SQBFAFgA...' } } }, 'powershell.exe -enc SQBFAFgA...'),
    // A raw Sysmon event: the demo's own Sigma rules (rules/demo) turn it into an alert.
    {
      format: 'event',
      record: {
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        EventID: 1,
        Hostname: 'db-cardholder-01',
        UtcTime: at(12).toISOString().replace('T', ' ').replace('Z', ''),
        timestamp: at(12).toISOString(),
        Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        CommandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA',
        User: 'NORTHWIND\\svc_backup',
      },
    },
    suricataAlert(at(18), '10.10.5.40', attacker, 443, { sid: 2033000, text: 'ET POLICY Large outbound transfer to rare external host', category: 'Potential Corporate Privacy Violation', severity: 1 }),
  ];
}
