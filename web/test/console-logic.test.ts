import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Incident, TimelineEvent } from '../src/api/types.ts';
import { VERDICTS } from '../src/api/vocab.ts';
import { coalesce } from '../src/lib/coalesce.ts';
import { formatDuration, formatRate } from '../src/lib/format.ts';
import { activeDue, defaultTier, queueOrder, tierLabel } from '../src/lib/queue-order.ts';
import { describeEvent, eventDetails, eventNote } from '../src/lib/timeline-text.ts';
import { VERDICTS as SERVER_VERDICTS } from '../../src/core/verdict.ts';

// The console's pure logic, without a browser: queue order, clocks, wording, and the refetch limiter.

const incident = (over: Partial<Incident>): Incident => ({
  id: `inc_${over.number ?? 1}`,
  number: 1,
  title: 't',
  status: 'new',
  tier: 't1',
  priority: 'p3',
  priorityReasons: [],
  severityId: 3,
  assigneeId: null,
  verdict: null,
  alertCount: 1,
  firstOccurredAt: 0,
  lastAlertAt: 0,
  createdAt: 0,
  createdBand: 'business',
  acknowledgedAt: null,
  containedAt: null,
  resolvedAt: null,
  ackDueAt: 1_000,
  resolveDueAt: 10_000,
  ackBreachedAt: null,
  resolveBreachedAt: null,
  handoverFlaggedAt: null,
  mergedInto: null,
  triageScore: null,
  entityKeys: [],
  ruleKeys: [],
  version: 1,
  ...over,
});

describe('queue order', () => {
  it('sorts by priority, then by the clock that runs out first, then by number', () => {
    const list = [
      incident({ number: 1, priority: 'p3', ackDueAt: 100 }),
      incident({ number: 2, priority: 'p1', ackDueAt: 900 }),
      incident({ number: 3, priority: 'p1', ackDueAt: 300 }),
      // Acknowledged: its resolve clock counts, not the (stopped) acknowledge clock.
      incident({ number: 4, priority: 'p1', status: 'acknowledged', ackDueAt: 1, resolveDueAt: 600 }),
      incident({ number: 5, priority: 'p3', ackDueAt: 100 }),
    ];
    assert.deepEqual(
      [...list].sort(queueOrder).map((i) => i.number),
      [3, 4, 2, 1, 5],
    );
  });

  it('runs the acknowledge clock while new and the resolve clock after', () => {
    assert.deepEqual(activeDue(incident({ status: 'new' })), { due: 1_000, what: 'ack' });
    assert.deepEqual(activeDue(incident({ status: 'in_progress' })), { due: 10_000, what: 'resolve' });
  });

  it('opens on the tier the role works', () => {
    assert.equal(defaultTier('t2'), 't2');
    assert.equal(defaultTier('mssp'), 'mssp,t1');
    assert.equal(defaultTier('manager'), 'all');
    assert.equal(tierLabel('mssp,t1'), 'MSSP + T1');
    assert.equal(tierLabel('all'), 'all tiers');
  });
});

describe('wording', () => {
  it('formats durations and rates for clocks and figures', () => {
    assert.equal(formatDuration(42), '42s');
    assert.equal(formatDuration(252), '4m 12s');
    assert.equal(formatDuration(2 * 3600 + 5 * 60), '2h 05m');
    assert.equal(formatDuration(3 * 86_400 + 4 * 3600), '3d 4h');
    assert.equal(formatDuration(-90), '−1m 30s');
    assert.equal(formatRate(null), '—');
    assert.equal(formatRate(1), '100%');
    assert.equal(formatRate(0.123), '12.3%');
  });

  const event = (type: string, data: Record<string, unknown>, kind: TimelineEvent['actor']['kind'] = 'human'): TimelineEvent => ({ seq: 1, at: 0, type, actor: { id: 'u1', kind, name: 'Night Owl' }, data });
  const names = (id: string) => (id === 'u2' ? 'Senior Sam' : id);

  it('says what each timeline event did, with the note apart and nothing recorded hidden', () => {
    assert.equal(describeEvent(event('escalated', { from: 't1', to: 't2', note: 'needs eyes' }), names), 'Escalated T1 → T2');
    assert.equal(eventNote(event('escalated', { from: 't1', to: 't2', note: 'needs eyes' })), 'needs eyes');
    assert.equal(describeEvent(event('assigned', { assigneeId: 'u2', reason: 'least-loaded' }), names), 'Assigned to Senior Sam (least-loaded)');
    assert.equal(describeEvent(event('closed', { verdict: 'false_positive', note: 'typo' }), names), 'Closed as false positive');
    assert.equal(describeEvent(event('merged', { from: [4, 9], note: 'same host' }), names), 'Merged INC-4, INC-9 into this one');
    assert.equal(describeEvent(event('linked', { other: 7, otherId: 'inc_7', note: 'x' }), names), 'Linked to INC-7');
    assert.equal(describeEvent(event('created', { alertCount: 2, priority: 'p2' }, 'automation'), names), 'Opened with 2 alerts as P2');
    // An event type the console does not know yet still reads, and its data is shown, objects as JSON.
    assert.equal(describeEvent(event('triage_scored', { score: 0.91 }, 'ai'), names), 'Triage scored');
    assert.deepEqual(eventDetails(event('triage_scored', { score: 0.91, reasons: [{ text: 'rare parent process' }] }, 'ai')), [
      ['score', '0.91'],
      ['reasons', '[{"text":"rare parent process"}]'],
    ]);
  });

  it('offers exactly the server’s verdicts', () => {
    assert.deepEqual([...VERDICTS], [...SERVER_VERDICTS]);
  });
});

describe('coalesce: live changes never turn into a request storm', () => {
  it('turns a burst into one run now and one after, never two at once', async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const limiter = coalesce(async () => {
      runs++;
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((r) => setTimeout(r, 30));
      concurrent--;
    }, 40);
    for (let i = 0; i < 100; i++) limiter.trigger();
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 100; i++) limiter.trigger();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(runs, 2);
    assert.equal(maxConcurrent, 1);
    limiter.trigger();
    limiter.cancel();
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(runs, 2, 'a cancelled limiter runs nothing more');
  });

  it('keeps going after a failed run', async () => {
    let runs = 0;
    const limiter = coalesce(async () => {
      runs++;
      await Promise.resolve();
      throw new Error('network down');
    }, 10);
    limiter.trigger();
    await new Promise((r) => setTimeout(r, 30));
    limiter.trigger();
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(runs, 2);
    limiter.cancel();
  });
});
