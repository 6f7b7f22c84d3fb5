// Wildcards and escapes, from the rules specification ("String Wildcard", "Escape Character").
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeParts, MANY, ONE, parseSigmaString } from './sigma-string.ts';
import { detector } from './test-support.ts';

void describe('parseSigmaString', () => {
  void test('* and ? are wildcards', () => {
    assert.deepEqual(parseSigmaString('prog?.exe'), ['prog', ONE, '.exe']);
    assert.deepEqual(parseSigmaString('antivirus_V*.exe'), ['antivirus_V', MANY, '.exe']);
  });

  void test('a backslash not followed by a wildcard is a plain backslash, single or double', () => {
    assert.deepEqual(parseSigmaString('C:\\Windows\\System32'), ['C:\\Windows\\System32']);
    assert.deepEqual(parseSigmaString('C:\\\\Windows'), ['C:\\Windows']);
  });

  void test('escaped wildcards are plain characters', () => {
    assert.deepEqual(parseSigmaString('what\\?'), ['what?']);
    assert.deepEqual(parseSigmaString('\\*star'), ['*star']);
  });

  void test('\\\\* is a backslash followed by a wildcard; \\\\\\* a backslash and a plain star', () => {
    assert.deepEqual(parseSigmaString('C:\\\\*'), ['C:\\', MANY]);
    assert.deepEqual(parseSigmaString('C:\\\\\\*'), ['C:\\*']);
  });

  void test('three or four backslashes both mean two', () => {
    assert.deepEqual(parseSigmaString('\\\\\\x'), ['\\\\x']);
    assert.deepEqual(parseSigmaString('\\\\\\\\x'), ['\\\\x']);
    assert.deepEqual(parseSigmaString('\\\\\\\\'), ['\\\\']);
  });

  void test('placeholders only under expand', () => {
    assert.deepEqual(parseSigmaString('%name%'), ['%name%']);
    assert.deepEqual(parseSigmaString('%name%', true), [{ placeholder: 'name' }]);
    assert.deepEqual(parseSigmaString('\\%plain%name%', true), ['%plain', { placeholder: 'name' }]);
    assert.equal(describeParts(parseSigmaString('a*b?c\\*')), 'a*b?c\\*');
  });
});

void describe('wildcards and escapes when matching', () => {
  void test('? matches exactly one character, * any run', () => {
    const d = detector(`
sel:
    Image: '*\\prog?.exe'
condition: sel`);
    assert.equal(d({ Image: 'C:\\x\\progA.exe' }), true);
    assert.equal(d({ Image: 'C:\\x\\prog.exe' }), false);
    assert.equal(d({ Image: 'C:\\x\\progAB.exe' }), false);
    const inner = detector(`
sel:
    CommandLine: 'net * user * /add'
condition: sel`);
    assert.equal(inner({ CommandLine: 'NET localgroup user bob /ADD' }), true);
    assert.equal(inner({ CommandLine: 'net user bob' }), false);
  });

  void test('an escaped star matches a literal star only', () => {
    const d = detector(`
sel:
    CommandLine|contains: 'dir \\*.txt'
condition: sel`);
    assert.equal(d({ CommandLine: 'cmd /c dir *.txt' }), true);
    assert.equal(d({ CommandLine: 'cmd /c dir a.txt' }), false);
  });

  void test('a backslash before a wildcard, and a backslash before an escaped wildcard', () => {
    const wild = detector(`
sel:
    Path: 'C:\\\\*'
condition: sel`);
    assert.equal(wild({ Path: 'C:\\anything' }), true);
    assert.equal(wild({ Path: 'C:anything' }), false);
    const literal = detector(`
sel:
    Path: 'C:\\\\\\*'
condition: sel`);
    assert.equal(literal({ Path: 'C:\\*' }), true);
    assert.equal(literal({ Path: 'C:\\x' }), false);
  });

  void test('a lone * matches any present value, empty included, but not a missing field', () => {
    const d = detector(`
sel:
    Field: '*'
condition: sel`);
    assert.equal(d({ Field: 'x' }), true);
    assert.equal(d({ Field: '' }), true);
    assert.equal(d({ Other: 'x' }), false);
    assert.equal(d({ Field: null }), false);
  });
});
