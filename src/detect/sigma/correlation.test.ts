// Correlation rules (correlation rules specification), over a stream with event times.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FakeClock } from '../../core/clock.ts';
import type { SigmaMatch } from './match.ts';
import { compileYaml, TEST_LOGSOURCE } from './test-support.ts';

const T0 = Date.parse('2025-01-01T10:00:00Z');
const at = (seconds: number): number => T0 + seconds * 1000;

const base = (name: string, id: string, detection: string): string => `title: ${name}
id: ${id}
name: ${name}
logsource:
    product: vigiltest
detection:
${detection}
`;

const failedLogin = base('failed_login', '53ba33fd-3a50-4468-a5ef-c583635cfa92', `    selection:
        EventID:
            - 529
            - 4625
    condition: selection`);
const successfulLogin = base('successful_login', '4d0a2c83-c62c-4ed4-b475-c7e23a9269b8', `    selection:
        EventID:
            - 528
            - 4624
    condition: selection`);

function stream(docs: string[], options: { clock?: FakeClock } = {}) {
  const set = compileYaml(docs.join('---\n'), options.clock !== undefined ? { clock: options.clock } : {});
  assert.deepEqual(set.errors, []);
  const feed = (event: Record<string, unknown>, seconds: number): SigmaMatch[] => [...set.engine.evaluate(event, { logsource: TEST_LOGSOURCE, time: at(seconds) })];
  return { set, feed, correlations: (ms: SigmaMatch[]) => ms.filter((m) => m.kind === 'correlation') };
}

void describe('correlations', () => {
  void test('the specification example: many failed logins followed by a success (chained, by name)', () => {
    const outer = `title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
level: high
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_login
    group-by:
        - User
    timespan: 10m
`;
    const inner = `title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 10m
    condition:
        gte: 10
`;
    const { feed, correlations } = stream([outer, inner, failedLogin, successfulLogin]);
    const out: SigmaMatch[] = [];
    for (let i = 0; i < 10; i++) out.push(...feed({ EventID: 4625, User: 'alice' }, i * 10));
    for (let i = 0; i < 9; i++) out.push(...feed({ EventID: 4625, User: 'bob' }, i * 10));
    assert.deepEqual(out, [], 'base rules and the inner correlation are not reported by themselves');
    assert.deepEqual(correlations(feed({ EventID: 4624, User: 'bob' }, 120)), []);
    const fired = correlations(feed({ EventID: 4624, User: 'alice' }, 130));
    assert.equal(fired.length, 1);
    const m = fired[0] as SigmaMatch;
    assert.equal(m.ruleId, 'b180ead8-d58f-40b2-ae54-c8940995b9b6');
    assert.equal(m.level, 'high');
    const c = m.correlation;
    assert.ok(c !== undefined);
    assert.deepEqual(c.group, { User: 'alice' });
    assert.equal(c.type, 'temporal_ordered');
    assert.equal(c.matches.length, 2);
    assert.equal(c.firstTime, new Date(at(90)).toISOString());
  });

  void test('temporal_ordered needs the order; temporal does not', () => {
    const ordered = (type: string): string => `title: ordered
id: corr-1
correlation:
    type: ${type}
    rules:
        - failed_login
        - successful_login
    group-by:
        - User
    timespan: 5m
`;
    const a = stream([ordered('temporal_ordered'), failedLogin, successfulLogin]);
    a.feed({ EventID: 4624, User: 'u' }, 0);
    assert.equal(a.correlations(a.feed({ EventID: 4625, User: 'u' }, 10)).length, 0, 'success before failure');
    assert.equal(a.correlations(a.feed({ EventID: 4624, User: 'u' }, 20)).length, 1);
    const b = stream([ordered('temporal'), failedLogin, successfulLogin]);
    b.feed({ EventID: 4624, User: 'u' }, 0);
    assert.equal(b.correlations(b.feed({ EventID: 4625, User: 'u' }, 10)).length, 1);
    const late = stream([ordered('temporal'), failedLogin, successfulLogin]);
    late.feed({ EventID: 4624, User: 'u' }, 0);
    assert.equal(late.correlations(late.feed({ EventID: 4625, User: 'u' }, 301)).length, 0, 'outside the timespan');
  });

  void test('event_count counts per group inside a sliding timespan, then starts afresh', () => {
    const rule = `title: many failures
id: corr-count
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - ComputerName
    timespan: 1m
    condition:
        gte: 3
`;
    const s = stream([rule, failedLogin]);
    const fires: SigmaMatch[] = [];
    for (const [host, t] of [['a', 0], ['a', 30], ['b', 31], ['a', 70], ['a', 80], ['a', 85], ['a', 86]] as const) fires.push(...s.correlations(s.feed({ EventID: 4625, ComputerName: host }, t)));
    assert.equal(fires.length, 1, 'a@0 has left the window at a@70; a@30,70,80 fire; a@85,86 start afresh');
    const first = fires[0];
    assert.ok(first?.correlation !== undefined);
    assert.equal(first.correlation.value, 3);
    assert.equal(first.time, new Date(at(80)).toISOString());
    assert.equal(first.correlation.firstTime, new Date(at(30)).toISOString());
    assert.equal(s.correlations(s.feed({ EventID: 4625 }, 90)).length, 0, 'events without the group-by field are not counted');
  });

  void test('value_count counts distinct values of a field', () => {
    const rule = `title: spray
id: corr-vc
correlation:
    type: value_count
    rules:
        - failed_login
    group-by:
        - IpAddress
    timespan: 1h
    condition:
        field: TargetUserName
        gte: 3
`;
    const s = stream([rule, failedLogin]);
    let fired = 0;
    for (const u of ['x', 'x', 'y', 'x', 'z']) fired += s.correlations(s.feed({ EventID: 4625, IpAddress: '10.0.0.1', TargetUserName: u }, 1)).length;
    assert.equal(fired, 1);
  });

  void test('value_sum, value_avg and value_percentile', () => {
    const website = base('website_access', 'web-1', `    selection:
        EventID: 1
    condition: selection`);
    const sum = stream([`title: exfil
id: corr-sum
correlation:
    type: value_sum
    rules:
        - website_access
    group-by:
        - SourceIP
    timespan: 1h
    condition:
        field: bytes_sent
        gt: 1000
`, website]);
    assert.equal(sum.correlations(sum.feed({ EventID: 1, SourceIP: 'h', bytes_sent: 600 }, 0)).length, 0);
    const fired = sum.correlations(sum.feed({ EventID: 1, SourceIP: 'h', bytes_sent: '600' }, 10));
    assert.equal(fired[0]?.correlation?.value, 1200);

    const avg = stream([`title: avg
id: corr-avg
correlation:
    type: value_avg
    rules:
        - website_access
    group-by:
        - SourceIP
    timespan: 24h
    condition:
        field: BytesOut
        gt: 500
`, website]);
    assert.equal(avg.correlations(avg.feed({ EventID: 1, SourceIP: 'h', BytesOut: 100 }, 0)).length, 0);
    assert.equal(avg.correlations(avg.feed({ EventID: 1, SourceIP: 'h', BytesOut: 800 }, 1)).length, 0, 'average 450');
    assert.equal(avg.correlations(avg.feed({ EventID: 1, SourceIP: 'h', BytesOut: 1000 }, 2)).length, 1, 'average 633');

    const pct = stream([`title: rare process
id: corr-pct
correlation:
    type: value_percentile
    rules:
        - website_access
    group-by:
        - ComputerName
    timespan: 24h
    condition:
        field: Image
        lte: 1
`, website]);
    let rare = 0;
    for (let i = 0; i < 150; i++) rare += pct.correlations(pct.feed({ EventID: 1, ComputerName: 'pc', Image: 'svchost.exe' }, i)).length;
    assert.equal(rare, 0);
    assert.equal(pct.correlations(pct.feed({ EventID: 1, ComputerName: 'pc', Image: 'evil.exe' }, 200)).length, 1, '1 in 151 is under 1 %');
  });

  void test('upper bounds are decided when the window is over (on a later match or on flush)', () => {
    const rule = `title: too few heartbeats
id: corr-lt
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - ComputerName
    timespan: 10m
    condition:
        lt: 3
`;
    const clock = new FakeClock(new Date(at(0)));
    const s = stream([rule, failedLogin], { clock });
    assert.equal(s.correlations(s.feed({ EventID: 4625, ComputerName: 'a' }, 0)).length, 0);
    assert.equal(s.correlations(s.feed({ EventID: 4625, ComputerName: 'a' }, 60)).length, 0);
    assert.equal(s.correlations(s.feed({ EventID: 4625, ComputerName: 'b' }, 70)).length, 0);
    const closed = s.correlations(s.feed({ EventID: 4625, ComputerName: 'a' }, 700));
    assert.equal(closed.length, 1, "a's first window (2 events) closes when a later event arrives");
    assert.equal(closed[0]?.correlation?.value, 2);
    assert.equal(s.set.engine.flush(at(300)).length, 0, "b's window is still open");
    clock.set(new Date(at(2000)));
    const flushed = s.set.engine.flush();
    assert.deepEqual(flushed.map((m) => m.correlation?.group.ComputerName).sort(), ['a', 'b'], "b's window and a's second one");
    assert.equal(s.set.engine.flush(Infinity).length, 0, 'nothing left open');
  });

  void test('aliases map one group-by name to different fields per rule (specification example)', () => {
    const internalError = base('internal_error', 'ie-1', `    selection:
        http.response.status_code: 500
    condition: selection`);
    const newConnection = base('new_network_connection', 'nc-1', `    selection:
        event.category: network
    condition: selection`);
    const rule = `title: error then connection
id: corr-alias
correlation:
    type: temporal
    rules:
        - internal_error
        - new_network_connection
    group-by:
        - internal_ip
        - remote_ip
    timespan: 10s
    aliases:
        internal_ip:
            internal_error: destination.ip
            new_network_connection: source.ip
        remote_ip:
            internal_error: source.ip
            new_network_connection: destination.ip
`;
    const s = stream([rule, internalError, newConnection]);
    s.feed({ 'http.response.status_code': 500, destination: { ip: '10.0.0.5' }, source: { ip: '203.0.113.9' } }, 0);
    assert.equal(s.correlations(s.feed({ 'event.category': 'network', source: { ip: '10.0.0.6' }, destination: { ip: '203.0.113.9' } }, 2)).length, 0);
    const fired = s.correlations(s.feed({ 'event.category': 'network', source: { ip: '10.0.0.5' }, destination: { ip: '203.0.113.9' } }, 3));
    assert.deepEqual(fired[0]?.correlation?.group, { internal_ip: '10.0.0.5', remote_ip: '203.0.113.9' });
  });

  void test('generate: true also reports the referenced rules', () => {
    const rule = (generate: string): string => `title: c
id: corr-gen
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 1m
    condition:
        gte: 2
${generate}`;
    const quiet = stream([rule(''), failedLogin]);
    assert.equal(quiet.feed({ EventID: 4625, User: 'u' }, 0).length, 0);
    const loud = stream([rule('    generate: true\n'), failedLogin]);
    assert.deepEqual(loud.feed({ EventID: 4625, User: 'u' }, 0).map((m) => m.ruleId), ['53ba33fd-3a50-4468-a5ef-c583635cfa92']);
  });

  void test('invalid correlations are reported with their reason', () => {
    const errors = (text: string): string[] => compileYaml(text).errors.map((e) => e.reason);
    assert.match(errors(`title: x\ncorrelation:\n    type: event_count\n    rules: [nope]\n    timespan: 1h\n    condition:\n        gte: 1\n`)[0] ?? '', /unknown rule\(s\): nope/);
    assert.match(errors(`title: x\ncorrelation:\n    type: event_count\n    rules: [a]\n    timespan: 1h\n`)[0] ?? '', /needs a condition/);
    assert.match(errors(`title: x\ncorrelation:\n    type: value_count\n    rules: [a]\n    timespan: 1h\n    condition:\n        gte: 1\n`)[0] ?? '', /needs condition.field/);
    assert.match(errors(`title: x\ncorrelation:\n    type: event_count\n    rules: [a]\n    timespan: 1 hour\n    condition:\n        gte: 1\n`)[0] ?? '', /timespan/);
    assert.match(errors(`title: x\ncorrelation:\n    type: sometimes\n    rules: [a]\n    timespan: 1h\n`)[0] ?? '', /invalid correlation rule/);
    const cycle = `title: c1\nid: c1\ncorrelation:\n    type: temporal\n    rules: [c2]\n    timespan: 1h\n---\ntitle: c2\nid: c2\ncorrelation:\n    type: temporal\n    rules: [c1]\n    timespan: 1h\n`;
    assert.ok(errors(cycle).every((e) => /cycle/.test(e)) && errors(cycle).length === 2);
  });
});
