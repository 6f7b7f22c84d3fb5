/**
 * The engine: an event goes through layout normalisation, routing, the predicates of its route's rules,
 * and (for rules that feed correlations) the correlation states. One engine is single-threaded and keeps
 * per-event caches between calls; use one per worker.
 */
import type { Clock } from '../../core/clock.ts';
import { eventTime } from '../event-time.ts';
import type { CompiledRule, RoutedRule, RuleInfo } from './compiled-rule.ts';
import type { CorrelationFire, CorrelationInput, CorrelationState } from './correlation.ts';
import { EvalContext } from './eval-context.ts';
import type { FieldSlots, NeedleRegistry } from './field-slots.ts';
import type { LogsourceRouter, Route } from './logsource-router.ts';
import type { SigmaMatch } from './match.ts';
import type { Logsource } from './rule-model.ts';
import { parseTimestamp } from './timestamps.ts';

export interface EvaluateMeta {
  /** The event's logsource when the caller knows it; pipelines are then bypassed. */
  readonly logsource?: Logsource;
  /** The event's time when the caller knows it better than the event's own fields. */
  readonly time?: Date | string | number;
}

export interface CorrelationWiring {
  readonly states: readonly CorrelationState[];
  /** Source key (rule or correlation) → correlations fed by it. */
  readonly bySource: ReadonlyMap<string, readonly CorrelationState[]>;
  readonly infoOf: ReadonlyMap<string, RuleInfo>;
  /** Correlations whose matches are reported (the outermost, or those with `generate`). */
  readonly emitted: ReadonlySet<string>;
}

const NO_MATCHES: readonly SigmaMatch[] = Object.freeze([]);
const MAX_CHAIN_DEPTH = 8;

export class SigmaEngine {
  readonly rules: readonly RuleInfo[];
  private readonly router: LogsourceRouter;
  private readonly ctx: EvalContext;
  private readonly clock: Clock;
  private readonly wiring: CorrelationWiring;
  private readonly candidateList: number[] = [];

  constructor(parts: {
    router: LogsourceRouter;
    rules: readonly CompiledRule[];
    slots: FieldSlots;
    needles: NeedleRegistry;
    clock: Clock;
    correlations: CorrelationWiring;
  }) {
    this.router = parts.router;
    this.ctx = new EvalContext(parts.slots, parts.needles, () => {
      parts.router.clearStamps();
    });
    this.clock = parts.clock;
    this.wiring = parts.correlations;
    this.rules = [...parts.rules.map((r) => r.info), ...parts.correlations.states.map((s) => parts.correlations.infoOf.get(s.key) as RuleInfo)];
  }

  /** Rules whose logsource no pipeline routes; they see only events no pipeline recognises. */
  get unroutedRules(): readonly RuleInfo[] {
    return this.router.unroutedRules.map((r) => r.info);
  }

  /** Evaluates one event; returns its rule matches and any correlations it completes. */
  evaluate(event: Readonly<Record<string, unknown>>, meta?: EvaluateMeta): readonly SigmaMatch[] {
    let flat = event;
    const route = meta?.logsource !== undefined ? this.router.routeDeclared(meta.logsource) : this.router.route((flat = this.router.normalise(event)));
    if (route === undefined) return NO_MATCHES;
    const ctx = this.ctx;
    ctx.begin(flat, route.indexes);
    let hits: RoutedRule[] | undefined;
    for (const i of this.candidates(route)) {
      const r = route.rules[i] as RoutedRule;
      if (r.pred(ctx)) (hits ??= []).push(r);
    }
    for (const g of route.conditional) {
      if (!g.test(flat)) continue;
      for (const r of g.rules) {
        if (r.stamp === ctx.epoch) continue;
        r.stamp = ctx.epoch;
        if (r.pred(ctx)) (hits ??= []).push(r);
      }
    }
    if (hits === undefined) return NO_MATCHES;
    const time = parseTimestamp(meta?.time) ?? eventTime(flat) ?? eventTime(event) ?? this.clock.now().getTime();
    const detectedAt = this.clock.now().toISOString();
    const out: SigmaMatch[] = [];
    for (const r of hits) {
      const info = r.rule.info;
      const match: SigmaMatch = { kind: 'rule', ruleId: info.key, title: info.title, level: info.level, tags: info.tags, rule: info, event, time: new Date(time).toISOString(), detectedAt };
      if (r.rule.emit) out.push(match);
      if (r.rule.feedsCorrelation) {
        const read = (field: string): string | null | undefined => {
          const t = ctx.text(r.slotOf(field));
          return typeof t === 'string' || t === null || t === undefined ? t : t.join(',');
        };
        this.feed({ source: info.key, sourceName: info.name, time, read, item: match }, out, 0, detectedAt);
      }
    }
    return out;
  }

  /**
   * The rules of the route worth evaluating, in route order: those without an anchor, and those whose
   * anchor needles the event contains (the anchor fields are scanned here).
   */
  private candidates(route: Route): readonly number[] {
    if (route.byNeedle.size === 0) return route.always;
    const ctx = this.ctx;
    for (const slot of route.anchorSlots) ctx.scanned(slot);
    const out = this.candidateList;
    out.length = 0;
    const seen = route.seen;
    const epoch = ctx.epoch;
    const found = ctx.found;
    for (let k = 0; k < found.length; k++) {
      const list = route.byNeedle.get(found[k] as number);
      if (list === undefined) continue;
      for (const i of list)
        if (seen[i] !== epoch) {
          seen[i] = epoch;
          out.push(i);
        }
    }
    if (out.length === 0) return route.always;
    for (const i of route.always) out.push(i);
    return out.sort((a, b) => a - b);
  }

  /**
   * Decides correlation windows that ended by `now` (default: the clock), or all of them with
   * `Infinity` (end of input). Call it periodically on a live stream.
   */
  flush(now?: Date | number): readonly SigmaMatch[] {
    const at = now === undefined ? this.clock.now().getTime() : typeof now === 'number' ? now : now.getTime();
    const detectedAt = this.clock.now().toISOString();
    const out: SigmaMatch[] = [];
    for (const s of this.wiring.states) for (const fire of s.flush(at)) this.onFire(fire, out, 0, detectedAt);
    return out;
  }

  private feed(input: CorrelationInput, out: SigmaMatch[], depth: number, detectedAt: string): void {
    const targets = this.wiring.bySource.get(input.source);
    if (targets === undefined) return;
    for (const state of targets) for (const fire of state.feed(input)) this.onFire(fire, out, depth, detectedAt);
  }

  private onFire(fire: CorrelationFire, out: SigmaMatch[], depth: number, detectedAt: string): void {
    const info = this.wiring.infoOf.get(fire.key) as RuleInfo;
    const matches = fire.items as readonly SigmaMatch[];
    const last = matches[matches.length - 1];
    const match: SigmaMatch = {
      kind: 'correlation',
      ruleId: info.key,
      title: info.title,
      level: info.level,
      tags: info.tags,
      rule: info,
      event: last?.event ?? {},
      time: new Date(fire.time).toISOString(),
      detectedAt,
      correlation: {
        type: fire.correlation.type,
        group: fire.group,
        value: fire.value,
        timespanMs: fire.correlation.timespanMs,
        firstTime: new Date(fire.firstTime).toISOString(),
        lastTime: new Date(fire.time).toISOString(),
        matches,
      },
    };
    if (this.wiring.emitted.has(fire.key)) out.push(match);
    if (depth >= MAX_CHAIN_DEPTH) return;
    const read = (field: string): string | undefined => fire.group[field];
    this.feed({ source: fire.key, sourceName: info.name, time: fire.time, read, item: match }, out, depth + 1, detectedAt);
  }
}
