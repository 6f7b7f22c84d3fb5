/**
 * Loading a rule set: read every rule file, parse each YAML document, plan each rule, attach filters,
 * wire correlations, build the router, and report every document that could not be used with its reason.
 * Loading never stops at the first bad rule.
 */
import { systemClock, type Clock } from '../../core/clock.ts';
import { RuleBinder, type CompiledRule, type RuleInfo } from './compiled-rule.ts';
import { CorrelationState } from './correlation.ts';
import { planDetection, type DetectionPlan } from './detection-compiler.ts';
import { SigmaEngine, type CorrelationWiring } from './engine.ts';
import { FieldSlots, NeedleRegistry } from './field-slots.ts';
import { LogsourceRouter } from './logsource-router.ts';
import type { Placeholders } from './modifiers.ts';
import { loadPipelineFile, windowsPipeline, type Pipeline } from './pipeline.ts';
import { ruleKey, type CorrelationDoc, type FilterDoc, type Logsource, type SigmaDoc } from './rule-model.ts';
import { parseSigmaDoc } from './rule-parser.ts';
import { parseYamlDocuments, readRuleSources, type LoadError, type RuleSource } from './yaml-loader.ts';

export interface RuleSetOptions {
  /** Pipelines (objects, or paths of pipeline YAML files); default: the Windows pipeline. */
  readonly pipelines?: readonly (Pipeline | string)[];
  /** Values for `%placeholder%`s of the `expand` modifier. A rule using an unknown one is reported. */
  readonly placeholders?: Placeholders;
  readonly clock?: Clock;
  /** Keep only rules whose logsource has these values (e.g. `{ product: 'windows' }`). */
  readonly only?: Logsource;
  /** Whether rules no pipeline routes see events no pipeline recognises (default true). */
  readonly unroutedRulesSeeUnknownEvents?: boolean;
}

export interface LoadRuleSetOptions extends RuleSetOptions {
  /** Directories (searched recursively for .yml/.yaml) or files. */
  readonly ruleDirs: readonly string[];
}

export interface RuleSetStats {
  readonly files: number;
  readonly documents: number;
  readonly rules: number;
  readonly correlations: number;
  readonly filters: number;
  readonly failed: number;
  readonly skipped: number;
  readonly unrouted: number;
  readonly readMs: number;
  readonly compileMs: number;
}

export interface RuleSetResult {
  readonly engine: SigmaEngine;
  readonly errors: readonly LoadError[];
  readonly warnings: readonly LoadError[];
  readonly stats: RuleSetStats;
}

export async function loadRuleSet(options: LoadRuleSetOptions): Promise<RuleSetResult> {
  const started = performance.now();
  const { sources, errors } = await readRuleSources(options.ruleDirs);
  const readMs = performance.now() - started;
  const result = compileRuleSet(sources, options);
  const all = [...errors, ...result.errors].sort(byPath);
  return { ...result, errors: all, stats: { ...result.stats, readMs, failed: result.stats.failed + errors.length } };
}

const infoOf = (doc: SigmaDoc, kind: 'rule' | 'correlation', logsource: Logsource): RuleInfo => ({
  ...doc.meta,
  key: ruleKey(doc.meta, doc.source),
  logsource,
  path: doc.source.path,
  kind,
});

const matchesOnly = (only: Logsource | undefined, l: Logsource): boolean =>
  only === undefined || (['category', 'product', 'service'] as const).every((k) => only[k] === undefined || only[k] === l[k]);

/** Compiles rule sources already in memory (files read by {@link loadRuleSet}, or tests). */
export function compileRuleSet(sources: readonly RuleSource[], options: RuleSetOptions = {}): RuleSetResult {
  const started = performance.now();
  const errors: LoadError[] = [];
  const warnings: LoadError[] = [];
  const placeholders = options.placeholders ?? {};
  const fail = (doc: { source: { path: string } ; meta?: { id?: string } }, reason: string): void => {
    const id = doc.meta?.id;
    errors.push({ path: doc.source.path, ...(id !== undefined ? { ruleId: id } : {}), reason });
  };

  const docs: SigmaDoc[] = [];
  let documents = 0;
  for (const source of sources) {
    const parsed = parseYamlDocuments(source);
    errors.push(...parsed.errors);
    for (const d of parsed.docs) {
      documents++;
      const doc = parseSigmaDoc(d.value, { path: d.path, index: d.index });
      if (typeof doc === 'string') {
        const v = d.value as Record<string, unknown> | null;
        const id = v !== null && typeof v === 'object' && typeof v['id'] === 'string' ? v['id'] : undefined;
        errors.push({ path: d.path, ...(id !== undefined ? { ruleId: id } : {}), reason: doc });
      } else docs.push(doc);
    }
  }

  let skipped = 0;
  const rules: CompiledRule[] = [];
  const byRef = new Map<string, string>(); // id or name → rule/correlation key
  const compiledByKey = new Map<string, CompiledRule>();
  const register = (doc: SigmaDoc, key: string): void => {
    for (const ref of [doc.meta.id, doc.meta.name]) {
      if (ref === undefined) continue;
      if (byRef.has(ref)) warnings.push({ path: doc.source.path, ruleId: ref, reason: `duplicate rule id or name '${ref}'; the first one is used for references` });
      else byRef.set(ref, key);
    }
  };
  for (const doc of docs) {
    if (doc.kind !== 'rule') continue;
    if (!matchesOnly(options.only, doc.logsource)) {
      skipped++;
      continue;
    }
    const plan = planDetection(doc.detection, placeholders);
    if (typeof plan === 'string') {
      fail(doc, plan);
      continue;
    }
    for (const w of plan.warnings) warnings.push({ path: doc.source.path, ...(doc.meta.id !== undefined ? { ruleId: doc.meta.id } : {}), reason: w });
    const rule: CompiledRule = { info: infoOf(doc, 'rule', doc.logsource), plan, filters: [], emit: true, feedsCorrelation: false };
    if (compiledByKey.has(rule.info.key)) {
      fail(doc, `duplicate rule key '${rule.info.key}'`);
      continue;
    }
    rules.push(rule);
    compiledByKey.set(rule.info.key, rule);
    register(doc, rule.info.key);
  }

  const filters = docs.filter((d): d is FilterDoc => d.kind === 'filter');
  let filterCount = 0;
  for (const f of filters) {
    const plan = planDetection(f.detection, placeholders);
    if (typeof plan === 'string') {
      fail(f, `filter: ${plan}`);
      continue;
    }
    filterCount++;
    for (const ref of f.rules) {
      const target = compiledByKey.get(byRef.get(ref) ?? ref);
      if (target === undefined) {
        warnings.push({ path: f.source.path, ...(f.meta.id !== undefined ? { ruleId: f.meta.id } : {}), reason: `filter refers to unknown rule '${ref}'` });
        continue;
      }
      const clash = (['category', 'product', 'service'] as const).find((k) => f.logsource[k] !== undefined && f.logsource[k] !== target.info.logsource[k]);
      if (clash !== undefined) {
        warnings.push({ path: f.source.path, reason: `filter logsource ${clash} '${f.logsource[clash] ?? ''}' does not match rule '${ref}'; not applied` });
        continue;
      }
      (target.filters as DetectionPlan[]).push(plan);
    }
  }

  const correlations = wireCorrelations(docs.filter((d): d is CorrelationDoc => d.kind === 'correlation'), byRef, compiledByKey, register, fail);

  const pipelines = (options.pipelines ?? [windowsPipeline()]).map((p) => (typeof p === 'string' ? loadPipelineFile(p) : p));
  const slots = new FieldSlots();
  const needles = new NeedleRegistry();
  const binder = new RuleBinder(slots, needles);
  const router = new LogsourceRouter(pipelines, rules, binder, slots, options.unroutedRulesSeeUnknownEvents ?? true);
  const engine = new SigmaEngine({ router, rules, slots, needles, clock: options.clock ?? systemClock, correlations });
  const stats: RuleSetStats = {
    files: sources.length,
    documents,
    rules: rules.length,
    correlations: correlations.states.length,
    filters: filterCount,
    failed: errors.length,
    skipped,
    unrouted: router.unroutedRules.length,
    readMs: 0,
    compileMs: performance.now() - started,
  };
  return { engine, errors: errors.sort(byPath), warnings, stats };
}

const byPath = (a: LoadError, b: LoadError): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

function wireCorrelations(
  docs: readonly CorrelationDoc[],
  byRef: Map<string, string>,
  rules: ReadonlyMap<string, CompiledRule>,
  register: (doc: SigmaDoc, key: string) => void,
  fail: (doc: CorrelationDoc, reason: string) => void,
): CorrelationWiring {
  const keyed = docs.map((doc) => ({ doc, key: ruleKey(doc.meta, doc.source) }));
  for (const { doc, key } of keyed) register(doc, key);
  const correlationKeys = new Set(keyed.map((k) => k.key));
  // Resolve references; a correlation whose rules are unknown, or that is part of a cycle, is dropped.
  const resolved = new Map<string, { doc: CorrelationDoc; refs: string[] }>();
  for (const { doc, key } of keyed) {
    const refs: string[] = [];
    const unknown = doc.rules.filter((r) => {
      const k = byRef.get(r) ?? r;
      if (!rules.has(k) && !correlationKeys.has(k)) return true;
      refs.push(k);
      return false;
    });
    if (unknown.length > 0) fail(doc, `correlation refers to unknown rule(s): ${unknown.join(', ')}`);
    else resolved.set(key, { doc, refs });
  }
  const cyclic = (start: string): boolean => {
    const seen = new Set<string>();
    const walk = (k: string): boolean => {
      if (k === start && seen.size > 0) return true;
      if (seen.has(k)) return false;
      seen.add(k);
      return (resolved.get(k)?.refs ?? []).some(walk);
    };
    return walk(start);
  };
  const inCycle = [...resolved.keys()].filter(cyclic);
  for (const key of inCycle) {
    fail((resolved.get(key) as { doc: CorrelationDoc }).doc, 'correlation is part of a reference cycle');
    resolved.delete(key);
  }
  // Drop correlations that depend on dropped ones, until stable.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [key, { doc, refs }] of [...resolved]) {
      const missing = refs.find((r) => correlationKeys.has(r) && !resolved.has(r));
      if (missing !== undefined) {
        fail(doc, `correlation depends on correlation '${missing}', which could not be loaded`);
        resolved.delete(key);
        changed = true;
      }
    }
  }
  const states: CorrelationState[] = [];
  const bySource = new Map<string, CorrelationState[]>();
  const infoOf = new Map<string, RuleInfo>();
  const generated = new Set<string>();
  const referenced = new Set<string>();
  for (const [key, { doc, refs }] of resolved) {
    const state = new CorrelationState(doc, key, refs);
    states.push(state);
    infoOf.set(key, { ...doc.meta, key, logsource: {}, path: doc.source.path, kind: 'correlation' });
    for (const r of refs) {
      let list = bySource.get(r);
      if (list === undefined) bySource.set(r, (list = []));
      list.push(state);
      referenced.add(r);
      if (doc.generate) generated.add(r);
      const rule = rules.get(r);
      if (rule !== undefined) rule.feedsCorrelation = true;
    }
  }
  // Rules and inner correlations used by a correlation are reported only when a user asks (`generate`).
  for (const r of referenced) {
    const rule = rules.get(r);
    if (rule !== undefined) rule.emit = generated.has(r);
  }
  const emitted = new Set([...resolved.keys()].filter((k) => !referenced.has(k) || generated.has(k)));
  return { states, bySource, infoOf, emitted };
}
