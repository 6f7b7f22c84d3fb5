import type { AitScenario } from './ait-ads-loader.ts';
import { isAttack } from './ait-ads-loader.ts';
import { StepTracker, type SurfaceVia } from './step-tracker.ts';

/**
 * The naive reference policy of the issue, on the same replay: per-rule attack rate learnt from verdicts;
 * a rule is auto-closed once it has 200 verdict-labelled alerts at ≤ 0.2% attack rate; everything else is
 * grouped by host and rule per clock hour, each group one item for a human, its verdict after the delay
 * (malicious if any of its alerts then was attack-caused). Alerts joining a group after its verdict
 * inherit it. No priorities: it marks nothing high.
 */
export interface BaselineState {
  readonly rules: Map<string, { n: number; m: number }>;
}

export const newBaselineState = (): BaselineState => ({ rules: new Map() });

export interface BaselineResult {
  readonly alerts: number;
  readonly autoClosed: number;
  readonly reviewItems: number;
  readonly attackAlerts: number;
  readonly attackAlertsAutoClosed: number;
  /** Attack alerts that joined a group already closed as benign: grouped away without a human. */
  readonly attackAlertsGroupedAfterBenignVerdict: number;
  readonly steps: StepTracker;
}

interface Group {
  readonly rule: string;
  readonly verdictAt: number;
  alerts: number;
  attack: boolean;
  verdict: boolean | undefined;
}

const HOUR_MS = 3_600_000;

export function replayBaseline(s: AitScenario, state: BaselineState, delayMinutes: number, minVerdicts = 200, maxAttackRate = 0.002): BaselineResult {
  const delayMs = delayMinutes * 60_000;
  const groups = new Map<string, Group>();
  const queue: Group[] = [];
  let head = 0;
  const steps = new StepTracker(s);
  let autoClosed = 0;
  let items = 0;
  let attackAlerts = 0;
  let attackAutoClosed = 0;
  let groupedAway = 0;
  const count = (rule: string, n: number, malicious: boolean): void => {
    let c = state.rules.get(rule);
    if (c === undefined) {
      c = { n: 0, m: 0 };
      state.rules.set(rule, c);
    }
    c.n += n;
    if (malicious) c.m += n;
  };
  const due = (now: number): void => {
    while (head < queue.length && (queue[head]?.verdictAt ?? Infinity) <= now) {
      const g = queue[head++];
      if (g === undefined) continue;
      g.verdict = g.attack;
      count(g.rule, g.alerts, g.attack);
    }
  };
  let hourShown = -1;
  for (let k = 0; k < s.size; k++) {
    const at = s.times[k] ?? 0;
    due(at);
    const hour = Math.floor(at / HOUR_MS);
    if (hour !== hourShown) {
      // Groups of past hours can no longer take alerts.
      for (const [key, g] of groups) if (g.verdict !== undefined && !key.endsWith(`|${hour}`)) groups.delete(key);
      hourShown = hour;
    }
    const rule = s.strings.names[s.nameIdx[k] ?? 0] ?? '';
    const host = s.strings.hosts[s.hostIdx[k] ?? 0] ?? '';
    const attack = isAttack(s, k);
    if (attack) attackAlerts++;
    const c = state.rules.get(rule);
    if (c !== undefined && c.n >= minVerdicts && c.m / c.n <= maxAttackRate) {
      autoClosed++;
      if (attack) {
        attackAutoClosed++;
        steps.seen(k, at);
      }
      continue;
    }
    const key = `${host}|${rule}|${hour}`;
    let g = groups.get(key);
    let via: SurfaceVia;
    if (g === undefined) {
      g = { rule, verdictAt: at + delayMs, alerts: 0, attack: false, verdict: undefined };
      groups.set(key, g);
      queue.push(g);
      items++;
      via = 'new-item';
    } else via = g.verdict === undefined ? 'attached-pending' : 'attached-active';
    if (g.verdict === undefined) {
      g.alerts++;
      if (attack) g.attack = true;
      if (attack) steps.surfaced(k, at, via);
    } else {
      count(rule, 1, g.verdict);
      if (attack && g.verdict) steps.surfaced(k, at, via);
      else if (attack) {
        groupedAway++;
        steps.seen(k, at);
      }
    }
  }
  due(Infinity);
  return { alerts: s.size, autoClosed, reviewItems: items, attackAlerts, attackAlertsAutoClosed: attackAutoClosed, attackAlertsGroupedAfterBenignVerdict: groupedAway, steps };
}
