import { chooseIncident, type GroupableAlert, type GroupingRules } from '../../workflow/grouping.ts';
import type { DecisionRecord } from '../engine.ts';
import type { TriageCandidate, TriagePriority } from '../policy.ts';

/**
 * The replay's open incidents, kept in memory with an index from entity key to open items: the stand-in
 * for the store's "open incidents sharing an entity" query, so the replay groups with the service's
 * `chooseIncident`. An item is what a human opens: an incident, or one quality-review sample.
 */
export type ItemState = 'pending' | 'active' | 'closed';

export interface ReplayItem extends TriageCandidate {
  readonly kind: 'incident' | 'quality-review';
  readonly openedAt: number;
  readonly verdictAt: number;
  lastAlertAtMs: number;
  alertCount: number;
  readonly ruleKeys: Set<string>;
  readonly entityKeys: Set<string>;
  sealed: boolean;
  /** pending: awaiting the analyst; active: confirmed malicious, still taking alerts; closed. */
  state: ItemState;
  confirmedMalicious: boolean;
  priority: TriagePriority;
  /** Any attack-caused alert in it (ground truth; read only by the harness, never by the engine). */
  attack: boolean;
  /** Alerts present when the verdict is given, with their decision records (features kept for a sample). */
  readonly records: DecisionRecord[];
  /** Per rule-on-entity pair: alerts seen and records keeping their features (reservoir). */
  readonly pairs: Map<string, { n: number; kept: number[] }>;
}

const PRIORITY_RANK: Readonly<Record<TriagePriority, number>> = { low: 0, medium: 1, high: 2, critical: 3 };
export const raisePriority = (a: TriagePriority, b: TriagePriority): TriagePriority => (PRIORITY_RANK[b] > PRIORITY_RANK[a] ? b : a);
export const isHigh = (p: TriagePriority): boolean => PRIORITY_RANK[p] >= PRIORITY_RANK.high;

export class ItemBook {
  private readonly byEntity = new Map<string, ReplayItem[]>();
  private readonly rules: GroupingRules;
  private next = 1;
  private readonly byId = new Map<string, ReplayItem>();
  readonly all: ReplayItem[] = [];

  constructor(rules: GroupingRules) {
    this.rules = rules;
  }

  /** Open items sharing an entity with the alert; closes active items whose window has passed. */
  candidates(alert: GroupableAlert): ReplayItem[] {
    const windowMs = this.rules.windowMinutes * 60_000;
    const out: ReplayItem[] = [];
    for (const key of alert.entityKeys) {
      const list = this.byEntity.get(key);
      if (list === undefined) continue;
      for (let i = list.length - 1; i >= 0; i--) {
        const item = list[i];
        if (item === undefined) continue;
        if (item.state === 'active' && alert.occurredAtMs - item.lastAlertAtMs > windowMs) this.close(item);
        if (item.state === 'closed') {
          list.splice(i, 1);
          continue;
        }
        if (!out.includes(item)) out.push(item);
      }
    }
    return out;
  }

  /** The open item the workflow's grouping would join the alert to, if any. */
  choose(alert: GroupableAlert): ReplayItem | undefined {
    return chooseIncident(alert, this.candidates(alert), this.rules) as ReplayItem | undefined;
  }

  open(kind: ReplayItem['kind'], alert: GroupableAlert, at: number, verdictAt: number, priority: TriagePriority): ReplayItem {
    const item: ReplayItem = {
      id: `item-${this.next++}`,
      kind,
      openedAt: at,
      verdictAt,
      lastAlertAtMs: alert.occurredAtMs,
      alertCount: 0,
      ruleKeys: new Set(),
      entityKeys: new Set(alert.entityKeys),
      sealed: kind === 'quality-review',
      state: 'pending',
      confirmedMalicious: false,
      priority,
      attack: false,
      records: [],
      pairs: new Map(),
    };
    this.all.push(item);
    this.byId.set(item.id, item);
    if (kind === 'incident') {
      for (const key of alert.entityKeys) {
        let list = this.byEntity.get(key);
        if (list === undefined) {
          list = [];
          this.byEntity.set(key, list);
        }
        list.push(item);
      }
    }
    return item;
  }

  get(id: string): ReplayItem | undefined {
    return this.byId.get(id);
  }

  close(item: ReplayItem): void {
    item.state = 'closed';
    item.sealed = true;
  }
}
