import type { DutyRepository } from '../store/index.ts';
import type { Tier } from './incident.ts';

export interface OnDutyAnalyst {
  readonly userId: string;
  readonly tier: Tier;
  readonly skills: readonly string[];
  /** When the current shift ends (the latest end if shifts overlap). */
  readonly shiftEndsAt: number;
}

/**
 * Who is on duty: a port. Today's one source is the duty shifts stored through the API/CLI (and the
 * roster engine's published rosters, which it writes as shifts with source `roster`).
 */
export interface OnDutySource {
  onDuty(tenantId: string, at: number): Promise<OnDutyAnalyst[]>;
}

export class StoredDutySource implements OnDutySource {
  private readonly duty: DutyRepository;
  constructor(duty: DutyRepository) {
    this.duty = duty;
  }

  async onDuty(tenantId: string, at: number): Promise<OnDutyAnalyst[]> {
    const [analysts, shifts] = await Promise.all([this.duty.analysts(tenantId), this.duty.shifts(tenantId, at, at + 1)]);
    const ends = new Map<string, number>();
    for (const s of shifts) if (s.startsAt <= at && s.endsAt > at) ends.set(s.userId, Math.max(ends.get(s.userId) ?? 0, s.endsAt));
    return analysts
      .filter((a) => ends.has(a.userId))
      .map((a) => ({ userId: a.userId, tier: a.tier, skills: a.skills, shiftEndsAt: ends.get(a.userId) ?? at }));
  }
}
