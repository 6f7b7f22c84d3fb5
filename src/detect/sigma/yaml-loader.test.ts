import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadRuleSet } from './rule-set.ts';
import { parseYamlDocuments, readRuleSources } from './yaml-loader.ts';

void describe('YAML loading', () => {
  void test('numbers keep their source text; booleans and null keep their meaning; aliases resolve', () => {
    const { docs, errors } = parseYamlDocuments({ path: 'x.yml', text: 'a: 0x17\nb: [1.0, 010, true, null, ~]\nc: &v 3\nd: *v\n' });
    assert.deepEqual(errors, []);
    assert.deepEqual(docs[0]?.value, { a: '0x17', b: ['1.0', '010', true, null, null], c: '3', d: '3' });
  });

  void test('several documents per file, empty documents skipped, a broken one reported', () => {
    const { docs, errors } = parseYamlDocuments({ path: 'x.yml', text: 'id: one\n---\n---\nid: two\n---\nid: three\nx: [unclosed\n' });
    assert.deepEqual(docs.map((d) => [d.index, d.value]), [[0, { id: 'one' }], [2, { id: 'two' }]]);
    assert.equal(errors.length, 1);
    assert.match(errors[0]?.reason ?? '', /^YAML error/);
  });

  void test('a key given twice in one map is an error (YAML requires unique keys)', () => {
    const { docs, errors } = parseYamlDocuments({ path: 'x.yml', text: 'id: dup\ndetection:\n    sel:\n        A: 1\n        A: 2\n' });
    assert.deepEqual(docs, []);
    assert.deepEqual(errors, [{ path: 'x.yml', ruleId: 'dup', reason: "YAML error: Map keys must be unique: 'A' appears twice" }]);
  });

  void test('a directory is searched recursively; every bad rule is reported and the good ones load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    mkdirSync(join(dir, 'sub'));
    const good = 'title: good\nid: good-1\nlogsource: {product: windows}\ndetection:\n    sel: {A: 1}\n    condition: sel\n';
    writeFileSync(join(dir, 'good.yml'), good);
    writeFileSync(join(dir, 'sub', 'bad-yaml.yaml'), 'title: x\nid: bad-yaml\n  detection: [\n');
    writeFileSync(join(dir, 'sub', 'bad-mod.yml'), good.replace('good-1', 'bad-mod').replace('{A: 1}', '{A|wrong: 1}'));
    writeFileSync(join(dir, 'sub', 'bad-cond.yml'), good.replace('good-1', 'bad-cond').replace('condition: sel', 'condition: sel and'));
    writeFileSync(join(dir, 'sub', 'no-title.yml'), good.replace('title: good\n', '').replace('good-1', 'no-title'));
    writeFileSync(join(dir, 'notes.txt'), 'not a rule');
    const { sources } = await readRuleSources([dir]);
    assert.equal(sources.length, 5);
    const set = await loadRuleSet({ ruleDirs: [dir, join(dir, 'missing')] });
    assert.equal(set.stats.rules, 1);
    const byId = Object.fromEntries(set.errors.map((e) => [e.ruleId ?? e.path, e.reason]));
    assert.match(byId['bad-yaml'] ?? '', /YAML error/);
    assert.match(byId['bad-mod'] ?? '', /unsupported modifier 'wrong'/);
    assert.match(byId['bad-cond'] ?? '', /bad condition/);
    assert.match(byId['no-title'] ?? '', /title/);
    assert.match(byId[join(dir, 'missing')] ?? '', /cannot read/);
    assert.equal(set.errors.length, 5);
  });
});
