import type { GroupingRules } from '../../workflow/grouping.ts';
import type { DecisionRecord, TriageDecision, TriageEngine } from '../engine.ts';
import { seededRandom } from '../stats.ts';
import { aitAlert, isAttack, type AitScenario } from './ait-ads-loader.ts';
import { ItemBook, isHigh, raisePriority, type ReplayItem } from './item-book.ts';
import { StepTracker, type SurfaceVia } from './step-tracker.ts';

/**
 * Replays one scenario through the engine in time order, as production would see it: each alert is
 * triaged (scored, decided, grouped with `chooseIncident` over the open items), each item a human opens
 * gets its verdict `delayMinutes` later (malicious if any alert in it then was caused by the attack), and
 * the engine learns from it. Ground-truth labels are read only to give those verdicts and to score.
 */
export interface ReplayOptions {
  readonly delayMinutes: number;
  /** Learning weight cap per rule-on-entity pair per incident (reservoir of that many feature vectors). */
  readonly capPerPair: number;
  readonly seed: number;
  /** Called for every alert after its decision (diagnostics: which alerts open items, and why). */
  readonly trace?: (e: TraceEvent) => void;
}

export interface TraceEvent {
  readonly index: number;
  readonly decision: TriageDecision;
  readonly attack: boolean;
  readonly via: SurfaceVia | undefined;
  readonly item: ReplayItem | undefined;
}

export const DEFAULT_REPLAY: ReplayOptions = { delayMinutes: 30, capPerPair: 8, seed: 7 };

export interface ReplayCounts {
  readonly alerts: number;
  readonly autoClosed: number;
  readonly reviewItems: number;
  readonly qualityReviewItems: number;
  readonly attackAlerts: number;
  readonly attackAlertsAutoClosed: number;
  readonly attackAlertsCaughtByReview: number;
  /** Auto-closed alerts re-opened by look-back (no longer counted as auto-closed), and the attack ones. */
  readonly reopened: number;
  readonly attackAlertsReopened: number;
  readonly decisions: Readonly<Record<string, number>>;
  readonly actions: Readonly<Record<string, number>>;
  readonly highPriorityItems: number;
  readonly highPriorityWithAttack: number;
  readonly maliciousVerdicts: number;
  readonly itemsPerDay: readonly number[];
  readonly phases: readonly PhaseFigures[];
}

export interface PhaseFigures {
  readonly phase: string;
  readonly alerts: number;
  readonly attackAlerts: number;
  readonly autoClosed: number;
  readonly attackAutoClosed: number;
  readonly items: number;
}

export interface ReplayResult extends ReplayCounts {
  readonly steps: StepTracker;
}

const DAY_MS = 86_400_000;

export function replayScenario(s: AitScenario, engine: TriageEngine, grouping: GroupingRules, options: ReplayOptions = DEFAULT_REPLAY): ReplayResult {
  const delayMs = options.delayMinutes * 60_000;
  const book = new ItemBook(grouping);
  const random = seededRandom(options.seed);
  const steps = new StepTracker(s);
  const queue: ReplayItem[] = [];
  let head = 0;
  const decisions: Record<string, number> = { 'auto-close': 0, attach: 0, queue: 0, escalate: 0 };
  const actions: Record<string, number> = { 'auto-close': 0, attach: 0, queue: 0, escalate: 0 };
  let autoClosed = 0;
  let attackAlerts = 0;
  let attackAutoClosed = 0;
  let caughtByReview = 0;
  let reopened = 0;
  let attackReopened = 0;
  /** Auto-closed alerts the look-back may still re-open: alert id → row. */
  const closedRows = new Map<string, number>();
  let maliciousVerdicts = 0;
  const start = s.size > 0 ? (s.times[0] ?? 0) : 0;
  const itemsPerDay: number[] = [];
  const phase = s.strings.phases.map((p) => ({ phase: p, alerts: 0, attackAlerts: 0, autoClosed: 0, attackAutoClosed: 0, items: new Set<string>() }));

  const giveVerdict = (item: ReplayItem): void => {
    const malicious = item.attack;
    if (malicious) maliciousVerdicts++;
    const review = item.kind === 'quality-review';
    if (review) for (const r of item.records) engine.recordVerdict(r, malicious, { incidentId: item.id, qualityReview: true });
    else engine.recordIncidentVerdict(item.records, malicious, { incidentId: item.id, capPerPair: options.capPerPair });
    item.records.length = 0;
    item.pairs.clear();
    if (review || !malicious) book.close(item);
    else {
      item.state = 'active';
      item.confirmedMalicious = true;
    }
  };
  const dueVerdicts = (now: number): void => {
    while (head < queue.length && (queue[head]?.verdictAt ?? Infinity) <= now) {
      const item = queue[head++];
      if (item !== undefined) giveVerdict(item);
    }
    if (head > 4096) {
      queue.splice(0, head);
      head = 0;
    }
  };
  /** Keeps the alert's record for the verdict; features only for a per-pair reservoir sample. */
  const keep = (item: ReplayItem, record: DecisionRecord): void => {
    let pair = item.pairs.get(record.pairKey);
    if (pair === undefined) {
      pair = { n: 0, kept: [] };
      item.pairs.set(record.pairKey, pair);
    }
    pair.n++;
    const light: DecisionRecord = { ...record, features: { offset: 0, idx: [], val: [] } };
    if (pair.kept.length < options.capPerPair) {
      pair.kept.push(item.records.length);
      item.records.push(record);
      return;
    }
    const j = Math.floor(random() * pair.n);
    if (j < options.capPerPair) {
      const slotIndex = pair.kept[j] ?? 0;
      const old = item.records[slotIndex];
      if (old !== undefined) item.records[slotIndex] = { ...old, features: { offset: 0, idx: [], val: [] } };
      pair.kept[j] = item.records.length;
      item.records.push(record);
    } else item.records.push(light);
  };
  const countItem = (at: number): void => {
    const day = Math.floor((at - start) / DAY_MS);
    while (itemsPerDay.length <= day) itemsPerDay.push(0);
    itemsPerDay[day] = (itemsPerDay[day] ?? 0) + 1;
  };
  const join = (item: ReplayItem, ruleKey: string, at: number, attack: boolean): void => {
    item.alertCount++;
    item.ruleKeys.add(ruleKey);
    item.lastAlertAtMs = Math.max(item.lastAlertAtMs, at);
    if (attack) item.attack = true;
  };

  for (let k = 0; k < s.size; k++) {
    const at = s.times[k] ?? 0;
    dueVerdicts(at);
    const alert = aitAlert(s, k);
    const attack = isAttack(s, k);
    const d = engine.triage(alert, { candidates: (g) => book.candidates(g) });
    decisions[d.decision] = (decisions[d.decision] ?? 0) + 1;
    actions[d.action] = (actions[d.action] ?? 0) + 1;
    const ph = phase[s.phaseIdx[k] ?? 0];
    if (ph !== undefined) {
      ph.alerts++;
      if (attack) ph.attackAlerts++;
    }
    if (attack) attackAlerts++;
    let via: SurfaceVia | undefined;
    let item: ReplayItem | undefined;
    if (d.action === 'auto-close') {
      autoClosed++;
      if (ph !== undefined) ph.autoClosed++;
      if (d.qualityReview) {
        item = book.open('quality-review', d.groupable, at, at + delayMs, 'medium');
        queue.push(item);
        via = 'quality-review';
        if (attack) caughtByReview++;
      } else {
        if (attack) attackAutoClosed++;
        if (attack && ph !== undefined) ph.attackAutoClosed++;
        closedRows.set(d.alertId, k);
      }
    } else {
      const joined = d.incidentId === undefined ? undefined : book.get(d.incidentId);
      if (joined !== undefined && joined.state !== 'closed') {
        item = joined;
        via = joined.state === 'pending' ? 'attached-pending' : 'attached-active';
      } else {
        item = book.open('incident', d.groupable, at, at + delayMs, d.priority);
        queue.push(item);
        via = 'new-item';
      }
      item.priority = raisePriority(item.priority, d.priority);
    }
    if (item !== undefined) {
      join(item, d.groupable.ruleKey, at, attack);
      if (item.state === 'pending') keep(item, d.record);
      if (ph !== undefined) ph.items.add(item.id);
      if (via === 'new-item' || via === 'quality-review') countItem(at);
    }
    // Look-back: the alerts this one's watch re-opens go to humans now, grouped like any other.
    for (const r of d.reopen) {
      const row = closedRows.get(r.alertId);
      if (row === undefined) continue;
      closedRows.delete(r.alertId);
      const rowAttack = isAttack(s, row);
      const rowPhase = phase[s.phaseIdx[row] ?? 0];
      reopened++;
      autoClosed--;
      if (rowPhase !== undefined) rowPhase.autoClosed--;
      if (rowAttack) {
        attackReopened++;
        attackAutoClosed--;
        if (rowPhase !== undefined) rowPhase.attackAutoClosed--;
      }
      let target = book.choose(r.groupable);
      if (target === undefined) {
        target = book.open('incident', r.groupable, at, at + delayMs, 'medium');
        queue.push(target);
        countItem(at);
      }
      join(target, r.groupable.ruleKey, r.groupable.occurredAtMs, rowAttack);
      if (target.state === 'pending') keep(target, { ...r.record, reopened: true });
      rowPhase?.items.add(target.id);
      if (rowAttack) steps.surfaced(row, at, 'look-back');
    }
    if (closedRows.size > 50_000) closedRows.clear();
    options.trace?.({ index: k, decision: d, attack, via, item });
    if (attack && via !== undefined) steps.surfaced(k, at, via);
    else if (attack) steps.seen(k, at);
  }
  dueVerdicts(Infinity);

  const incidents = book.all.filter((x) => x.kind === 'incident');
  const high = incidents.filter((x) => isHigh(x.priority));
  return {
    alerts: s.size,
    autoClosed,
    reviewItems: book.all.length,
    qualityReviewItems: book.all.length - incidents.length,
    attackAlerts,
    attackAlertsAutoClosed: attackAutoClosed,
    attackAlertsCaughtByReview: caughtByReview,
    reopened,
    attackAlertsReopened: attackReopened,
    decisions,
    actions,
    highPriorityItems: high.length,
    highPriorityWithAttack: high.filter((x) => x.attack).length,
    maliciousVerdicts,
    itemsPerDay,
    phases: phase.map((p) => ({ phase: p.phase, alerts: p.alerts, attackAlerts: p.attackAlerts, autoClosed: p.autoClosed, attackAutoClosed: p.attackAutoClosed, items: p.items.size })),
    steps,
  };
}
