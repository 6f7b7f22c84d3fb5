import type { AttackRef } from '../../core/alert.ts';
import { str } from './values.ts';

const TACTIC_ID = /^TA\d{4}$/i;
const TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/i;

export function isTacticId(value: string): boolean {
  return TACTIC_ID.test(value);
}

export function isTechniqueId(value: string): boolean {
  return TECHNIQUE_ID.test(value);
}

/** ATT&CK names as some sources write them (`Initial_Access`) to the usual spelling (`Initial Access`). */
export function attackName(value: unknown): string | undefined {
  const s = str(value);
  return s === undefined ? undefined : s.includes('_') ? s.replace(/_/g, ' ') : s;
}

/**
 * Builds an AttackRef from whatever parts are present, or undefined when nothing is.
 * Ids are upper-cased (`t1059.001` → `T1059.001`); ids that are not ATT&CK-shaped are dropped, so free
 * text never lands in an id field.
 */
export function attackRef(parts: {
  tacticId?: unknown;
  tactic?: unknown;
  techniqueId?: unknown;
  technique?: unknown;
}): AttackRef | undefined {
  const out: { tacticId?: string; tactic?: string; techniqueId?: string; technique?: string } = {};
  const tacticId = str(parts.tacticId);
  if (tacticId !== undefined && TACTIC_ID.test(tacticId)) out.tacticId = tacticId.toUpperCase();
  const tactic = attackName(parts.tactic);
  if (tactic !== undefined) out.tactic = tactic;
  const techniqueId = str(parts.techniqueId);
  if (techniqueId !== undefined && TECHNIQUE_ID.test(techniqueId)) out.techniqueId = techniqueId.toUpperCase();
  const technique = attackName(parts.technique);
  if (technique !== undefined) out.technique = technique;
  return out.tacticId === undefined && out.tactic === undefined && out.techniqueId === undefined && out.technique === undefined
    ? undefined
    : out;
}

/** Appends `ref` unless an identical reference is already there. */
export function pushAttack(list: AttackRef[], ref: AttackRef | undefined): void {
  if (ref === undefined) return;
  for (const r of list) {
    if (r.tacticId === ref.tacticId && r.tactic === ref.tactic && r.techniqueId === ref.techniqueId && r.technique === ref.technique) {
      return;
    }
  }
  list.push(ref);
}

/**
 * Pairs parallel arrays of tactics and techniques (Wazuh `rule.mitre`, Suricata/ET `metadata.mitre_*`).
 * When the counts match they are paired by position; otherwise a single tactic is attached to every
 * technique, and several tactics are listed on their own, since the source does not say which goes with which.
 */
export function pairAttacks(
  tacticIds: readonly string[],
  tactics: readonly string[],
  techniqueIds: readonly string[],
  techniques: readonly string[],
): AttackRef[] {
  const out: AttackRef[] = [];
  const nTactic = Math.max(tacticIds.length, tactics.length);
  const nTech = Math.max(techniqueIds.length, techniques.length);
  if (nTech === 0) {
    for (let i = 0; i < nTactic; i++) pushAttack(out, attackRef({ tacticId: tacticIds[i], tactic: tactics[i] }));
    return out;
  }
  const paired = nTactic === nTech;
  for (let i = 0; i < nTech; i++) {
    const t = paired ? i : nTactic === 1 ? 0 : -1;
    pushAttack(
      out,
      attackRef({
        tacticId: t >= 0 ? tacticIds[t] : undefined,
        tactic: t >= 0 ? tactics[t] : undefined,
        techniqueId: techniqueIds[i],
        technique: techniques[i],
      }),
    );
  }
  if (!paired && nTactic > 1) {
    for (let i = 0; i < nTactic; i++) pushAttack(out, attackRef({ tacticId: tacticIds[i], tactic: tactics[i] }));
  }
  return out;
}
