// Value modifiers (Sigma v2.1 modifiers appendix), continued: encodings, numbers, times, networks,
// placeholders and field references.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { base64Offsets, utf16 } from './encodings.ts';
import { detector, loadErrors } from './test-support.ts';

void describe('encoding modifiers', () => {
  void test("base64: the value's Base64 form", () => {
    const d = detector(`
sel:
    CommandLine|base64|contains: 'http://'
condition: sel`);
    assert.equal(d({ CommandLine: 'x aHR0cDovLw== y' }), true);
    assert.equal(d({ CommandLine: 'http://' }), false);
    assert.match(loadErrors(`
sel:
    CommandLine|base64: 'http*'
condition: sel`)[0] ?? '', /wildcards/);
  });

  void test('base64offset: the three variants (published example for http://)', () => {
    assert.deepEqual(base64Offsets('http://', 'text'), ['aHR0cDovL', 'h0dHA6Ly', 'odHRwOi8v']);
  });

  void test('base64offset: a variant appears whatever the offset and the surrounding bytes', () => {
    const value = 'Invoke-Mimikatz';
    const variants = base64Offsets(value, 'text');
    for (let pre = 0; pre < 6; pre++)
      for (let post = 0; post < 4; post++) {
        const encoded = Buffer.from(`${'Q'.repeat(pre)}${value}${'z'.repeat(post)}`).toString('base64');
        assert.ok(variants.some((v) => encoded.includes(v)), `prefix ${pre}, suffix ${post}`);
      }
    const d = detector(`
sel:
    CommandLine|base64offset|contains: 'Invoke-Mimikatz'
condition: sel`);
    for (let pre = 0; pre < 3; pre++) assert.equal(d({ CommandLine: `-enc ${Buffer.from(`${'ab'.slice(0, pre)}Invoke-Mimikatz;`).toString('base64')}` }), true, `offset ${pre}`);
  });

  void test('utf16le / wide, utf16be and utf16 (with byte order mark), as in the appendix examples', () => {
    assert.equal(Buffer.from(utf16('cmd', 'le'), 'latin1').toString('hex'), '63006d006400');
    assert.equal(Buffer.from(utf16('cmd', 'be'), 'latin1').toString('hex'), '0063006d0064');
    const cases: [string, string][] = [
      ['utf16le', Buffer.from('cmd', 'utf16le').toString('base64')],
      ['wide', Buffer.from('cmd', 'utf16le').toString('base64')],
      ['utf16be', 'AGMAbQBk'],
      ['utf16', '//5jAG0AZAA='],
    ];
    for (const [mod, encoded] of cases) {
      const d = detector(`
sel:
    Blob|${mod}|base64: 'cmd'
condition: sel`);
      assert.equal(d({ Blob: encoded }), true, mod);
    }
  });

  void test('wide|base64offset|contains finds an encoded PowerShell command', () => {
    const d = detector(`
sel:
    CommandLine|wide|base64offset|contains: 'DownloadString'
condition: sel`);
    for (const prefix of ['', 'a', 'ab', 'IEX (New-Object Net.WebClient).']) {
      const encoded = Buffer.from(`${prefix}DownloadString('http://x')`, 'utf16le').toString('base64');
      assert.equal(d({ CommandLine: `powershell -enc ${encoded}` }), true, prefix);
    }
    assert.equal(d({ CommandLine: `powershell -enc ${Buffer.from('Write-Host hi', 'utf16le').toString('base64')}` }), false);
  });
});

void describe('numeric and time modifiers', () => {
  void test('lt, lte, gt, gte compare numbers, also numbers written as strings', () => {
    const d = detector(`
sel:
    Size|gt: 100
    Size|lte: 200
condition: sel`);
    assert.equal(d({ Size: 150 }), true);
    assert.equal(d({ Size: '200' }), true);
    assert.equal(d({ Size: 100 }), false);
    assert.equal(d({ Size: 201 }), false);
    assert.equal(d({ Size: 'big' }), false);
    const lt = detector(`
sel:
    Port|lt: 1024
    Ratio|gte: 0.5
condition: sel`);
    assert.equal(lt({ Port: 22, Ratio: 0.5 }), true);
    assert.match(loadErrors(`
sel:
    Size|gt: 'ten'
condition: sel`)[0] ?? '', /not a number/);
  });

  void test('minute, hour, day, week, month, year extract a number from a date', () => {
    const ev = { UtcTime: '2025-10-24 23:41:00.589' };
    const pairs: [string, number, number][] = [
      ['minute', 41, 40],
      ['hour', 23, 22],
      ['day', 24, 25],
      ['week', 43, 44],
      ['month', 10, 11],
      ['year', 2025, 2024],
    ];
    for (const [mod, yes, no] of pairs) {
      assert.equal(detector(`sel:\n    UtcTime|${mod}: ${yes}\ncondition: sel`)(ev), true, mod);
      assert.equal(detector(`sel:\n    UtcTime|${mod}: ${no}\ncondition: sel`)(ev), false, mod);
    }
    const night = detector(`
sel:
    TimeCreated|hour|gte: 22
condition: sel`);
    assert.equal(night({ TimeCreated: '2024-01-01T23:00:00Z' }), true);
    assert.equal(night({ TimeCreated: '2024-01-01T21:59:59Z' }), false);
  });
});

void describe('cidr', () => {
  void test('IPv4 and IPv6 networks', () => {
    const d = detector(`
sel:
    DestinationIp|cidr:
        - 10.0.0.0/8
        - '2001:db8::/32'
condition: sel`);
    assert.equal(d({ DestinationIp: '10.200.3.4' }), true);
    assert.equal(d({ DestinationIp: '11.0.0.1' }), false);
    assert.equal(d({ DestinationIp: '2001:db8:1::5' }), true);
    assert.equal(d({ DestinationIp: '2001:db9::5' }), false);
    assert.equal(d({ DestinationIp: '::ffff:10.1.2.3' }), true, 'IPv4-mapped IPv6');
    assert.equal(d({ DestinationIp: 'not-an-ip' }), false);
  });

  void test('a network written with host bits set means the network they belong to', () => {
    const d = detector(`
sel:
    SourceIp|cidr: 192.168.1.77/24
condition: sel`);
    assert.equal(d({ SourceIp: '192.168.1.5' }), true);
    assert.equal(d({ SourceIp: '192.168.2.5' }), false);
    const host = detector(`
sel:
    SourceIp|cidr: 192.168.1.77
condition: sel`);
    assert.equal(host({ SourceIp: '192.168.1.77' }), true);
    assert.equal(host({ SourceIp: '192.168.1.78' }), false);
  });

  void test('invalid networks are load errors', () => {
    assert.match(loadErrors(`sel:\n    SourceIp|cidr: 10.0.0.0/33\ncondition: sel`)[0] ?? '', /prefix length/);
    assert.match(loadErrors(`sel:\n    SourceIp|cidr: 300.1.1.1/8\ncondition: sel`)[0] ?? '', /not an IPv4 or IPv6 network/);
  });
});

void describe('expand and fieldref', () => {
  const placeholders = { Administrators: ['adm_*', 'root'], DomainControllers: ['dc01', 'dc02'] };

  void test('expand replaces a placeholder by each configured value (OR), wildcards included', () => {
    const d = detector(`
sel:
    User|expand: '%Administrators%'
condition: sel`, { placeholders });
    assert.equal(d({ User: 'adm_alice' }), true);
    assert.equal(d({ User: 'ROOT' }), true);
    assert.equal(d({ User: 'alice' }), false);
    const inside = detector(`
sel:
    Target|contains|expand: '\\\\%DomainControllers%\\'
condition: sel`, { placeholders });
    assert.equal(inside({ Target: 'net use \\\\dc02\\c$' }), true);
  });

  void test('without expand a placeholder is literal; \\% is a plain percent sign', () => {
    const literal = detector(`
sel:
    Path: '%name%'
condition: sel`);
    assert.equal(literal({ Path: '%NAME%' }), true);
    const escaped = detector(`
sel:
    Path|expand: '\\%plain%name%'
condition: sel`, { placeholders: { name: ['x'] } });
    assert.equal(escaped({ Path: '%plainx' }), true);
    assert.equal(escaped({ Path: 'plainx' }), false);
  });

  void test('an unknown placeholder is reported, not silently mismatched', () => {
    assert.match(loadErrors(`sel:\n    User|expand: '%Nobody%'\ncondition: sel`, { placeholders })[0] ?? '', /unknown placeholder '%Nobody%'/);
  });

  void test('fieldref compares two fields of the same event', () => {
    const same = detector(`
sel:
    TargetUserName|fieldref: SubjectUserName
condition: sel`);
    assert.equal(same({ TargetUserName: 'Alice', SubjectUserName: 'alice' }), true);
    assert.equal(same({ TargetUserName: 'Alice', SubjectUserName: 'bob' }), false);
    assert.equal(same({ TargetUserName: 'Alice' }), false);
    const differ = detector(`
sel:
    TargetUserName|fieldref|neq: SubjectUserName
condition: sel`);
    assert.equal(differ({ TargetUserName: 'Alice', SubjectUserName: 'bob' }), true);
    assert.equal(differ({ TargetUserName: 'Alice', SubjectUserName: 'ALICE' }), false);
    const within = detector(`
sel:
    CommandLine|fieldref|contains: User
condition: sel`);
    assert.equal(within({ CommandLine: 'runas /user:eve cmd', User: 'EVE' }), true);
    assert.match(loadErrors(`sel:\n    A|fieldref: 'B*'\ncondition: sel`)[0] ?? '', /must not contain wildcards/);
  });
});

void describe('modifier errors', () => {
  void test('unknown modifiers and null in value lists are reported', () => {
    assert.match(loadErrors(`sel:\n    A|sometimes: x\ncondition: sel`)[0] ?? '', /unsupported modifier 'sometimes'/);
    assert.match(loadErrors(`sel:\n    A:\n        - x\n        - null\ncondition: sel`)[0] ?? '', /null cannot be part of a list/);
    assert.match(loadErrors(`sel:\n    A|contains: null\ncondition: sel`)[0] ?? '', /cannot apply to a null value/);
  });
});
