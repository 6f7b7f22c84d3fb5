/**
 * The detection section: search identifiers (maps → AND of items, lists of maps → OR, lists of plain
 * values → keywords) and the condition over them. Compiling happens in two steps so that a rule is parsed,
 * validated and has its values processed once ({@link planDetection}), and is then bound cheaply to field
 * slots under each pipeline mapping it is routed with ({@link bindDetection}).
 */
import { bestAnchor, unionAnchor, type Anchor } from './anchors.ts';
import { ConditionError, identifiersFor, parseCondition, type ConditionNode } from './condition-parser.ts';
import { bindItem, type BindEnv, type Predicate, type SlotNeedle } from './field-tests.ts';
import { buildItem, type ItemSpec, type Placeholders } from './modifiers.ts';
import { withLeadingMany, withTrailingMany } from './sigma-string.ts';

export type SelectionPlan =
  | { readonly kind: 'and'; readonly items: readonly ItemSpec[] }
  | { readonly kind: 'or'; readonly branches: readonly SelectionPlan[] };

export type BoundCondition =
  | { readonly kind: 'and' | 'or'; readonly items: readonly BoundCondition[] }
  | { readonly kind: 'not'; readonly item: BoundCondition }
  | { readonly kind: 'ref'; readonly name: string };

export interface DetectionPlan {
  readonly selections: ReadonlyMap<string, SelectionPlan>;
  readonly condition: BoundCondition;
  readonly warnings: readonly string[];
}

/** Keyword values match anywhere in a value of the event (full-text search semantics). */
function asKeywords(item: ItemSpec): ItemSpec {
  return {
    ...item,
    values: item.values.map((v) => (v.kind === 'string' ? { ...v, parts: withTrailingMany(withLeadingMany(v.parts)) } : v)),
  };
}

function planSelection(name: string, value: unknown, placeholders: Placeholders, warnings: string[]): SelectionPlan | string {
  const item = (key: string, raw: unknown): ItemSpec | string => {
    const built = buildItem(key, raw, placeholders);
    if (typeof built === 'string') return `search identifier '${name}': ${built}`;
    warnings.push(...built.warnings);
    return built.field === null ? asKeywords(built) : built;
  };
  const map = (obj: Record<string, unknown>): SelectionPlan | string => {
    const entries = Object.entries(obj);
    if (entries.length === 0) return `search identifier '${name}' is an empty map`;
    const items: ItemSpec[] = [];
    for (const [key, raw] of entries) {
      const it = item(key, raw);
      if (typeof it === 'string') return it;
      items.push(it);
    }
    return { kind: 'and', items };
  };
  if (value === null || value === undefined) return `search identifier '${name}' is empty`;
  if (Array.isArray(value)) {
    const list = value as unknown[];
    if (list.length === 0) return `search identifier '${name}' is an empty list`;
    const maps = list.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v));
    const scalars = list.filter((v) => v === null || typeof v !== 'object');
    if (maps.length + scalars.length !== list.length) return `search identifier '${name}' contains nested lists`;
    const branches: SelectionPlan[] = [];
    for (const m of maps) {
      const b = map(m);
      if (typeof b === 'string') return b;
      branches.push(b);
    }
    if (scalars.length > 0) {
      const kw = item('', scalars);
      if (typeof kw === 'string') return kw;
      branches.push({ kind: 'and', items: [kw] });
    }
    return branches.length === 1 ? (branches[0] as SelectionPlan) : { kind: 'or', branches };
  }
  if (typeof value === 'object') return map(value as Record<string, unknown>);
  const kw = item('', value);
  return typeof kw === 'string' ? kw : { kind: 'and', items: [kw] };
}

function resolveCondition(node: ConditionNode, names: readonly string[]): BoundCondition {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, items: node.items.map((n) => resolveCondition(n, names)) };
    case 'not':
      return { kind: 'not', item: resolveCondition(node.item, names) };
    case 'ref':
      if (!names.includes(node.name)) throw new ConditionError(`condition refers to undefined search identifier '${node.name}'`);
      return { kind: 'ref', name: node.name };
    case 'of': {
      const matched = identifiersFor(node.pattern, names);
      if (matched.length === 0) throw new ConditionError(`'${node.quantifier === 'one' ? '1' : 'all'} of ${node.pattern ?? 'them'}' matches no search identifier`);
      const refs: BoundCondition[] = matched.map((name) => ({ kind: 'ref', name }));
      return refs.length === 1 ? (refs[0] as BoundCondition) : { kind: node.quantifier === 'one' ? 'or' : 'and', items: refs };
    }
  }
}

/** Parses and validates a detection section; returns the reason when the rule cannot be used. */
export function planDetection(detection: Readonly<Record<string, unknown>>, placeholders: Placeholders): DetectionPlan | string {
  const warnings: string[] = [];
  const selections = new Map<string, SelectionPlan>();
  for (const [name, value] of Object.entries(detection)) {
    if (name === 'condition') continue;
    if (name === 'timeframe') {
      warnings.push("'timeframe' is obsolete and ignored (use correlation rules)");
      continue;
    }
    const plan = planSelection(name, value, placeholders, warnings);
    if (typeof plan === 'string') return plan;
    selections.set(name, plan);
  }
  const raw = detection['condition'];
  const conditions = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (raw === undefined || conditions.length === 0) return 'detection has no condition';
  const names = [...selections.keys()];
  const nodes: BoundCondition[] = [];
  for (const c of conditions) {
    if (typeof c !== 'string') return 'condition must be a string or a list of strings';
    try {
      nodes.push(resolveCondition(parseCondition(c), names));
    } catch (err) {
      if (err instanceof ConditionError) return `bad condition '${c}': ${err.message}`;
      throw err;
    }
  }
  const condition: BoundCondition = nodes.length === 1 ? (nodes[0] as BoundCondition) : { kind: 'or', items: nodes };
  return { selections, condition, warnings };
}

export function allOf(preds: readonly Predicate[]): Predicate {
  const [a, b, c] = preds;
  if (preds.length === 1 && a) return a;
  if (preds.length === 2 && a && b) return (ctx) => a(ctx) && b(ctx);
  if (preds.length === 3 && a && b && c) return (ctx) => a(ctx) && b(ctx) && c(ctx);
  return (ctx) => {
    for (const p of preds) if (!p(ctx)) return false;
    return true;
  };
}

export function anyOf(preds: readonly Predicate[]): Predicate {
  const [a, b, c] = preds;
  if (preds.length === 1 && a) return a;
  if (preds.length === 2 && a && b) return (ctx) => a(ctx) || b(ctx);
  if (preds.length === 3 && a && b && c) return (ctx) => a(ctx) || b(ctx) || c(ctx);
  return (ctx) => {
    for (const p of preds) if (p(ctx)) return true;
    return false;
  };
}

export interface BoundDetection {
  readonly pred: Predicate;
  readonly needles: readonly SlotNeedle[];
  readonly anchor: Anchor;
}

interface Bound {
  readonly pred: Predicate;
  readonly anchor: Anchor;
}

/** Binds a plan to field slots: cheap items first inside each map, the condition as written. */
export function bindDetection(plan: DetectionPlan, env: BindEnv): BoundDetection {
  const needles: SlotNeedle[] = [];
  const all = (parts: readonly Bound[]): Bound => ({ pred: allOf(parts.map((p) => p.pred)), anchor: bestAnchor(parts.map((p) => p.anchor)) });
  const any = (parts: readonly Bound[]): Bound => ({ pred: anyOf(parts.map((p) => p.pred)), anchor: unionAnchor(parts.map((p) => p.anchor)) });
  const bindSelection = (sel: SelectionPlan): Bound => {
    if (sel.kind === 'or') return any(sel.branches.map(bindSelection));
    const bound = sel.items.map((item) => bindItem(item, env));
    for (const b of bound) needles.push(...b.needles);
    return all([...bound].sort((x, y) => x.cost - y.cost));
  };
  const cache = new Map<string, Bound>();
  const bindNode = (node: BoundCondition): Bound => {
    switch (node.kind) {
      case 'and':
        return all(node.items.map(bindNode));
      case 'or':
        return any(node.items.map(bindNode));
      case 'not': {
        const inner = bindNode(node.item).pred;
        return { pred: (ctx) => !inner(ctx), anchor: undefined };
      }
      case 'ref': {
        let b = cache.get(node.name);
        if (b === undefined) {
          b = bindSelection(plan.selections.get(node.name) as SelectionPlan);
          cache.set(node.name, b);
        }
        return b;
      }
    }
  };
  const root = bindNode(plan.condition);
  return { pred: root.pred, needles, anchor: root.anchor };
}
