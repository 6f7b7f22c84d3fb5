// The SigmaHQ corpus (../shared/data/sigma): at least 99 % of its rules load, and every regression case
// fires its rule at least `match_count` times on its own events (the other rules are free to fire too).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { readEventFile } from '../event-reader.ts';
import { loadRuleSet, type RuleSetResult } from './rule-set.ts';
import { SHARED_DATA, skipWithoutData } from './test-support.ts';

const skip = skipWithoutData('sigma/rules');
const SIGMA = join(SHARED_DATA, 'sigma');

function infoFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) infoFiles(path, out);
    else if (name === 'info.yml') out.push(path);
  }
  return out;
}

void describe('SigmaHQ corpus', { skip }, () => {
  let corpus: RuleSetResult;
  before(async () => {
    corpus = await loadRuleSet({ ruleDirs: ['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((d) => join(SIGMA, d)) });
  });

  void test('at least 99 % of the rules load; the others are listed with their reason', () => {
    const total = corpus.stats.documents + corpus.errors.filter((e) => e.reason.startsWith('YAML error')).length;
    const loaded = corpus.stats.rules + corpus.stats.correlations + corpus.stats.filters;
    for (const e of corpus.errors) console.log(`  not loaded: ${e.path} (${e.ruleId ?? 'no id'}): ${e.reason}`);
    console.log(`  corpus: ${loaded} of ${total} documents loaded (${((100 * loaded) / total).toFixed(2)} %), ${corpus.stats.unrouted} without a pipeline route`);
    assert.ok(total >= 3754, `expected the 3,754 corpus rules, read ${total}`);
    assert.ok(loaded / total >= 0.99, `${loaded} of ${total} loaded`);
    assert.equal(corpus.errors.length, total - loaded);
  });

  void test('regression cases: each rule fires at least match_count times on its events', { skip: skipWithoutData('sigma/regression') }, async () => {
    let passed = 0;
    let withoutEvents = 0;
    const failures: string[] = [];
    const cases = infoFiles(join(SIGMA, 'regression'));
    for (const info of cases) {
      const text = readFileSync(info, 'utf8');
      const ruleId = /rule_metadata:\s*\n\s*- id:\s*(\S+)/.exec(text)?.[1];
      assert.ok(ruleId !== undefined, `${info}: no rule id`);
      const jsons = readdirSync(dirname(info)).filter((f) => f.endsWith('.json'));
      if (!/^regression_tests_info:/m.test(text) || jsons.length === 0) {
        withoutEvents++;
        console.log(`  no events to test: ${info}`);
        continue;
      }
      const expected = Number(/^\s+match_count:\s*(\d+)/m.exec(text)?.[1] ?? '1');
      let fired = 0;
      for (const file of jsons)
        for await (const rec of readEventFile(join(dirname(info), file))) {
          if (rec.kind === 'error') assert.fail(`${file}: ${rec.reason}`);
          fired += corpus.engine.evaluate(rec.event).filter((m) => m.ruleId === ruleId).length;
        }
      if (fired >= expected) passed++;
      else failures.push(`${ruleId}: fired ${fired} of ${expected} (${info})`);
    }
    console.log(`  regression: ${passed} of ${cases.length - withoutEvents} cases with events pass (${cases.length} cases, ${withoutEvents} without events)`);
    assert.deepEqual(failures, []);
    assert.ok(passed >= 148);
  });
});
