/**
 * Correlation rules over a live stream (correlation rules specification). Each correlation keeps, per
 * group-by key, the matches of its referenced rules inside `timespan`, and fires when its condition holds.
 *
 * Semantics chosen where the specification leaves room (also in README.md):
 * - Time is each event's own time (or the engine clock). Windows slide: a match counts while it is no older
 *   than `timespan` before the newest match of its group. Late matches outside the window are dropped.
 * - Conditions that can only grow into truth (`gt`/`gte` on counts and sums), `temporal`, `temporal_ordered`,
 *   `value_avg` and `value_percentile` are checked on every match; after firing, the group starts afresh.
 * - Conditions with an upper bound or equality on counts or sums (`lt`, `lte`, `eq`, `neq`) can only be
 *   decided when the window is over: the window runs from the group's first match for `timespan` and is
 *   decided when a later match arrives or on {@link CorrelationEngine.flush}.
 * - A match lacking a group-by field is not counted (it cannot be put in a group).
 * - `value_percentile`: the share (0–100) of the group's window whose `field` value equals the current
 *   match's value; `lte: 1` thus fires for values seen in at most 1 % of the group's events.
 * - `temporal_ordered`: the longest prefix of `rules` seen in order within the window is compared with the
 *   condition (default: all of them); `temporal` counts the distinct rules seen (default: all of them).
 */
import type { ConditionOp, CorrelationDoc } from './rule-model.ts';
import { toNumber } from './modifiers.ts';

/** How a correlation reads a field of one of its inputs (an event matched by a rule, or a correlation). */
export type FieldReader = (field: string) => string | null | undefined;

export interface CorrelationInput {
  /** Key (id or name) of the rule or correlation that matched. */
  readonly source: string;
  /** The name of that rule, for `aliases`. */
  readonly sourceName: string | undefined;
  readonly time: number;
  readonly read: FieldReader;
  /** What to report as contributing: the event, or the inner correlation match. */
  readonly item: unknown;
}

export interface CorrelationFire {
  readonly correlation: CorrelationDoc;
  readonly key: string;
  readonly time: number;
  readonly firstTime: number;
  readonly group: Readonly<Record<string, string>>;
  readonly value: number;
  readonly items: readonly unknown[];
}

interface Entry {
  readonly time: number;
  readonly rule: number;
  readonly value: string | number | undefined;
  readonly item: unknown;
}

interface Group {
  readonly values: Record<string, string>;
  entries: Entry[];
  windowStart: number;
  last: number;
}

const MAX_ENTRIES_PER_GROUP = 10_000;
const MAX_GROUPS = 100_000;
const MAX_REPORTED_ITEMS = 100;

const holds = (op: ConditionOp, a: number, b: number): boolean =>
  op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : op === 'lte' ? a <= b : op === 'eq' ? a === b : a !== b;

export class CorrelationState {
  readonly doc: CorrelationDoc;
  readonly key: string;
  private readonly ruleIndex: ReadonlyMap<string, number>;
  private readonly groups = new Map<string, Group>();
  private readonly atClose: boolean;

  constructor(doc: CorrelationDoc, key: string, resolvedRules: readonly string[]) {
    this.doc = doc;
    this.key = key;
    this.ruleIndex = new Map(resolvedRules.map((r, i) => [r, i]));
    const ops = doc.condition?.ops.map((o) => o.op) ?? [];
    const growing = ops.every((op) => op === 'gt' || op === 'gte');
    this.atClose = !growing && (doc.type === 'event_count' || doc.type === 'value_count' || doc.type === 'value_sum');
  }

  private fieldFor(name: string, input: CorrelationInput): string {
    const alias = this.doc.aliases[name];
    if (alias === undefined) return name;
    return (input.sourceName !== undefined ? alias[input.sourceName] : undefined) ?? alias[input.source] ?? name;
  }

  feed(input: CorrelationInput): CorrelationFire[] {
    const rule = this.ruleIndex.get(input.source);
    if (rule === undefined) return [];
    const values: Record<string, string> = {};
    for (const g of this.doc.groupBy) {
      const v = input.read(this.fieldFor(g, input));
      if (v === undefined || v === null) return [];
      values[g] = v;
    }
    let value: string | number | undefined;
    const valueField = this.doc.condition?.fields[0];
    if (valueField !== undefined && this.doc.type.startsWith('value_')) {
      const fields = this.doc.condition?.fields ?? [];
      const parts = fields.map((f) => input.read(this.fieldFor(f, input)));
      if (parts.some((p) => p === undefined || p === null)) return [];
      const joined = parts.join('\u0000');
      if (this.doc.type === 'value_sum' || this.doc.type === 'value_avg') {
        value = toNumber(joined);
        if (value === undefined) return [];
      } else value = joined;
    }
    const groupKey = JSON.stringify(this.doc.groupBy.map((g) => values[g]));
    let group = this.groups.get(groupKey);
    const fired: CorrelationFire[] = [];
    if (group === undefined) {
      if (this.groups.size >= MAX_GROUPS) {
        const oldest = this.groups.keys().next().value;
        if (oldest !== undefined) this.groups.delete(oldest);
      }
      group = { values, entries: [], windowStart: input.time, last: input.time };
      this.groups.set(groupKey, group);
    } else if (this.atClose && input.time > group.windowStart + this.doc.timespanMs) {
      const f = this.close(group);
      if (f !== undefined) fired.push(f);
      group.entries = [];
      group.windowStart = input.time;
    }
    group.last = Math.max(group.last, input.time);
    group.entries.push({ time: input.time, rule, value, item: input.item });
    if (group.entries.length > MAX_ENTRIES_PER_GROUP) group.entries.shift();
    if (!this.atClose) {
      const horizon = group.last - this.doc.timespanMs;
      if ((group.entries[0]?.time ?? horizon) < horizon) group.entries = group.entries.filter((e) => e.time >= horizon);
      const measured = this.measure(group.entries, value);
      if (measured !== undefined && this.conditionHolds(measured)) {
        fired.push(this.fire(group, measured));
        group.entries = [];
      }
    }
    return fired;
  }

  /** Decides windows that ended before `now` (all of them when `now` is Infinity) and drops idle groups. */
  flush(now: number): CorrelationFire[] {
    const fired: CorrelationFire[] = [];
    for (const [key, group] of this.groups) {
      if (this.atClose) {
        if (group.windowStart + this.doc.timespanMs <= now || now === Infinity) {
          const f = this.close(group);
          if (f !== undefined) fired.push(f);
          this.groups.delete(key);
        }
      } else if (group.last + this.doc.timespanMs < now || now === Infinity) {
        this.groups.delete(key);
      }
    }
    return fired;
  }

  get groupCount(): number {
    return this.groups.size;
  }

  private close(group: Group): CorrelationFire | undefined {
    const inWindow = group.entries.filter((e) => e.time <= group.windowStart + this.doc.timespanMs);
    const measured = this.measure(inWindow, undefined);
    return measured !== undefined && this.conditionHolds(measured) ? this.fire({ ...group, entries: inWindow }, measured) : undefined;
  }

  private conditionHolds(measured: number): boolean {
    const ops = this.doc.condition?.ops;
    if (ops === undefined) return measured === this.doc.rules.length; // temporal default: all rules
    return ops.every((o) => holds(o.op, measured, o.value));
  }

  /** The figure the condition is about, for the given window. */
  private measure(entries: readonly Entry[], current: string | number | undefined): number | undefined {
    switch (this.doc.type) {
      case 'event_count':
        return entries.length;
      case 'value_count':
        return new Set(entries.map((e) => e.value)).size;
      case 'value_sum':
        return entries.reduce((s, e) => s + (typeof e.value === 'number' ? e.value : 0), 0);
      case 'value_avg':
        return entries.length === 0 ? undefined : entries.reduce((s, e) => s + (typeof e.value === 'number' ? e.value : 0), 0) / entries.length;
      case 'value_percentile':
        if (current === undefined || entries.length === 0) return undefined;
        return (100 * entries.filter((e) => e.value === current).length) / entries.length;
      case 'temporal':
        return new Set(entries.map((e) => e.rule)).size;
      case 'temporal_ordered': {
        let next = 0;
        for (const e of entries) if (e.rule === next) next++;
        return next;
      }
    }
  }

  private fire(group: Group, value: number): CorrelationFire {
    const entries = group.entries;
    return {
      correlation: this.doc,
      key: this.key,
      time: entries.reduce((m, e) => Math.max(m, e.time), -Infinity),
      firstTime: entries.reduce((m, e) => Math.min(m, e.time), Infinity),
      group: group.values,
      value,
      items: entries.slice(-MAX_REPORTED_ITEMS).map((e) => e.item),
    };
  }
}
