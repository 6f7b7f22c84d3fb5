import type { AitScenario } from './ait-ads-loader.ts';

/** How an alert reached a human: a new item, an item awaiting its verdict, an active incident, quality review, or look-back. */
export type SurfaceVia = 'new-item' | 'attached-pending' | 'attached-active' | 'quality-review' | 'look-back';

export interface StepFigures {
  readonly step: string;
  readonly alerts: number;
  readonly firstAlertAt: string;
  readonly surfaced: boolean;
  /** Minutes from the step's first alert to the first of its alerts that reached a human. */
  readonly delayMinutes: number | null;
  readonly via: SurfaceVia | null;
  readonly surfacedAlerts: number;
  readonly withinTarget: boolean;
}

/** For every attack step (distinct `event_label`): first alert, first alert that reached a human, delay. */
export class StepTracker {
  private readonly s: AitScenario;
  private readonly first = new Map<number, number>();
  private readonly count = new Map<number, number>();
  private readonly surfacedAt = new Map<number, { at: number; via: SurfaceVia }>();
  private readonly surfacedCount = new Map<number, number>();

  constructor(s: AitScenario) {
    this.s = s;
  }

  seen(k: number, at: number): void {
    const step = this.s.stepIdx[k] ?? 0;
    if (!this.first.has(step)) this.first.set(step, at);
    this.count.set(step, (this.count.get(step) ?? 0) + 1);
  }

  surfaced(k: number, at: number, via: SurfaceVia): void {
    this.seen(k, at);
    const step = this.s.stepIdx[k] ?? 0;
    if (!this.surfacedAt.has(step)) this.surfacedAt.set(step, { at, via });
    this.surfacedCount.set(step, (this.surfacedCount.get(step) ?? 0) + 1);
  }

  figures(targetMinutes: number): StepFigures[] {
    return [...this.first]
      .sort((a, b) => a[1] - b[1])
      .map(([step, first]) => {
        const hit = this.surfacedAt.get(step);
        const delayMinutes = hit === undefined ? null : Math.round(((hit.at - first) / 60_000) * 100) / 100;
        return {
          step: this.s.strings.steps[step] ?? String(step),
          alerts: this.count.get(step) ?? 0,
          firstAlertAt: new Date(first).toISOString(),
          surfaced: hit !== undefined,
          delayMinutes,
          via: hit?.via ?? null,
          surfacedAlerts: this.surfacedCount.get(step) ?? 0,
          withinTarget: delayMinutes !== null && delayMinutes <= targetMinutes,
        };
      });
  }
}
