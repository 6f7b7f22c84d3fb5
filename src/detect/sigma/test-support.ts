/**
 * Test helpers: compile a single rule written as YAML and evaluate events against it with a declared
 * logsource (no pipeline), so tests exercise the whole path from YAML to match.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileRuleSet, type RuleSetOptions, type RuleSetResult } from './rule-set.ts';

export const TEST_LOGSOURCE = { product: 'vigiltest' } as const;

/** A rule document around a detection section written as YAML (indented by four spaces here). */
export function ruleYaml(detection: string, extra = ''): string {
  const body = detection
    .replace(/^\n/, '')
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
  return `title: test rule\nid: test-rule\nlevel: high\nlogsource:\n    product: vigiltest\n${extra}detection:\n${body}\n`;
}

export function compileYaml(text: string, options: RuleSetOptions = {}): RuleSetResult {
  return compileRuleSet([{ path: 'test.yml', text }], options);
}

/** Compiles a detection section; throws with the load errors when the rule does not load. */
export function detector(detection: string, options: RuleSetOptions = {}): (event: Record<string, unknown>) => boolean {
  const set = compileYaml(ruleYaml(detection), options);
  if (set.errors.length > 0) throw new Error(set.errors.map((e) => e.reason).join('; '));
  return (event) => set.engine.evaluate(event, { logsource: TEST_LOGSOURCE }).length > 0;
}

/** The load error reasons of a detection section (empty when it loads). */
export function loadErrors(detection: string, options: RuleSetOptions = {}): string[] {
  return compileYaml(ruleYaml(detection), options).errors.map((e) => e.reason);
}

/** `../shared/data` beside the checkout, and the reason to skip when it is absent. */
export const SHARED_DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
export function skipWithoutData(relative: string): string | false {
  const path = SHARED_DATA + relative;
  return existsSync(path) ? false : `shared test data absent: ${path} (tests read ../shared/data beside the checkout)`;
}
