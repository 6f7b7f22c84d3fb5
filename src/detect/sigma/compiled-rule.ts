/**
 * A detection rule after planning, and its bindings: one predicate per field mapping it is routed with
 * (a process_creation rule reads `Image` on Sysmon events but `NewProcessName` on Security 4688 events).
 * Filters (Sigma filters specification) that name the rule are bound alongside: the rule matches only
 * when none of them does.
 */
import type { Anchor } from './anchors.ts';
import { allOf, bindDetection, type DetectionPlan } from './detection-compiler.ts';
import type { FieldSlots, NeedleRegistry } from './field-slots.ts';
import type { Predicate, SlotNeedle } from './field-tests.ts';
import type { Logsource, RuleMeta } from './rule-model.ts';

/** What a match reports about its rule. */
export interface RuleInfo extends RuleMeta {
  /** The rule's id, else its name, else `path#document`. */
  readonly key: string;
  readonly logsource: Logsource;
  readonly path: string;
  readonly kind: 'rule' | 'correlation';
}

export interface CompiledRule {
  readonly info: RuleInfo;
  readonly plan: DetectionPlan;
  readonly filters: readonly DetectionPlan[];
  /** False when only correlations use this rule (their `generate` is off). */
  emit: boolean;
  /** Correlations fed by this rule's matches. */
  feedsCorrelation: boolean;
}

/** How Sigma field names become event field names under one pipeline entry. */
export interface FieldMapping {
  readonly key: string;
  namesFor(field: string): readonly string[];
}

export const IDENTITY_MAPPING: FieldMapping = { key: '', namesFor: (f) => [f] };

export interface RoutedRule {
  readonly rule: CompiledRule;
  readonly pred: Predicate;
  readonly needles: readonly SlotNeedle[];
  readonly slotOf: (field: string) => number;
  /** Needles one of which an event must contain for the rule to match; undefined: always evaluate. */
  readonly anchor: Anchor;
  /** Epoch of the last event this binding was evaluated on (guards double evaluation). */
  stamp: number;
}

export class RuleBinder {
  private readonly slots: FieldSlots;
  private readonly needles: NeedleRegistry;
  private readonly cache = new Map<CompiledRule, Map<string, RoutedRule>>();

  constructor(slots: FieldSlots, needles: NeedleRegistry) {
    this.slots = slots;
    this.needles = needles;
  }

  bind(rule: CompiledRule, mapping: FieldMapping): RoutedRule {
    let byMapping = this.cache.get(rule);
    if (byMapping === undefined) {
      byMapping = new Map();
      this.cache.set(rule, byMapping);
    }
    const known = byMapping.get(mapping.key);
    if (known !== undefined) return known;
    const slotOf = (field: string): number => this.slots.slotFor(mapping.namesFor(field));
    const env = { slotOf, needles: this.needles };
    const main = bindDetection(rule.plan, env);
    const needles = [...main.needles];
    let pred = main.pred;
    if (rule.filters.length > 0) {
      const excluded = rule.filters.map((f) => {
        const b = bindDetection(f, env);
        needles.push(...b.needles);
        const p = b.pred;
        const excludes: Predicate = (ctx) => !p(ctx);
        return excludes;
      });
      pred = allOf([pred, ...excluded]);
    }
    const routed: RoutedRule = { rule, pred, needles, slotOf, anchor: main.anchor, stamp: 0 };
    byMapping.set(mapping.key, routed);
    return routed;
  }
}
