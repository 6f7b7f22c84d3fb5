// Detection forms (rules specification, "Detection" and "Condition"): maps, lists, keywords, null and
// empty values, and every condition form, evaluated end to end.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { identifierMatches, parseCondition } from './condition-parser.ts';
import { detector, loadErrors } from './test-support.ts';

void describe('search identifiers', () => {
  void test('a map ANDs its fields; a list of values ORs them', () => {
    const d = detector(`
selection:
    EventLog: Security
    EventID:
        - 517
        - 1102
condition: selection`);
    assert.equal(d({ EventLog: 'Security', EventID: 1102 }), true);
    assert.equal(d({ EventLog: 'Security', EventID: '517' }), true);
    assert.equal(d({ EventLog: 'Security', EventID: 4624 }), false);
    assert.equal(d({ EventLog: 'System', EventID: 517 }), false);
  });

  void test('numbers keep their written form (0x17 is not 23)', () => {
    const d = detector(`
selection:
    TicketEncryption: 0x17
    TicketOptions: '0x40810000'
condition: selection`);
    assert.equal(d({ TicketEncryption: '0x17', TicketOptions: '0x40810000' }), true);
    assert.equal(d({ TicketEncryption: '23', TicketOptions: '0x40810000' }), false);
  });

  void test('a list of maps ORs the maps', () => {
    const d = detector(`
selection:
    - Image|endswith: '\\example.exe'
    - Description|contains: 'Test executable'
condition: selection`);
    assert.equal(d({ Image: 'C:\\example.exe' }), true);
    assert.equal(d({ Description: 'A test executable' }), true);
    assert.equal(d({ Image: 'C:\\other.exe', Description: 'x' }), false);
  });

  void test('keyword lists search every value of the event (OR); |all keywords must all appear', () => {
    const d = detector(`
keywords:
    - 'EVILSERVICE'
    - 'svchost.exe -n evil'
condition: keywords`);
    assert.equal(d({ Message: 'Service evilservice installed' }), true);
    assert.equal(d({ a: 1, nested: { deep: ['x', 'C:\\svchost.exe -n evil'] } }), true);
    assert.equal(d({ Message: 'nothing here' }), false);
    const all = detector(`
keywords_cmdlet:
    '|all':
        - 'OabVirtualDirectory'
        - ' -ExternalUrl '
condition: keywords_cmdlet`);
    assert.equal(all({ Payload: 'Set-OabVirtualDirectory -ExternalUrl x' }), true);
    assert.equal(all({ Payload: 'Set-OabVirtualDirectory', Other: ' -ExternalUrl ' }), true);
    assert.equal(all({ Payload: 'Set-OabVirtualDirectory' }), false);
  });

  void test("null means absent or null; '' means an empty value", () => {
    const nullSel = detector(`
selection:
    EventID: 4738
filter:
    PasswordLastSet: null
condition: selection and not filter`);
    assert.equal(nullSel({ EventID: 4738, PasswordLastSet: '%%1794' }), true);
    assert.equal(nullSel({ EventID: 4738, PasswordLastSet: null }), false);
    assert.equal(nullSel({ EventID: 4738 }), false);
    const empty = detector(`
selection_main:
    FieldA: 'something'
selection_empty1:
    FieldB: ''
selection_empty2:
    FieldB: null
condition: selection_main and 1 of selection_empty*`);
    assert.equal(empty({ FieldA: 'something', FieldB: '' }), true);
    assert.equal(empty({ FieldA: 'something' }), true);
    assert.equal(empty({ FieldA: 'something', FieldB: 'x' }), false);
  });

  void test('list-valued event fields match when any element matches', () => {
    const d = detector(`
selection:
    Tags|contains: 'evil'
condition: selection`);
    assert.equal(d({ Tags: ['good', 'very-EVIL'] }), true);
    assert.equal(d({ Tags: ['good'] }), false);
  });

  void test('dotted field names read flat keys and nested objects', () => {
    const d = detector(`
selection:
    process.command_line|contains: 'whoami'
condition: selection`);
    assert.equal(d({ 'process.command_line': 'whoami /all' }), true);
    assert.equal(d({ process: { command_line: 'whoami /all' } }), true);
    assert.equal(d({ process: { name: 'whoami' } }), false);
  });
});

void describe('conditions', () => {
  const base = `
a:
    A: 1
b:
    B: 1
c:
    C: 1
_hidden:
    H: 1
`;
  const run = (condition: string, ev: Record<string, unknown>): boolean => detector(`${base}condition: ${condition}`)(ev);

  void test('or < and < not in binding strength', () => {
    assert.equal(run('a or b and c', { A: 1 }), true);
    assert.equal(run('a or b and c', { B: 1 }), false);
    assert.equal(run('not a and b', { B: 1 }), true);
    assert.equal(run('not a and b', { A: 1, B: 1 }), false);
    assert.equal(run('not a or b', { A: 1, B: 1 }), true);
    assert.equal(run('not not a', { A: 1 }), true);
  });

  void test('parentheses', () => {
    assert.equal(run('(a or b) and c', { B: 1 }), false);
    assert.equal(run('(a or b) and c', { B: 1, C: 1 }), true);
    assert.equal(run('not (a or b)', { C: 1 }), true);
    assert.equal(run('a and (b or (c and not a))', { A: 1, C: 1 }), false);
  });

  void test('1 of / all of a pattern, and of them (identifiers starting with _ excluded)', () => {
    assert.equal(run('1 of them', { H: 1 }), false);
    assert.equal(run('1 of them', { C: 1 }), true);
    assert.equal(run('all of them', { A: 1, B: 1, C: 1 }), true);
    assert.equal(run('all of them', { A: 1, B: 1 }), false);
    assert.equal(run('1 of _h*', { H: 1 }), true);
    assert.equal(run('1 of a', { A: 1 }), true);
    assert.equal(run('all of a', { B: 1 }), false);
  });

  void test('patterns with * anywhere, and 1 of … and not 1 of …', () => {
    const d = detector(`
selection_img:
    Image|endswith: '\\net.exe'
selection_cli:
    CommandLine|contains: ' user '
filter_main_admin:
    User: 'admin'
filter_optional_x:
    CommandLine|contains: 'harmless'
condition: all of selection_* and not 1 of filter_*`);
    assert.equal(d({ Image: 'C:\\net.exe', CommandLine: 'net user bob', User: 'eve' }), true);
    assert.equal(d({ Image: 'C:\\net.exe', CommandLine: 'net user bob', User: 'admin' }), false);
    assert.equal(d({ Image: 'C:\\net.exe', CommandLine: 'net user harmless', User: 'eve' }), false);
    assert.equal(identifierMatches('sel*_x', 'selection_a_x'), true);
    assert.equal(identifierMatches('*_x', 'selection_a_y'), false);
  });

  void test('a list of conditions ORs them', () => {
    const d = detector(`${base}condition:\n    - a and b\n    - c`);
    assert.equal(d({ C: 1 }), true);
    assert.equal(d({ A: 1 }), false);
    assert.equal(d({ A: 1, B: 1 }), true);
  });

  void test('keywords are case-insensitive; the tree is as expected', () => {
    assert.deepEqual(parseCondition('A AND NOT b OR 1 OF c*'), {
      kind: 'or',
      items: [
        { kind: 'and', items: [{ kind: 'ref', name: 'A' }, { kind: 'not', item: { kind: 'ref', name: 'b' } }] },
        { kind: 'of', quantifier: 'one', pattern: 'c*' },
      ],
    });
  });

  void test('bad conditions are load errors with a reason', () => {
    const err = (condition: string): string => loadErrors(`${base}condition: '${condition}'`)[0] ?? '';
    assert.match(err('a and d'), /undefined search identifier 'd'/);
    assert.match(err('1 of sel*'), /matches no search identifier/);
    assert.match(err('(a or b'), /expected '\)'/);
    assert.match(err('a or'), /ends where an expression was expected/);
    assert.match(err('a b'), /unexpected 'b'/);
    assert.match(err('a | count() > 5'), /correlation rules/);
    assert.match(err('a near b'), /correlation rules/);
    assert.match(err('a*'), /only allowed after/);
    assert.match(err('2 of them'), /unexpected/);
  });
});
