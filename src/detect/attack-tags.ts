/**
 * Sigma `attack.*` tags (tags appendix) as ATT&CK references: `attack.t1059.001` is a technique,
 * `attack.execution` a tactic. Group, software, data-source, mitigation and asset tags (`attack.g0016`,
 * `attack.s0002`, …) are not techniques or tactics and are left out.
 */
import type { AttackRef } from '../core/alert.ts';

const TACTIC_IDS: Readonly<Record<string, string>> = {
  reconnaissance: 'TA0043',
  'resource-development': 'TA0042',
  'initial-access': 'TA0001',
  execution: 'TA0002',
  persistence: 'TA0003',
  'privilege-escalation': 'TA0004',
  'defense-evasion': 'TA0005',
  'credential-access': 'TA0006',
  discovery: 'TA0007',
  'lateral-movement': 'TA0008',
  collection: 'TA0009',
  'command-and-control': 'TA0011',
  exfiltration: 'TA0010',
  impact: 'TA0040',
};

const titleCase = (slug: string): string =>
  slug
    .split(/[-_]/)
    .map((w) => (w === 'and' ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');

export function attackRefs(tags: readonly string[]): AttackRef[] {
  const out: AttackRef[] = [];
  const seen = new Set<string>();
  for (const raw of tags) {
    const tag = raw.toLowerCase();
    if (!tag.startsWith('attack.')) continue;
    const name = tag.slice('attack.'.length);
    let ref: AttackRef | undefined;
    const technique = /^t(\d{4})(?:\.(\d{3}))?$/.exec(name);
    if (technique !== null) ref = { techniqueId: `T${technique[1] ?? ''}${technique[2] !== undefined ? `.${technique[2]}` : ''}` };
    else if (/^(g|s|ds|m|a|ta|c)\d{4}$/.test(name)) ref = undefined;
    else if (/^[a-z][a-z-]*$/.test(name)) {
      const id = TACTIC_IDS[name];
      ref = { tactic: titleCase(name), ...(id !== undefined ? { tacticId: id } : {}) };
    }
    if (ref === undefined) continue;
    const key = JSON.stringify(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(ref);
  }
  return out;
}
