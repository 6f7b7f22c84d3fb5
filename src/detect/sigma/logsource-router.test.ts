// Logsource routing with the default Windows pipeline, both Windows JSON layouts, user pipelines, and
// Sigma filters.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pipelineFromYaml } from './pipeline.ts';
import { compileRuleSet } from './rule-set.ts';

const rule = (id: string, logsource: string, detection: string): string =>
  `title: ${id}\nid: ${id}\nlogsource:\n${logsource
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\ndetection:\n${detection
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;

const WHOAMI = rule('whoami', 'category: process_creation\nproduct: windows', "sel:\n    Image|endswith: '\\whoami.exe'\ncondition: sel");
const SECURITY = rule('sec-any', 'product: windows\nservice: security', 'sel:\n    SubjectUserName: alice\ncondition: sel');
const REG_ADD = rule('reg-add', 'category: registry_add\nproduct: windows', "sel:\n    TargetObject|contains: '\\Run\\'\ncondition: sel");
const SERVICE = rule('svc', 'product: windows\nservice: system', "sel:\n    Provider_Name: 'Service Control Manager'\n    EventID: 7045\ncondition: sel");
const LINUX = rule('linux', 'product: linux\ncategory: process_creation', "sel:\n    Image|endswith: '/whoami'\ncondition: sel");
const ANY_WINDOWS = rule('any-win', 'product: windows', "kw:\n    - 'mimikatz'\ncondition: kw");
const PS_CLASSIC = rule('ps-classic', 'product: windows\ncategory: ps_classic_start', "sel:\n    Data|contains: 'HostName=ConsoleHost'\ncondition: sel");

const set = compileRuleSet([{ path: 'rules.yml', text: [WHOAMI, SECURITY, REG_ADD, SERVICE, LINUX, ANY_WINDOWS, PS_CLASSIC].join('---\n') }]);
const ids = (event: Record<string, unknown>): string[] => set.engine.evaluate(event).map((m) => m.ruleId).sort();

const sysmonNxlog = (eventId: number, fields: Record<string, unknown>): Record<string, unknown> => ({
  SourceName: 'Microsoft-Windows-Sysmon',
  Channel: 'Microsoft-Windows-Sysmon/Operational',
  Hostname: 'pc1',
  EventID: eventId,
  ...fields,
});

/** The same event as evtx_dump writes it. */
const evtx = (channel: string, eventId: number | Record<string, unknown>, data: Record<string, unknown>, provider = 'Microsoft-Windows-Sysmon'): Record<string, unknown> => ({
  Event: {
    '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
    System: { Provider: { '#attributes': { Name: provider } }, EventID: eventId, Channel: channel, Computer: 'pc1', TimeCreated: { '#attributes': { SystemTime: '2025-10-24T23:41:00.601559Z' } } },
    EventData: data,
  },
});

void describe('Windows routing', () => {
  void test('process_creation: Sysmon EID 1 in either layout, Security 4688 with NewProcessName', () => {
    assert.deepEqual(ids(sysmonNxlog(1, { Image: 'C:\\Windows\\System32\\whoami.exe' })), ['whoami']);
    assert.deepEqual(ids(evtx('Microsoft-Windows-Sysmon/Operational', 1, { Image: 'C:\\Windows\\System32\\whoami.exe' })), ['whoami']);
    assert.deepEqual(ids({ Channel: 'Security', EventID: 4688, NewProcessName: 'C:\\Windows\\System32\\whoami.exe' }), ['whoami']);
    assert.deepEqual(ids({ Channel: 'security', EventID: '4688', NewProcessName: 'C:\\Windows\\System32\\whoami.exe', SubjectUserName: 'alice' }), ['sec-any', 'whoami'], 'channel compared case-insensitively');
  });

  void test('rules do not see events of other logsources', () => {
    assert.deepEqual(ids(sysmonNxlog(13, { Image: 'C:\\Windows\\System32\\whoami.exe' })), [], 'registry event');
    assert.deepEqual(ids({ Channel: 'Security', EventID: 4624, NewProcessName: 'C:\\x\\whoami.exe', Image: 'C:\\x\\whoami.exe' }), []);
    assert.deepEqual(ids({ Channel: 'Security', EventID: 4624, SubjectUserName: 'alice' }), ['sec-any'], 'a service rule sees every event of its channel');
  });

  void test('conditions beyond the route fields (registry_add needs EventType CreateKey)', () => {
    const key = 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\evil';
    assert.deepEqual(ids(sysmonNxlog(12, { EventType: 'CreateKey', TargetObject: key })), ['reg-add']);
    assert.deepEqual(ids(sysmonNxlog(12, { EventType: 'DeleteKey', TargetObject: key })), []);
  });

  void test('System fields: Provider_Name from evtx attributes and from NXLog SourceName; EventID with Qualifiers', () => {
    const scm = 'Service Control Manager';
    assert.deepEqual(ids({ Channel: 'System', EventID: 7045, SourceName: scm }), ['svc']);
    assert.deepEqual(ids(evtx('System', { '#attributes': { Qualifiers: 16384 }, '#text': 7045 }, { ServiceName: 'x' }, scm)), ['svc']);
  });

  void test('classic PowerShell Data reads NXLog Message; product-only rules see all Windows events', () => {
    assert.deepEqual(ids({ Channel: 'Windows PowerShell', EventID: 400, Message: 'Details: HostName=ConsoleHost x' }), ['ps-classic']);
    assert.deepEqual(ids({ Channel: 'Application', EventID: 1, Message: 'Mimikatz was here' }), ['any-win']);
  });

  void test('unrouted rules see events no pipeline recognises, or a declared logsource', () => {
    assert.deepEqual(ids({ Image: '/usr/bin/whoami' }), ['linux']);
    assert.deepEqual(ids({ Channel: 'Security', EventID: 1, Image: '/usr/bin/whoami' }), []);
    assert.deepEqual(set.engine.evaluate({ Image: 'C:\\whoami.exe' }, { logsource: { product: 'windows', category: 'process_creation' } }).map((m) => m.ruleId), ['whoami']);
    assert.deepEqual(set.engine.unroutedRules.map((r) => r.key), ['linux']);
    const closed = compileRuleSet([{ path: 'r.yml', text: LINUX }], { unroutedRulesSeeUnknownEvents: false });
    assert.equal(closed.engine.evaluate({ Image: '/usr/bin/whoami' }).length, 0);
  });
});

void describe('long runs', () => {
  void test('matching stays right when per-event stamps wrap around (about a day at 50,000 events/s)', () => {
    const s = compileRuleSet([{ path: 'rules.yml', text: [WHOAMI, REG_ADD, SECURITY].join('---\n') }]);
    const ctx = (s.engine as unknown as { ctx: { epoch: number } }).ctx;
    const whoami = sysmonNxlog(1, { Image: 'C:\\whoami.exe' });
    const regAdd = sysmonNxlog(12, { EventType: 'CreateKey', TargetObject: 'HKLM\\x\\Run\\y' });
    // Caches stamped by the first events (epochs 1…8) must not count when those epochs come round again:
    // TargetObject is read at epochs 1…8, then not again until epoch 8 of the next round.
    const regOther = sysmonNxlog(12, { EventType: 'CreateKey', TargetObject: 'HKLM\\x' });
    for (let i = 0; i < 8; i++) assert.equal(s.engine.evaluate(regOther).length, 0);
    ctx.epoch = 0xfffffff0 - 1;
    while (ctx.epoch !== 7) assert.deepEqual(s.engine.evaluate(whoami).map((m) => m.ruleId), ['whoami']);
    assert.deepEqual(s.engine.evaluate(regAdd).map((m) => m.ruleId), ['reg-add'], 'at epoch 8 again');
    assert.equal(s.engine.evaluate(regOther).length, 0);
    assert.equal(Reflect.get(ctx, 'epoch'), 9, 'the epoch wrapped');
  });
});

void describe('user pipelines', () => {
  void test('an ECS pipeline routes by event.code and renames fields', () => {
    const ecs = pipelineFromYaml(
      `name: ecs-windows
recognise: [winlog.channel]
route: [winlog.channel, event.code]
logsources:
    process_creation:
        category: process_creation
        product: windows
        conditions:
            winlog.channel: Microsoft-Windows-Sysmon/Operational
            event.code: 1
        fieldmappings:
            Image: process.executable
`,
      'ecs.yml',
    );
    const s = compileRuleSet([{ path: 'r.yml', text: WHOAMI }], { pipelines: [ecs] });
    const ev = { 'winlog.channel': 'Microsoft-Windows-Sysmon/Operational', 'event.code': '1', process: { executable: 'C:\\whoami.exe' } };
    assert.deepEqual(s.engine.evaluate(ev).map((m) => m.ruleId), ['whoami']);
    assert.equal(s.engine.evaluate({ ...ev, 'event.code': '3' }).length, 0);
    assert.throws(() => pipelineFromYaml('name: x\nlogsources:\n    a:\n        conditions: 5\n', 'bad.yml'), /bad.yml: invalid pipeline/);
  });
});

void describe('Sigma filters', () => {
  const filter = (logsource: string, rules: string): string =>
    `title: Filter admin\nlogsource:\n${logsource}\nfilter:\n    rules:\n${rules}\n    selection:\n        User|startswith: 'adm_'\n    condition: selection\n`;

  void test('a filter suppresses matches of the rules it names (by id or name)', () => {
    const s = compileRuleSet([{ path: 'r.yml', text: [WHOAMI, filter('    category: process_creation\n    product: windows', '        - whoami')].join('---\n') }]);
    assert.equal(s.stats.filters, 1);
    assert.equal(s.engine.evaluate(sysmonNxlog(1, { Image: 'C:\\whoami.exe', User: 'adm_bob' })).length, 0);
    assert.equal(s.engine.evaluate(sysmonNxlog(1, { Image: 'C:\\whoami.exe', User: 'bob' })).length, 1);
  });

  void test('a filter whose logsource differs, or that names an unknown rule, is not applied and says why', () => {
    const s = compileRuleSet([{ path: 'r.yml', text: [WHOAMI, filter('    category: registry_set\n    product: windows', '        - whoami\n        - nope')].join('---\n') }]);
    assert.equal(s.engine.evaluate(sysmonNxlog(1, { Image: 'C:\\whoami.exe', User: 'adm_bob' })).length, 1);
    assert.deepEqual(s.warnings.map((w) => /does not match rule 'whoami'|unknown rule 'nope'/.test(w.reason)), [true, true]);
  });
});
