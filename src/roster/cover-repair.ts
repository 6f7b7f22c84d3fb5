import type { ColumnGeneration } from './column-generation.ts';
import type { CompiledProblem } from './compiled-problem.ts';
import type { Grid, Incumbent } from './lns.ts';
import { dive, solveRoot } from './price-and-dive.ts';
import { coverCount, scoreCompiled } from './roster-score.ts';

/**
 * Cover repair for a roster stuck a shift short where the master LP was not: the members qualified for the
 * short demand (a tier) are re-dived by column generation with everyone else fixed at their rows. Filling such
 * a gap means moving whole weekends among three or more members across the horizon (weekend limit, night →
 * early, five days in a row): annealing rarely escapes, and a compact sub-MILP over those members solves too
 * slowly (the bench's seed-4 roster, tier 2 over 14–28 days: no better roster in 10 s, its LP bound near 0).
 * The master LP restricted to the tier is strong (7094 there), prices in about 0.1 s, and a dive through it
 * gives a roster with the LP's cover in about a second (7890 → 7202–7238; annealing then settles fairness).
 */

/** A demand counts as stuck when the roster is short of it by at least this much more than the LP. */
const EXCESS = 0.5;
/** A re-dived group larger than this share of the team would be the whole dive again: not a repair. */
const MAX_GROUP_SHARE = 0.5;
/** Share of a repair's time its pricing (the LP over the group, everyone else fixed) may take. */
const PRICING_SHARE = 0.5;
/** Time of one re-dive: at most these seconds and this share of the time left, and none with less than the
 * minimum (a re-dive cut short leaves members on their LP's largest column, far short of cover). */
const REPAIR_SECONDS = 2;
const REPAIR_SHARE = 0.6;
const MIN_REPAIR_SECONDS = 1;
/** Re-dives per repair, and the relative noise on the LP values of the second. */
const REDIVE_ATTEMPTS = 2;
const REDIVE_NOISE = 0.4;

/**
 * Members to re-dive: those qualified for the costliest demand the roster leaves short by more than the LP
 * (`lpShort`, each demand's under slack in the master LP), when the roster's under-cover cost exceeds the LP's;
 * empty when there is none or every such group is too large.
 */
export function repairGroup(cp: CompiledProblem, grid: Grid, lpShort: Float64Array): number[] {
  let rosterCost = 0;
  let lpCost = 0;
  const excess: [number, number][] = [];
  cp.cover.forEach((demand, c) => {
    const short = Math.max(0, demand.requirement - coverCount(cp, grid, c));
    const lp = lpShort[c] ?? 0;
    rosterCost += short * demand.underWeight;
    lpCost += lp * demand.underWeight;
    if (short - lp >= EXCESS) excess.push([c, (short - lp) * demand.underWeight]);
  });
  if (rosterCost - lpCost < EXCESS * Math.min(...cp.cover.map((d) => d.underWeight))) return [];
  excess.sort((a, b) => b[1] - a[1]);
  for (const [c] of excess) {
    const qualified = cp.cover[c]?.qualified ?? [];
    const group = qualified.flatMap((q, e) => (q ? [e] : []));
    if (group.length > 0 && group.length <= cp.staffCount * MAX_GROUP_SHARE) return group;
  }
  return [];
}

export interface RediveOptions {
  /** Seconds the repair may take, on the search's clock. */
  readonly seconds: number;
  readonly elapsed: () => number;
  /** A dive step raising the LP by more than this is undone (as in the search's dive). */
  readonly jump: number;
  /** Perturbs the LP values the dive fixes by (a second attempt takes another path). */
  readonly noise?: () => number;
}

/**
 * Re-dives `group` with every other member fixed at its row of `grid`: column generation over the group
 * (the master's other columns held at 0), then a price-and-dive. Returns the roster (the group's new rows,
 * everyone else's from `grid`) and the steps taken, or null when the LP could not be solved. Leaves every
 * column of the master unfixed.
 */
export function rediveGroup(cg: ColumnGeneration, grid: Grid, group: readonly number[], options: RediveOptions): { grid: Grid; steps: number } | null {
  const { elapsed } = options;
  const until = elapsed() + options.seconds;
  const pricingUntil = elapsed() + options.seconds * PRICING_SHARE;
  const inGroup = new Set(group);
  cg.unfixAll();
  try {
    grid.forEach((row, e) => {
      if (inGroup.has(e)) cg.addRoster(e, row);
      else cg.fixRoster(e, row);
    });
    const remaining = (): number => until - elapsed();
    const lp = solveRoot(cg, group, () => elapsed() >= pricingUntil, remaining, () => false);
    if (lp.primal === null) return null;
    const dived = dive(cg, group, { primal: lp.primal, value: lp.lpValue }, {
      jump: options.jump,
      leaveOpen: 0,
      until: () => elapsed() >= until,
      remaining,
      fallback: grid,
      ...(options.noise === undefined ? {} : { noise: options.noise }),
    });
    return { grid: dived.grid, steps: lp.rounds + dived.steps };
  } finally {
    cg.unfixAll();
  }
}

export interface RepairOptions {
  readonly elapsed: () => number;
  /** Seconds left in the search. */
  readonly remaining: () => number;
  readonly jump: number;
  readonly random: () => number;
  readonly log: (message: string) => void;
}

/**
 * One cover repair of the incumbent: null when it has no stuck demand (repairGroup) or no time is left;
 * else the group is re-dived, and once more with perturbed LP values when the first left a demand stuck
 * (about one first re-dive in four in the searches logged, mostly when short of time). Returns the steps
 * taken and the re-dived roster the incumbent took, if any.
 */
export function repairCover(cg: ColumnGeneration, incumbent: Incumbent, lpShort: Float64Array, options: RepairOptions): { steps: number; accepted: Grid | null } | null {
  const cp = cg.problem;
  const group = repairGroup(cp, incumbent.grid, lpShort);
  if (group.length === 0 || Math.min(REPAIR_SECONDS, options.remaining() * REPAIR_SHARE) < MIN_REPAIR_SECONDS) return null;
  let steps = 0;
  let accepted: Grid | null = null;
  for (let attempt = 0; attempt < REDIVE_ATTEMPTS; attempt++) {
    const seconds = Math.min(REPAIR_SECONDS, options.remaining() * REPAIR_SHARE);
    if (seconds < MIN_REPAIR_SECONDS) break;
    const before = incumbent.objective;
    const noise = attempt === 0 ? {} : { noise: () => (options.random() - 0.5) * REDIVE_NOISE };
    const repaired = rediveGroup(cg, incumbent.grid, group, { seconds, elapsed: options.elapsed, jump: options.jump, ...noise });
    if (repaired === null) break;
    steps += repaired.steps;
    const value = scoreCompiled(cp, { grid: repaired.grid }).total;
    incumbent.accept(repaired.grid, value);
    if (incumbent.grid === repaired.grid) accepted = repaired.grid; // taken (an equal score is taken too)
    options.log(`cover repair ${options.elapsed().toFixed(2)}s ${group.length} members steps ${repaired.steps} roster ${value} objective ${before} → ${incumbent.objective}`);
    if (repairGroup(cp, repaired.grid, lpShort).length === 0) break;
  }
  return { steps, accepted };
}
