import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAitCsv } from './ait-ads-loader.ts';
import { newBaselineState, replayBaseline } from './baseline.ts';

const line = (t: number, rule: string, host: string, step = '-') => `${t},${rule},10.0.0.1,${host},W-X,${step === '-' ? 'false_positive' : step},${step}`;

void describe('naive baseline', () => {
  void it('groups by host and rule per hour and auto-closes a rule after 200 benign verdict-labelled alerts', () => {
    const rows = ['time,name,ip,host,short,time_label,event_label'];
    const start = 1_700_000_000 - (1_700_000_000 % 3600);
    for (let i = 0; i < 600; i++) rows.push(line(start + i * 30, 'noise', 'a'));
    rows.push(line(start + 600 * 30, 'exploit', 'a', 'step1'));
    const s = parseAitCsv(rows.join('\n'), 'b');
    const state = newBaselineState();
    const r = replayBaseline(s, state, 30);
    // Hour 1 (120 alerts) and hour 2: verdicts on 120 + 120 alerts → 240 ≥ 200 at 0% → closed from hour 3 on.
    assert.equal(state.rules.get('noise')?.m, 0);
    assert.ok(r.autoClosed > 300 && r.autoClosed < 480, `auto-closed ${r.autoClosed}`);
    assert.equal(r.attackAlertsAutoClosed, 0, 'the exploit rule has no verdicts');
    assert.deepEqual(r.steps.figures(15).map((x) => [x.step, x.surfaced, x.delayMinutes]), [['step1', true, 0]]);
    assert.ok(r.reviewItems >= 3);
  });
});
