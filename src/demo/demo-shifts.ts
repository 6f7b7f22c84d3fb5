import { DateTime } from 'luxon';
import { prefixedId } from '../core/ids.ts';
import type { DutyShift, Store } from '../store/index.ts';
import type { Tier } from '../workflow/incident.ts';
import { DEMO_TENANT } from './demo-tenant.ts';

/** Three eight-hour shifts a day in the demo tenant's time zone: 07–15, 15–23, 23–07. */
const SHIFT_STARTS = [7, 15, 23] as const;

/**
 * A 24/7 demo rota from yesterday to two weeks ahead (re-published at every start, so a demo left
 * running for weeks stays staffed): two T1 and one T2 on every shift, T3 in weekday business hours.
 * The roster engine replaces this with a planned, fair rota.
 */
export async function publishDemoShifts(store: Store, now: number): Promise<number> {
  const analysts = await store.duty.analysts(DEMO_TENANT.id);
  const byTier = (tier: Tier) => analysts.filter((a) => a.tier === tier).map((a) => a.userId).sort();
  const t1 = byTier('t1');
  const t2 = byTier('t2');
  const t3 = byTier('t3');
  const first = DateTime.fromMillis(now, { zone: DEMO_TENANT.timeZone }).startOf('day').minus({ days: 1 });
  const shifts: DutyShift[] = [];
  const add = (userId: string | undefined, start: DateTime, hours: number) => {
    if (userId === undefined) return;
    shifts.push({ id: prefixedId('sft'), tenantId: DEMO_TENANT.id, userId, startsAt: start.toMillis(), endsAt: start.plus({ hours }).toMillis(), source: 'demo' });
  };
  for (let day = 0; day < 16; day++) {
    const date = first.plus({ days: day });
    SHIFT_STARTS.forEach((hour, s) => {
      const start = date.set({ hour });
      const slot = day * SHIFT_STARTS.length + s;
      add(t1[(slot * 2) % Math.max(1, t1.length)], start, 8);
      add(t1[(slot * 2 + 1) % Math.max(1, t1.length)], start, 8);
      add(t2[slot % Math.max(1, t2.length)], start, 8);
    });
    if (date.weekday <= 5) for (const id of t3) add(id, date.set({ hour: 9 }), 8);
  }
  await store.duty.replaceShifts(DEMO_TENANT.id, 'demo', first.toMillis(), first.plus({ days: 16 }).toMillis(), shifts);
  return shifts.length;
}
