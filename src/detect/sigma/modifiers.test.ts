// One test group per value modifier of the Sigma v2.1 modifiers appendix, from its text and examples.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requiredLiterals } from './regex-compat.ts';
import { detector, loadErrors } from './test-support.ts';

void describe('generic modifiers', () => {
  void test('contains, startswith, endswith are case-insensitive by default', () => {
    const d = detector(`
sel:
    CommandLine|contains: 'Invoke-Mimikatz'
    Image|endswith: '\\cmd.exe'
    ParentImage|startswith: 'C:\\Windows\\'
condition: sel`);
    const ev = { CommandLine: 'powershell IEX (invoke-mimikatz -dump)', Image: 'C:\\Windows\\System32\\CMD.EXE', ParentImage: 'c:\\windows\\explorer.exe' };
    assert.equal(d(ev), true);
    assert.equal(d({ ...ev, Image: 'C:\\cmd.exe.bak' }), false);
    assert.equal(d({ ...ev, ParentImage: 'D:\\Windows\\x.exe' }), false);
    assert.equal(d({ ...ev, CommandLine: 'mimikatz' }), false);
  });

  void test('a plain value must equal the whole field', () => {
    const d = detector(`
sel:
    Image: 'C:\\Windows\\System32\\whoami.exe'
condition: sel`);
    assert.equal(d({ Image: 'c:\\windows\\system32\\WHOAMI.exe' }), true);
    assert.equal(d({ Image: 'C:\\Windows\\System32\\whoami.exe2' }), false);
  });

  void test('all links the values with AND instead of OR', () => {
    const d = detector(`
sel:
    CommandLine|contains|all:
        - ' -ExternalUrl '
        - 'OabVirtualDirectory'
condition: sel`);
    assert.equal(d({ CommandLine: 'Set-OabVirtualDirectory -ExternalUrl http://x' }), true);
    assert.equal(d({ CommandLine: 'Set-OabVirtualDirectory' }), false);
    const anyOf = detector(`
sel:
    CommandLine|contains:
        - ' -ExternalUrl '
        - 'OabVirtualDirectory'
condition: sel`);
    assert.equal(anyOf({ CommandLine: 'Set-OabVirtualDirectory' }), true);
  });

  void test('exists checks presence only, be the value empty or null', () => {
    const has = detector(`
sel:
    EventID: 4738
    PasswordLastSet|exists: true
condition: sel`);
    assert.equal(has({ EventID: 4738, PasswordLastSet: '' }), true);
    assert.equal(has({ EventID: 4738, PasswordLastSet: null }), true);
    assert.equal(has({ EventID: 4738 }), false);
    const hasNot = detector(`
sel:
    PasswordLastSet|exists: false
condition: sel`);
    assert.equal(hasNot({ Other: 1 }), true);
    assert.equal(hasNot({ PasswordLastSet: 'x' }), false);
    assert.match(loadErrors(`
sel:
    PasswordLastSet|exists: maybe
condition: sel`)[0] ?? '', /exists takes true or false/);
  });

  void test('cased matches case-sensitively', () => {
    const d = detector(`
sel:
    CommandLine|cased|contains: 'VeryEvil'
condition: sel`);
    assert.equal(d({ CommandLine: 'run VeryEvil now' }), true);
    assert.equal(d({ CommandLine: 'run veryevil now' }), false);
    const exact = detector(`
sel:
    User|cased: 'Admin'
condition: sel`);
    assert.equal(exact({ User: 'Admin' }), true);
    assert.equal(exact({ User: 'admin' }), false);
  });

  void test('neq: the field is present and different from every value', () => {
    const d = detector(`
sel:
    LogonType|neq:
        - 3
        - 10
condition: sel`);
    assert.equal(d({ LogonType: 2 }), true);
    assert.equal(d({ LogonType: '3' }), false);
    assert.equal(d({ LogonType: 10 }), false);
    assert.equal(d({ Other: 1 }), false);
    const s = detector(`
sel:
    User|neq: 'SYSTEM'
condition: sel`);
    assert.equal(s({ User: 'system' }), false);
    assert.equal(s({ User: 'alice' }), true);
  });
});

void describe('string modifiers', () => {
  void test('windash: every dash position takes -, /, en dash, em dash and horizontal bar', () => {
    const d = detector(`
sel:
    CommandLine|windash|contains: ' -exec bypass'
condition: sel`);
    for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) assert.equal(d({ CommandLine: `powershell ${dash}exec bypass` }), true, dash);
    assert.equal(d({ CommandLine: 'powershell +exec bypass' }), false);
    assert.equal(d({ CommandLine: 'powershell exec bypass' }), false);
  });

  void test('windash permutes each dash independently, including dashes inside words', () => {
    const d = detector(`
sel:
    CommandLine|windash|contains: '-param-name'
condition: sel`);
    assert.equal(d({ CommandLine: 'x /param\u2013name' }), true);
    assert.equal(d({ CommandLine: 'x \u2015param/name' }), true);
    assert.equal(d({ CommandLine: 'x _param-name' }), false);
  });

  void test('windash with many dashes (no permutation blow-up) still matches each variant', () => {
    const d = detector(`
sel:
    CommandLine|windash|contains: '-a -b -c -d -e'
condition: sel`);
    assert.equal(d({ CommandLine: 'tool /a \u2013b -c \u2014d /e end' }), true);
    assert.equal(d({ CommandLine: 'tool /a \u2013b -c \u2014d +e end' }), false);
  });

  void test('re: case-sensitive search by default; i, m and s flags', () => {
    const d = detector(`
sel:
    CommandLine|re: 'Invoke-[A-Z][a-z]+'
condition: sel`);
    assert.equal(d({ CommandLine: 'x Invoke-Expression y' }), true);
    assert.equal(d({ CommandLine: 'x invoke-expression y' }), false);
    const i = detector(`
sel:
    CommandLine|re|i: 'invoke-[a-z]+'
condition: sel`);
    assert.equal(i({ CommandLine: 'INVOKE-WEBREQUEST' }), true);
    const m = detector(`
sel:
    Payload|re|m: '^second$'
condition: sel`);
    assert.equal(m({ Payload: 'first\nsecond\nthird' }), true);
    const noM = detector(`
sel:
    Payload|re: '^second$'
condition: sel`);
    assert.equal(noM({ Payload: 'first\nsecond\nthird' }), false);
    const s = detector(`
sel:
    Payload|re|s: 'first.second'
condition: sel`);
    assert.equal(s({ Payload: 'first\nsecond' }), true);
    const noS = detector(`
sel:
    Payload|re: 'first.second'
condition: sel`);
    assert.equal(noS({ Payload: 'first\nsecond' }), false);
  });

  void test('re: literals every match must contain gate the expression without changing its result', () => {
    assert.deepEqual(requiredLiterals('Invoke-(Expression|WebRequest)'), ['invoke-']);
    assert.deepEqual(requiredLiterals('foo|barbaz'), ['foo', 'barbaz']);
    assert.deepEqual(requiredLiterals(String.raw`\\Windows\\System32\\[a-z]+\.exe`), ['\\windows\\system32\\']);
    assert.deepEqual(requiredLiterals('a.*bcd+ef?gh'), ['bcd']);
    assert.deepEqual(requiredLiterals('(?i)mimi(katz)?'), ['mimi']);
    assert.equal(requiredLiterals('ab|[cd]+'), undefined, 'an alternative without a literal');
    assert.equal(requiredLiterals('(abc)?x*'), undefined);
    const d = detector(`
sel:
    CommandLine|re|i: 'INVOKE-(expression|webrequest)'
condition: sel`);
    assert.equal(d({ CommandLine: 'x invoke-WebRequest y' }), true);
    assert.equal(d({ CommandLine: 'x invoke-webclient y' }), false);
    const backticks = detector(String.raw`
sel:
    CommandLine|re: '\w+` + '`' + String.raw`(?:\w+|-|.)` + '`' + String.raw`[\w+|\s]'
condition: sel`);
    assert.equal(backticks({ CommandLine: 'i`e`x (payload)' }), true);
    assert.equal(backticks({ CommandLine: 'iex (payload) '.repeat(200) }), false, 'the required backtick is missing');
  });

  void test('re: PCRE spellings (inline flags, named groups) and invalid expressions', () => {
    const d = detector(`
sel:
    CommandLine|re: '(?i)(?P<verb>download)string'
condition: sel`);
    assert.equal(d({ CommandLine: 'x.DownloadString(y)' }), true);
    assert.match(loadErrors(`
sel:
    CommandLine|re: 'a(b'
condition: sel`)[0] ?? '', /invalid regular expression/);
    assert.match(loadErrors(`
sel:
    CommandLine|contains|re: 'ab'
condition: sel`)[0] ?? '', /only applies to unmodified values/);
    assert.match(loadErrors(`
sel:
    CommandLine|i: 'ab'
condition: sel`)[0] ?? '', /needs the 're' modifier/);
  });
});
