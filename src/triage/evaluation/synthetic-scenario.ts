import { seededRandom } from '../stats.ts';

/**
 * A small synthetic AIT-ADS-style stream for tests and benchmarks: routine noise on a few hosts (a chatty
 * auth rule, IDS events, an hourly job, a rare CPU check) and, late on, an attack on the web server — a
 * burst of a rule never seen there, then a privilege escalation with rules new to the tenant.
 */
export interface SyntheticOptions {
  readonly days?: number;
  readonly seed?: number;
  /** Hours after the start when the attack begins (default: last day, 14:00). */
  readonly attackAtHours?: number;
  readonly start?: number;
}

interface Row {
  t: number;
  name: string;
  host: string;
  short: string;
  phase: string;
  step: string;
}

const HOSTS: Readonly<Record<string, string>> = { mail: '10.0.0.2', fw: '10.0.0.1', web: '10.0.0.3', mon: '10.0.0.4' };

export function syntheticAitCsv(options: SyntheticOptions = {}): string {
  const days = options.days ?? 3;
  const random = seededRandom(options.seed ?? 42);
  const start = options.start ?? Date.parse('2022-01-10T00:00:00Z') / 1000;
  const end = start + days * 86_400;
  const rows: Row[] = [];
  const noise = (t: number, name: string, host: string, short: string): void => {
    rows.push({ t: Math.floor(t), name, host, short, phase: 'false_positive', step: '-' });
  };
  for (let t = start; t < end; t += 60 + random() * 120) noise(t, 'Wazuh: Dovecot Authentication Success.', 'mail', 'W-Sys-Dov');
  for (let t = start; t < end; t += 200 + random() * 400) noise(t, 'Wazuh: IDS event.', 'fw', 'W-All-Evt');
  for (let t = start + 300; t < end; t += 3_600) noise(t, 'Wazuh: ClamAV database update', 'web', 'W-Sys-Cav');
  for (let t = start + 1_000; t < end; t += 4 * 3_600 + random() * 4 * 3_600) noise(t, 'AMiner: CPU value deviates from average in monitoring logs.', 'mon', 'A-Mon-Avg');
  const attack = start + (options.attackAtHours ?? (days - 1) * 24 + 14) * 3_600;
  for (let i = 0; i < 300; i++) rows.push({ t: Math.floor(attack + i), name: 'Wazuh: Web server 400 error code.', host: 'web', short: 'W-Acc-400', phase: 'dirb', step: 'dirb' });
  for (let i = 0; i < 3; i++) {
    const t = Math.floor(attack + 1_800 + i * 5);
    rows.push({ t, name: 'Wazuh: Successful sudo to ROOT executed.', host: 'web', short: 'W-Aut-Sud', phase: 'privilege_escalation', step: 'escalated_sudo_command' });
    rows.push({ t, name: 'AMiner: New user_cmd parameter combination in Audit logs.', host: 'web', short: 'A-Aud-Com6', phase: 'privilege_escalation', step: 'escalated_sudo_command' });
  }
  rows.sort((a, b) => a.t - b.t);
  const lines = ['time,name,ip,host,short,time_label,event_label'];
  for (const r of rows) lines.push([r.t, r.name, HOSTS[r.host] ?? '', r.host, r.short, r.phase, r.step].join(','));
  return `${lines.join('\n')}\n`;
}
