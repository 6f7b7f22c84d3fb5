/**
 * Field slots: every distinct way of reading a field from an event gets a small integer, so that per-event
 * caches (raw value, string forms, lowercased forms, literal-index scans) are plain array reads.
 *
 * A slot reads the first present of several names (a pipeline alias such as `Computer` → `Computer` or
 * `Hostname`), and a dotted name (`process.command_line`) falls back to walking nested objects. Slot 0 is
 * reserved for keyword search: every scalar value in the event.
 */
import type { LiteralOp } from './substring-index.ts';

export const KEYWORD_SLOT = 0;

export interface SlotSpec {
  readonly names: readonly string[];
  /** For each name: its dotted path when the name has dots, for nested layouts. */
  readonly paths: readonly (readonly string[] | undefined)[];
}

export class FieldSlots {
  private readonly byKey = new Map<string, number>();
  private readonly specList: SlotSpec[] = [{ names: [], paths: [] }];

  get count(): number {
    return this.specList.length;
  }

  spec(slot: number): SlotSpec {
    return this.specList[slot] as SlotSpec;
  }

  slotFor(names: readonly string[]): number {
    const key = names.join('\u0000');
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const slot = this.specList.length;
    this.specList.push({ names: [...names], paths: names.map((n) => (n.includes('.') ? n.split('.') : undefined)) });
    this.byKey.set(key, slot);
    return slot;
  }
}

/** Reads a slot's raw value from an event: undefined when absent, null when present but null. */
export function readSlot(event: Readonly<Record<string, unknown>>, spec: SlotSpec): unknown {
  const { names, paths } = spec;
  for (let i = 0; i < names.length; i++) {
    const v = event[names[i] as string];
    if (v !== undefined) return v;
    const path = paths[i];
    if (path !== undefined) {
      let cur: unknown = event;
      for (const step of path) {
        if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) {
          cur = undefined;
          break;
        }
        cur = (cur as Record<string, unknown>)[step];
      }
      if (cur !== undefined) return cur;
    }
  }
  return undefined;
}

/** Literal needles are shared engine-wide: the same (slot, op, text) is one id whatever rule asks. */
export class NeedleRegistry {
  private readonly ids = new Map<string, number>();

  get count(): number {
    return this.ids.size;
  }

  idFor(slot: number, op: LiteralOp, text: string): number {
    const key = `${slot}\u0000${op}\u0000${text}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }
}
