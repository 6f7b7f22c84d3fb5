import type { GroupableAlert } from '../workflow/grouping.ts';
import type { DecisionRecord } from './engine.ts';

/** An auto-closed alert the look-back may re-open. */
export interface ClosedAlert {
  readonly alertId: string;
  readonly closedAt: number;
  readonly groupable: GroupableAlert;
  readonly record: DecisionRecord;
}

const CAPACITY = 2000;

/**
 * Look-back: when the tenant enters a watch (a host raising several rules new to it, as an attack moving
 * through a network does), alerts auto-closed in the minutes before that were not routine on their host
 * are re-opened for a human. An attack's first step often looks harmless until the next step shows.
 */
export class LookBack {
  private readonly windowMs: number;
  private recent: ClosedAlert[] = [];
  /** End of the current watch episode: only its start looks back. */
  private watchUntil = -Infinity;

  constructor(windowMinutes: number) {
    this.windowMs = windowMinutes * 60_000;
  }

  remember(entry: ClosedAlert): void {
    if (this.windowMs <= 0) return;
    this.recent.push(entry);
    // Trim in bulk, not per alert: entries older than the window, or the oldest half past capacity.
    if (this.recent.length > 2 * CAPACITY) {
      const since = entry.closedAt - this.windowMs;
      const fresh = this.recent.filter((e) => e.closedAt >= since);
      this.recent = fresh.length > CAPACITY ? fresh.slice(fresh.length - CAPACITY) : fresh;
    }
  }

  /**
   * The tenant is on watch at `at`: if that starts a new episode, the remembered alerts closed within the
   * window before it, removed from memory; within an episode, nothing (the watch guard already keeps
   * non-routine alerts open).
   */
  watch(at: number): ClosedAlert[] {
    const fresh = at > this.watchUntil;
    this.watchUntil = Math.max(this.watchUntil, at + this.windowMs);
    if (!fresh) return [];
    const since = at - this.windowMs;
    const out = this.recent.filter((e) => e.closedAt >= since && e.closedAt <= at);
    this.recent = [];
    return out;
  }

  get size(): number {
    return this.recent.length;
  }
}
