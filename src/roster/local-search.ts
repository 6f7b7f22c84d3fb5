import type { CompiledProblem } from './compiled-problem.ts';
import { priceStaff } from './pricing.ts';
import { OFF } from './roster-problem.ts';
import { RosterState } from './roster-state.ts';
import { rowFeasible } from './row-rules.ts';

/**
 * Simulated annealing over whole rosters, without a solver: fast enough to try hundreds of thousands of moves
 * a second (roster-state.ts keeps the objective up to date), which is what fairness needs: max − min over a
 * group moves only when rosters of comparable members are traded, and a sub-MILP of a few members sees too
 * little of the group. Moves:
 * - trade: two members with the same qualifications exchange their rows over a window of days (cover is
 *   unchanged, so only fairness, wishes and the members' rules decide); some trades are between the most and
 *   the least loaded members of an unbalanced fairness group;
 * - change: one member works another shift, or none, on one day;
 * - block: two equally long blocks of one member's row change places (moves work to where cover is short);
 * - response (one move in 2000): a member's exact best response to the others (pricing.ts), followed, when it
 *   leaves a demand short, by forced responses of members qualified for it (an ejection chain).
 * Every move keeps every hard rule (row-rules.ts), so each roster it returns is feasible when its start was.
 */
export interface AnnealOptions {
  /** Stop when this returns true (checked every few hundred moves). */
  readonly stop: () => boolean;
  readonly random: () => number;
  /** Share of the run done, 0..1, for the cooling schedule. */
  readonly progress: () => number;
  /** Temperatures at the start and at the end (geometric cooling between them). */
  readonly hot?: number;
  readonly cold?: number;
  /** Called now and then with a better roster than the start (the grid is a copy the caller may keep). */
  readonly onBetter?: (grid: number[][], objective: number) => void;
}

export interface AnnealResult {
  readonly grid: number[][];
  readonly objective: number;
  readonly moves: number;
}

/** Members that count towards exactly the same cover demands: trading rows between them leaves cover as it is. */
function coverClasses(cp: CompiledProblem): number[][] {
  const byKey = new Map<string, number[]>();
  const keys = cp.staff.map((_, e) => cp.cover.map((c) => (c.qualified[e] === true ? '1' : '0')).join(''));
  keys.forEach((key, e) => byKey.set(key, [...(byKey.get(key) ?? []), e]));
  return keys.map((key, e) => (byKey.get(key) ?? []).filter((o) => o !== e));
}

/** One move in this many re-prices a member exactly (a best response, ~1000 times dearer than the others). */
const RESPONSE_EVERY = 2000;

/** Cost of a forced cell in a best response: larger than any roster's cost. */
const FORCE = 1e7;

/** Mask of the move counter at which a better roster is reported (every 16384 moves, a few ms). */
const REPORT_EVERY = 16383;

/**
 * A chain of best responses (an ejection chain): a random member re-prices; while the objective got worse
 * and the last step left a demand short, another member qualified for it is made to fill it. Returns the change of the objective (the chain stays applied; `undoChain` takes it back), or null
 * when nothing changed.
 */
function chain(cp: CompiledProblem, state: RosterState, random: () => number): number | null {
  const { staffCount: E, shiftCount: S } = cp;
  state.startChain();
  let delta = 0;
  let demand = -1;
  let member = Math.floor(random() * E);
  for (let link = 0; link < CHAIN_LENGTH; link++) {
    const wanted = cp.cover[demand];
    if (wanted !== undefined) {
      const qualified: number[] = [];
      for (let e = 0; e < E; e++) if (wanted.qualified[e] === true && e !== member) qualified.push(e);
      member = qualified[Math.floor(random() * qualified.length)] ?? member;
    }
    const costs = state.responseCosts(member);
    const slot = wanted?.slots[Math.floor(random() * wanted.slots.length)];
    if (slot !== undefined) costs.cell[slot[0] * S + slot[1]] = (costs.cell[slot[0] * S + slot[1]] ?? 0) - FORCE;
    const row = state.grid[member] ?? [];
    const found = priceStaff(cp, member, costs, 1)[0];
    if (found === undefined || !rowFeasible(cp, member, found.row)) break;
    const changes: [number, number, number][] = [];
    found.row.forEach((s, d) => {
      if (s !== row[d]) changes.push([member, d, s]);
    });
    if (changes.length === 0) break;
    const shortBefore = new Set(state.shortList());
    delta += state.applyInChain(changes);
    if (delta <= 1e-9) break;
    const newlyShort = state.shortList().filter((c) => !shortBefore.has(c));
    demand = newlyShort[Math.floor(random() * newlyShort.length)] ?? -1;
    if (demand < 0) break;
  }
  return state.chainLength() === 0 ? null : delta;
}

/** Moves that are directed trades (a share of all moves; trades are the kinds below 0.5). */
const DIRECTED_TRADES = 0.15;

/** Best responses in one chain at most. */
const CHAIN_LENGTH = 3;

/** Anneals from `start` (a feasible roster) until `stop`; returns the best roster met. */
export function anneal(cp: CompiledProblem, start: readonly (readonly number[])[], options: AnnealOptions): AnnealResult {
  const { days: D, shiftCount: S, staffCount: E } = cp;
  const { random } = options;
  const state = new RosterState(cp, start);
  const mates = coverClasses(cp);
  const traders = Array.from({ length: E }, (_, e) => e).filter((e) => (mates[e]?.length ?? 0) > 0);
  const hot = options.hot ?? 5;
  const cold = options.cold ?? 0.05;
  let best = state.total;
  let bestGrid = state.grid.map((row) => [...row]);
  /** Whether the current roster is the best met and `bestGrid` not yet a copy of it: copied only when the
   * search leaves it (a run improves its best thousands of times, mostly in quick succession). */
  let atBest = false;
  const keepBest = (): void => {
    if (!atBest) return;
    bestGrid = state.grid.map((row) => [...row]);
    atBest = false;
  };
  let reported = best;
  const changes: [number, number, number][] = [];
  /** The entries of `changes`, reused from move to move (no allocation per move tried). */
  const entries: [number, number, number][] = [];
  const put = (e: number, d: number, s: number): void => {
    const entry = entries[changes.length] ?? [0, 0, 0];
    entries[changes.length] = entry;
    entry[0] = e;
    entry[1] = d;
    entry[2] = s;
    changes.push(entry);
  };
  const undo: [number, number, number][] = [];
  const rowA = new Int32Array(D);
  const rowB = new Int32Array(D);
  let temperature = hot;
  let moves = 0;
  const feasibleWith = (e: number, buffer: Int32Array): boolean => {
    const row = state.grid[e] ?? [];
    for (let d = 0; d < D; d++) buffer[d] = row[d] ?? OFF;
    for (const [m, d, s] of changes) if (m === e) buffer[d] = s;
    return rowFeasible(cp, e, buffer);
  };
  for (;;) {
    if ((moves & 255) === 0) {
      if ((moves & REPORT_EVERY) === 0 && reported > best + 1e-9) {
        keepBest();
        reported = best;
        options.onBetter?.(bestGrid.map((row) => [...row]), best);
      }
      if (options.stop()) break;
      temperature = hot * Math.pow(cold / hot, Math.min(1, Math.max(0, options.progress())));
    }
    moves++;
    changes.length = 0;
    const kind = random();
    let a = -1;
    let b = -1;
    if (moves % RESPONSE_EVERY === 0) {
      keepBest();
      const delta = chain(cp, state, random);
      if (delta === null) continue;
      if (delta <= 1e-9 || random() < Math.exp(-delta / temperature)) {
        if (state.total < best - 1e-9) {
          best = state.total;
          atBest = true;
        }
      } else state.undoChain();
      continue;
    }
    if (kind < 0.5 && traders.length > 0) {
      // Some trades are between the most and the least loaded members of an unbalanced fairness group.
      const pair = kind < DIRECTED_TRADES ? state.extremes(random) : null;
      if (pair !== null && (mates[pair[0]] ?? []).includes(pair[1])) [a, b] = pair;
      else {
        a = traders[Math.floor(random() * traders.length)] ?? 0;
        const others = mates[a] ?? [];
        b = others[Math.floor(random() * others.length)] ?? a;
      }
      const length = 1 + Math.floor(D * random() * random());
      const from = Math.floor(random() * (D - length + 1));
      const ra = state.grid[a] ?? [];
      const rb = state.grid[b] ?? [];
      for (let d = from; d < from + length; d++) {
        if (ra[d] === rb[d]) continue;
        put(a, d, rb[d] ?? OFF);
        put(b, d, ra[d] ?? OFF);
      }
    } else if (kind < 0.8) {
      a = Math.floor(random() * E);
      const d = Math.floor(random() * D);
      const s = Math.floor(random() * (S + 1)) - 1;
      if (s === (state.grid[a]?.[d] ?? OFF) || (s >= 0 && cp.staff[a]?.allowed[d]?.[s] !== true)) continue;
      put(a, d, s);
    } else {
      // Two equally long blocks of one member's row change places (a single day when length is 1).
      a = Math.floor(random() * E);
      const length = 1 + Math.floor(random() * random() * 6);
      const d1 = Math.floor(random() * (D - length + 1));
      const d2 = Math.floor(random() * (D - length + 1));
      if (Math.abs(d1 - d2) < length) continue;
      const row = state.grid[a] ?? [];
      for (let i = 0; i < length; i++) {
        if (row[d1 + i] === row[d2 + i]) continue;
        put(a, d1 + i, row[d2 + i] ?? OFF);
        put(a, d2 + i, row[d1 + i] ?? OFF);
      }
    }
    if (changes.length === 0) continue;
    if (!feasibleWith(a, rowA) || (b >= 0 && b !== a && !feasibleWith(b, rowB))) continue;
    const delta = state.apply(changes, undo);
    if (delta <= 1e-9) {
      if (state.total < best - 1e-9) {
        best = state.total;
        atBest = true;
      }
      continue;
    }
    if (random() < Math.exp(-delta / temperature)) {
      if (atBest) {
        // Leaving the best roster: it is the current one with this move taken back.
        bestGrid = state.grid.map((row) => [...row]);
        for (let i = undo.length - 1; i >= 0; i--) {
          const [e, d, s] = undo[i] ?? [-1, 0, OFF];
          const row = bestGrid[e];
          if (row !== undefined) row[d] = s;
        }
        atBest = false;
      }
      continue;
    }
    state.revert(undo);
  }
  keepBest();
  if (reported > best + 1e-9) options.onBetter?.(bestGrid.map((row) => [...row]), best);
  return { grid: bestGrid, objective: best, moves };
}
