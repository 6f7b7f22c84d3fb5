import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { Command, CommanderError } from 'commander';
import { registerDetectCommands, type DetectCommandIo } from './detect-commands.ts';

const WHOAMI = `title: Whoami
id: whoami-1
level: high
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\whoami.exe'
    condition: selection
`;

async function run(args: string[], io: DetectCommandIo = {}): Promise<{ out: string; err: string; exitCode: number }> {
  let out = '';
  let err = '';
  const program = new Command('vigil').exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  registerDetectCommands(program, io);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { out, err, exitCode: 0 };
  } catch (e) {
    if (e instanceof CommanderError) return { out, err, exitCode: e.exitCode };
    throw e;
  }
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-'));
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'rules', 'whoami.yml'), WHOAMI);
  return dir;
}

const sysmon = (image: string, n: number): Record<string, unknown> => ({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, Image: image, RecordNumber: n });

void describe('vigil detect', () => {
  void test('NDJSON, gzipped and pretty-printed inputs; one NDJSON match per line with file and position', async () => {
    const dir = workspace();
    const events = [sysmon('C:\\a.exe', 1), sysmon('C:\\whoami.exe', 2), sysmon('C:\\b.exe', 3), sysmon('C:\\x\\WHOAMI.EXE', 4)];
    writeFileSync(join(dir, 'events.ndjson'), events.map((e) => JSON.stringify(e)).join('\n'));
    writeFileSync(join(dir, 'events.json.gz'), gzipSync(events.map((e) => JSON.stringify(e)).join('\n')));
    writeFileSync(join(dir, 'pretty.json'), events.map((e) => JSON.stringify(e, null, 2)).join('\n'));
    const { out, err, exitCode } = await run(['detect', '--rules', join(dir, 'rules'), join(dir, 'events.ndjson'), join(dir, 'events.json.gz'), join(dir, 'pretty.json')]);
    assert.equal(exitCode, 0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => [l['ruleId'], l['title'], l['level'], (l['file'] as string).slice(dir.length + 1), l['position'], (l['event'] as { RecordNumber: number }).RecordNumber]),
      [
        ['whoami-1', 'Whoami', 'high', 'events.ndjson', 2, 2],
        ['whoami-1', 'Whoami', 'high', 'events.ndjson', 4, 4],
        ['whoami-1', 'Whoami', 'high', 'events.json.gz', 2, 2],
        ['whoami-1', 'Whoami', 'high', 'events.json.gz', 4, 4],
        ['whoami-1', 'Whoami', 'high', 'pretty.json', 2, 2],
        ['whoami-1', 'Whoami', 'high', 'pretty.json', 4, 4],
      ],
    );
    assert.equal(lines[4]?.['line'], 7, 'pretty-printed: the line the object starts on');
    assert.match(err, /6 match\(es\), 1 rule\(s\)/);
  });

  void test("'-' reads standard input; --rules may be repeated; bad records are reported on stderr", async () => {
    const dir = workspace();
    mkdirSync(join(dir, 'more'));
    writeFileSync(join(dir, 'more', 'net.yml'), WHOAMI.replace('whoami-1', 'net-1').replace('whoami.exe', 'net.exe'));
    const stdin = (async function* () {
      await Promise.resolve();
      yield `${JSON.stringify(sysmon('C:\\net.exe', 1))}\nbroken\n${JSON.stringify(sysmon('C:\\whoami.exe', 2))}\n`;
    })();
    const { out, err } = await run(['detect', '-r', join(dir, 'rules'), '-r', join(dir, 'more'), '-'], { stdin });
    assert.deepEqual(out.trim().split('\n').map((l) => (JSON.parse(l) as { ruleId: string; file: string }).ruleId), ['net-1', 'whoami-1']);
    assert.match(err, /-:2: event 2: unexpected text 'broken'/);
  });

  void test('--logsource declares the logsource of every event', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'e.ndjson'), JSON.stringify({ Image: 'C:\\whoami.exe' }));
    const plain = await run(['detect', '-r', join(dir, 'rules'), join(dir, 'e.ndjson')]);
    assert.equal(plain.out, '');
    const declared = await run(['detect', '-r', join(dir, 'rules'), '--logsource', 'product=windows,category=process_creation', join(dir, 'e.ndjson')]);
    assert.equal(declared.out.trim().split('\n').length, 1);
    const bad = await run(['detect', '-r', join(dir, 'rules'), '--logsource', 'colour=red', join(dir, 'e.ndjson')]);
    assert.equal(bad.exitCode, 2);
  });
});

void describe('vigil rules check', () => {
  void test('lists every rule that cannot be loaded with reason and path, then fails', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'rules', 'bad1.yml'), WHOAMI.replace('whoami-1', 'bad-1').replace('|endswith', '|endswithh'));
    writeFileSync(join(dir, 'rules', 'bad2.yml'), WHOAMI.replace('whoami-1', 'bad-2').replace('condition: selection', 'condition: selection or'));
    writeFileSync(join(dir, 'rules', 'bad3.yml'), 'title: [unclosed\n');
    const { out, err, exitCode } = await run(['rules', 'check', join(dir, 'rules')]);
    assert.equal(exitCode, 1);
    const rows = out.trim().split('\n');
    assert.equal(rows.length, 4);
    assert.match(rows[0] ?? '', /bad1\.yml\tbad-1\t.*unsupported modifier 'endswithh'/);
    assert.match(rows[1] ?? '', /bad2\.yml\tbad-2\tbad condition/);
    assert.match(rows[2] ?? '', /bad3\.yml\t-\tYAML error/);
    assert.match(rows[3] ?? '', /4 file\(s\): 1 loaded .* 3 failed/);
    assert.match(err, /3 rule\(s\) could not be loaded/);
    const json = await run(['rules', 'check', '--json', join(dir, 'rules')]);
    assert.deepEqual(json.out.trim().split('\n').slice(0, 3).map((l) => (JSON.parse(l) as { ruleId: string | null }).ruleId), ['bad-1', 'bad-2', null]);
  });

  void test('exit code 0 when everything loads', async () => {
    const { out, exitCode } = await run(['rules', 'check', workspace()]);
    assert.equal(exitCode, 0);
    assert.match(out, /1 loaded .* 0 failed/);
  });
});
