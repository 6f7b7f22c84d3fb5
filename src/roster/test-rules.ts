import type { StaffRules } from './roster-problem.ts';

/**
 * Random hard rules for one member over `days` days with shifts E, L and N, tight enough that many rows
 * break them: the brute-force tests of the pricing programme and of `rowFeasible` draw their members here.
 * `fewestNights` is the least value of the night maximum (0 makes some members unqualified for nights).
 */
export function randomRules(random: () => number, days: number, fewestNights = 0): StaffRules {
  const pick = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  return {
    maxShifts: random() < 0.5 ? { N: pick(fewestNights, 3) } : { L: pick(1, 2), E: pick(2, 4) },
    minMinutes: pick(0, 3) * 480,
    maxMinutes: pick(4, 6) * 520,
    maxConsecutiveShifts: pick(2, 4),
    minConsecutiveShifts: pick(1, 3),
    minConsecutiveDaysOff: pick(1, 3),
    maxWeekends: pick(0, 1),
    maxConsecutiveNights: pick(1, 2),
    daysOff: random() < 0.5 ? [pick(0, days - 1)] : [],
    unavailable: random() < 0.5 ? [{ day: pick(0, days - 1), shift: 'E' }] : [],
  };
}
