/**
 * Per-event evaluation state, reused from event to event. Each field slot is read, turned into strings and
 * lowercased at most once per event; the literal index of a slot is scanned at most once per event. Caches
 * are stamped with the event's epoch instead of being cleared.
 */
import { FieldSlots, KEYWORD_SLOT, readSlot, type NeedleRegistry } from './field-slots.ts';
import type { SubstringIndex } from './substring-index.ts';

/** A field as text: absent (undefined), null, one string, or the strings of a list value. */
export type FieldText = string | readonly string[] | null | undefined;

const NO_STRINGS: readonly string[] = Object.freeze([]);

export function scalarText(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(v);
    case 'function':
    case 'object':
    case 'symbol':
    case 'undefined':
      return undefined;
  }
}

export function toFieldText(v: unknown): FieldText {
  if (v === undefined || v === null) return v;
  const s = scalarText(v);
  if (s !== undefined) return s;
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const item of v as unknown[]) {
      const t = scalarText(item);
      if (t !== undefined) out.push(t);
    }
    return out;
  }
  return NO_STRINGS;
}

/** Every scalar value of an event, depth first: what keyword search looks through. */
export function allScalarTexts(event: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 32) return out;
  const s = scalarText(event);
  if (s !== undefined) out.push(s);
  else if (Array.isArray(event)) for (const item of event as unknown[]) allScalarTexts(item, out, depth + 1);
  else if (event !== null && typeof event === 'object')
    for (const v of Object.values(event as Record<string, unknown>)) allScalarTexts(v, out, depth + 1);
  return out;
}

const lowerText = (t: FieldText): FieldText =>
  typeof t === 'string' ? t.toLowerCase() : t === null || t === undefined ? t : t.map((s) => s.toLowerCase());

export class EvalContext {
  event: Readonly<Record<string, unknown>> = {};
  epoch = 0;
  hits: Uint32Array;
  /** Needle ids found in this event so far, in the order found. */
  readonly found: number[] = [];
  private indexes: readonly (SubstringIndex | undefined)[] = [];
  private capacity = 0;
  private rawStamp = new Uint32Array(0);
  private textStamp = new Uint32Array(0);
  private lowerStamp = new Uint32Array(0);
  private scanStamp = new Uint32Array(0);
  private rawValues: unknown[] = [];
  private texts: FieldText[] = [];
  private lowers: FieldText[] = [];
  private readonly slots: FieldSlots;
  private readonly needles: NeedleRegistry;

  /** Called when epochs wrap around, so that stamps kept elsewhere (routes, rules) are cleared too. */
  private readonly onWrap: () => void;

  constructor(slots: FieldSlots, needles: NeedleRegistry, onWrap: () => void = () => undefined) {
    this.onWrap = onWrap;
    this.slots = slots;
    this.needles = needles;
    this.hits = new Uint32Array(Math.max(16, needles.count));
  }

  /** Starts a new event. `indexes` are the literal indexes of the route the event took, by slot. */
  begin(event: Readonly<Record<string, unknown>>, indexes: readonly (SubstringIndex | undefined)[]): void {
    if (this.capacity < this.slots.count) this.grow();
    if (this.hits.length < this.needles.count) {
      const hits = new Uint32Array(this.needles.count * 2);
      hits.set(this.hits);
      this.hits = hits;
    }
    this.event = event;
    this.indexes = indexes;
    this.found.length = 0;
    if (this.epoch >= 0xfffffff0) this.resetStamps();
    this.epoch++;
  }

  raw(slot: number): unknown {
    if (this.rawStamp[slot] === this.epoch) return this.rawValues[slot];
    if (slot >= this.capacity) this.grow(); // a slot bound after this event began (late field mapping)
    const v = slot === KEYWORD_SLOT ? allScalarTexts(this.event) : readSlot(this.event, this.slots.spec(slot));
    this.rawStamp[slot] = this.epoch;
    this.rawValues[slot] = v;
    return v;
  }

  text(slot: number): FieldText {
    if (this.textStamp[slot] === this.epoch) return this.texts[slot];
    const t = toFieldText(this.raw(slot));
    this.textStamp[slot] = this.epoch;
    this.texts[slot] = t;
    return t;
  }

  lower(slot: number): FieldText {
    if (this.lowerStamp[slot] === this.epoch) return this.lowers[slot];
    const t = lowerText(this.text(slot));
    this.lowerStamp[slot] = this.epoch;
    this.lowers[slot] = t;
    return t;
  }

  /**
   * Scans the slot's lowercased value with the route's literal index (once per event) and says whether
   * the route has an index for this slot; when it has not, callers test their literals directly.
   */
  scanned(slot: number): boolean {
    const index = this.indexes[slot];
    if (index === undefined) return false;
    if (this.scanStamp[slot] !== this.epoch) {
      this.scanStamp[slot] = this.epoch;
      const v = this.lower(slot);
      if (typeof v === 'string') index.scan(v, this.hits, this.epoch, this.found);
      else if (v !== null && v !== undefined) for (const s of v) index.scan(s, this.hits, this.epoch, this.found);
    }
    return true;
  }

  private grow(): void {
    const n = Math.max(this.slots.count, this.capacity * 2, 32);
    const copy = (a: Uint32Array): Uint32Array<ArrayBuffer> => {
      const b = new Uint32Array(n);
      b.set(a);
      return b;
    };
    this.rawStamp = copy(this.rawStamp);
    this.textStamp = copy(this.textStamp);
    this.lowerStamp = copy(this.lowerStamp);
    this.scanStamp = copy(this.scanStamp);
    this.capacity = n;
  }

  private resetStamps(): void {
    for (const a of [this.rawStamp, this.textStamp, this.lowerStamp, this.scanStamp, this.hits]) a.fill(0);
    this.epoch = 0;
    this.onWrap();
  }
}
