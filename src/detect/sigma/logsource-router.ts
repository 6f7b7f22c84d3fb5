/**
 * Logsource routing: rules only see events of their logsource. A pipeline recognises an event (it has a
 * `Channel`, say), reads its route fields (`Channel`, `EventID`) and finds the logsource entries whose
 * conditions hold; the rules of those entries, bound to the entries' field mappings, form the event's
 * route. Routes are cached per distinct route-field values and shared by all values that reach the same
 * entries, and each route carries the literal indexes of its rules (see `substring-index.ts`).
 *
 * Events no pipeline recognises go to the rules no pipeline routes (e.g. Linux rules), unless disabled;
 * a caller that knows an event's logsource can declare it and bypass pipelines.
 */
import { IDENTITY_MAPPING, type CompiledRule, type FieldMapping, type RoutedRule, type RuleBinder } from './compiled-rule.ts';
import { normaliseLayout } from './event-layouts.ts';
import type { FieldSlots } from './field-slots.ts';
import { entryMatches, logsourceSatisfies, type LogsourceEntry, type Pipeline } from './pipeline.ts';
import type { Logsource } from './rule-model.ts';
import { SubstringIndex, type Needle } from './substring-index.ts';

type Json = Readonly<Record<string, unknown>>;

export interface ConditionalGroup {
  readonly test: (event: Json) => boolean;
  readonly rules: readonly RoutedRule[];
}

export interface Route {
  readonly id: number;
  readonly rules: readonly RoutedRule[];
  /** Positions (in `rules`) of the rules without an anchor, ascending: always evaluated. */
  readonly always: readonly number[];
  /** Anchor needle id → positions of the rules it anchors (see anchors.ts). */
  readonly byNeedle: ReadonlyMap<number, readonly number[]>;
  /** The slots holding anchors: scanned first, for every event of the route. */
  readonly anchorSlots: readonly number[];
  /** Per-rule stamps, so that a rule hit by several anchors is evaluated once per event. */
  readonly seen: Uint32Array;
  readonly conditional: readonly ConditionalGroup[];
  readonly indexes: readonly (SubstringIndex | undefined)[];
}

/** A slot gets a literal index once a route tests at least this many literals on it. */
const MIN_INDEXED_NEEDLES = 4;
const MAX_CACHED_KEYS = 10_000;

function lowerScalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

function mappingFor(pipeline: Pipeline, entry: LogsourceEntry): FieldMapping {
  const own = Object.keys(entry.fieldmappings).length > 0;
  const aliases = pipeline.fieldaliases;
  return {
    key: `${pipeline.name}/${own ? entry.name : ''}`,
    namesFor: (field) => {
      const names = entry.fieldmappings[field] ?? [field];
      const out: string[] = [];
      for (const n of names) for (const a of aliases[n] ?? [n]) if (!out.includes(a)) out.push(a);
      return out;
    },
  };
}

interface PipelineState {
  readonly pipeline: Pipeline;
  readonly entryRules: readonly (readonly RoutedRule[])[];
  readonly byKey: Map<string, Route>;
  /** Same cache keyed by the raw field values, one map level per route field: no allocation per event. */
  readonly byRaw: Map<unknown, unknown>;
  rawEntries: number;
  readonly bySignature: Map<string, Route>;
  readonly read: (event: Json, field: string) => unknown;
}

export class LogsourceRouter {
  private readonly states: PipelineState[];
  private readonly explicit = new Map<string, Route>();
  private readonly merged = new Map<string, Route>();
  private readonly rules: readonly CompiledRule[];
  private readonly binder: RuleBinder;
  private readonly slots: FieldSlots;
  private nextId = 0;
  private readonly built: Route[] = [];
  /** Route for events no pipeline recognises: rules no pipeline routes. Undefined when disabled. */
  readonly unrouted: Route | undefined;
  /** Rules that no pipeline entry applies to. */
  readonly unroutedRules: readonly CompiledRule[];

  constructor(pipelines: readonly Pipeline[], rules: readonly CompiledRule[], binder: RuleBinder, slots: FieldSlots, unroutedToUnknownEvents: boolean) {
    this.rules = rules;
    this.binder = binder;
    this.slots = slots;
    const routed = new Set<CompiledRule>();
    // Rules grouped by logsource: entries are matched against the few distinct logsources, not every rule.
    const byLogsource = new Map<string, CompiledRule[]>();
    for (const r of rules) {
      const l = r.info.logsource;
      const key = `${l.category ?? ''}|${l.product ?? ''}|${l.service ?? ''}`;
      const list = byLogsource.get(key);
      if (list === undefined) byLogsource.set(key, [r]);
      else list.push(r);
    }
    const groups = [...byLogsource.values()];
    this.states = pipelines.map((pipeline) => {
      const entryRules = pipeline.entries.map((entry) => {
        const mapping = mappingFor(pipeline, entry);
        const list = groups.filter((g) => entryMatches(entry, (g[0] as CompiledRule).info.logsource)).flat();
        for (const r of list) routed.add(r);
        return list.map((r) => binder.bind(r, mapping));
      });
      const aliasOf = (f: string): readonly string[] => pipeline.fieldaliases[f] ?? [f];
      const read = (event: Json, field: string): unknown => {
        for (const name of aliasOf(field)) if (event[name] !== undefined) return event[name];
        return undefined;
      };
      return { pipeline, entryRules, byKey: new Map(), byRaw: new Map(), rawEntries: 0, bySignature: new Map(), read };
    });
    this.unroutedRules = rules.filter((r) => !routed.has(r));
    this.unrouted = unroutedToUnknownEvents ? this.buildRoute(this.unroutedRules.map((r) => binder.bind(r, IDENTITY_MAPPING)), []) : undefined;
  }

  /** Reshapes layouts a pipeline knows (evtx_dump JSON) into flat fields; other events pass unchanged. */
  normalise(event: Json): Json {
    for (const s of this.states)
      for (const layout of s.pipeline.normalise) {
        const flat = normaliseLayout(layout, event);
        if (flat !== undefined) return flat;
      }
    return event;
  }

  /** The route of a (normalised) event; undefined when nothing applies. */
  route(event: Json): Route | undefined {
    let found: Route | undefined;
    let many: Route[] | undefined;
    for (const s of this.states) {
      if (s.pipeline.recognise.length > 0 && !s.pipeline.recognise.some((f) => s.read(event, f) !== undefined)) continue;
      const r = this.routeIn(s, event);
      if (found === undefined) found = r;
      else (many ??= [found]).push(r);
    }
    if (many !== undefined) return this.merge(many);
    return found ?? this.unrouted;
  }

  /** The route for events whose logsource the caller declares. */
  routeDeclared(logsource: Logsource): Route {
    const key = `${logsource.category ?? ''}|${logsource.product ?? ''}|${logsource.service ?? ''}`;
    let route = this.explicit.get(key);
    if (route === undefined) {
      const list = this.rules.filter((r) => logsourceSatisfies(logsource, r.info.logsource)).map((r) => this.binder.bind(r, IDENTITY_MAPPING));
      route = this.buildRoute(list, []);
      this.explicit.set(key, route);
    }
    return route;
  }

  private routeIn(s: PipelineState, event: Json): Route {
    const fields = s.pipeline.route;
    if (fields.length === 0) return this.routeByValues(s, event);
    let level: Map<unknown, unknown> | undefined = s.byRaw;
    for (let i = 0; i < fields.length && level !== undefined; i++) level = level.get(s.read(event, fields[i] as string)) as Map<unknown, unknown> | undefined;
    if (level !== undefined) return level as unknown as Route;
    const route = this.routeByValues(s, event);
    if (s.rawEntries < MAX_CACHED_KEYS) {
      s.rawEntries++;
      let m = s.byRaw;
      fields.forEach((f, i) => {
        const v = s.read(event, f);
        if (i === fields.length - 1) m.set(v, route);
        else {
          let next = m.get(v) as Map<unknown, unknown> | undefined;
          if (next === undefined) m.set(v, (next = new Map()));
          m = next;
        }
      });
    }
    return route;
  }

  private routeByValues(s: PipelineState, event: Json): Route {
    const fields = s.pipeline.route;
    const values = fields.map((f) => lowerScalar(s.read(event, f)));
    const key = values.join('\u0001');
    const cached = s.byKey.get(key);
    if (cached !== undefined) return cached;
    const always: number[] = [];
    const conditional: number[] = [];
    s.pipeline.entries.forEach((entry, i) => {
      let extra = false;
      for (const [field, accepted] of Object.entries(entry.conditions)) {
        const at = fields.indexOf(field);
        if (at < 0) extra = true;
        else if (!accepted.includes(values[at] ?? '\u0000')) return;
      }
      (extra ? conditional : always).push(i);
    });
    const signature = `${always.join(',')}|${conditional.join(',')}`;
    let route = s.bySignature.get(signature);
    if (route === undefined) {
      const rules = always.flatMap((i) => s.entryRules[i] ?? []);
      const groups = conditional.map((i): ConditionalGroup => {
        const entry = s.pipeline.entries[i] as LogsourceEntry;
        const checks = Object.entries(entry.conditions).filter(([f]) => !fields.includes(f));
        return {
          test: (event) => checks.every(([f, accepted]) => accepted.includes(lowerScalar(s.read(event, f)) ?? '\u0000')),
          rules: s.entryRules[i] ?? [],
        };
      });
      route = this.buildRoute(rules, groups);
      s.bySignature.set(signature, route);
    }
    if (s.byKey.size < MAX_CACHED_KEYS) s.byKey.set(key, route);
    return route;
  }

  private merge(routes: readonly Route[]): Route {
    const key = routes.map((r) => r.id).join(',');
    let route = this.merged.get(key);
    if (route === undefined) {
      route = this.buildRoute(routes.flatMap((r) => r.rules), routes.flatMap((r) => r.conditional));
      this.merged.set(key, route);
    }
    return route;
  }

  private buildRoute(rules: readonly RoutedRule[], conditional: readonly ConditionalGroup[]): Route {
    const unique = [...new Set(rules)];
    const unconditional = new Set(unique);
    const groups = conditional
      .map((g) => ({ test: g.test, rules: g.rules.filter((r) => !unconditional.has(r)) }))
      .filter((g) => g.rules.length > 0);
    const bySlot = new Map<number, Map<number, Needle>>();
    for (const r of [...unique, ...groups.flatMap((g) => g.rules)])
      for (const { slot, needle } of r.needles) {
        let m = bySlot.get(slot);
        if (m === undefined) bySlot.set(slot, (m = new Map<number, Needle>()));
        m.set(needle.id, needle);
      }
    const always: number[] = [];
    const byNeedle = new Map<number, number[]>();
    const anchorSlots = new Set<number>();
    unique.forEach((r, i) => {
      if (r.anchor === undefined) {
        always.push(i);
        return;
      }
      for (const part of r.anchor) {
        anchorSlots.add(part.slot);
        for (const id of part.ids) {
          const list = byNeedle.get(id);
          if (list === undefined) byNeedle.set(id, [i]);
          else if (list[list.length - 1] !== i) list.push(i);
        }
      }
    });
    const indexes: (SubstringIndex | undefined)[] = new Array<SubstringIndex | undefined>(this.slots.count).fill(undefined);
    for (const [slot, needles] of bySlot)
      if (needles.size >= MIN_INDEXED_NEEDLES || anchorSlots.has(slot)) indexes[slot] = new SubstringIndex([...needles.values()]);
    const route: Route = {
      id: this.nextId++,
      rules: unique,
      always,
      byNeedle,
      anchorSlots: [...anchorSlots],
      seen: new Uint32Array(unique.length),
      conditional: groups,
      indexes,
    };
    this.built.push(route);
    return route;
  }

  /** Clears the per-event stamps kept in routes and bindings (when evaluation epochs wrap around). */
  clearStamps(): void {
    for (const route of this.built) {
      route.seen.fill(0);
      for (const r of route.rules) r.stamp = 0;
      for (const g of route.conditional) for (const r of g.rules) r.stamp = 0;
    }
  }
}
