import { userError } from '../core/errors.ts';

/**
 * Erlang C (M/M/N): alerts arrive at random, analysts handle them in an exponentially distributed time, nobody
 * gives up. Computed through the Erlang B recursion B(n) = A·B(n−1) / (n + A·B(n−1)), which never forms A^N or
 * N! and so stays exact for thousands of agents.
 */
export interface QueueLoad {
  /** Alerts arriving per hour. */
  readonly arrivalsPerHour: number;
  /** Mean handling time of one alert, seconds. */
  readonly handlingSeconds: number;
}

export interface ErlangCResult {
  readonly agents: number;
  /** Offered traffic A = arrival rate × handling time, Erlangs. */
  readonly traffic: number;
  /** Probability that an alert waits at all. */
  readonly pWait: number;
  /** Share picked up within the target time (1 when the target is not given). */
  readonly serviceLevel: number;
  /** Average speed of answer over all alerts, seconds. */
  readonly asaSeconds: number;
  /** A / N, capped at 1. */
  readonly occupancy: number;
  /** false when N ≤ A: the queue grows without bound. */
  readonly stable: boolean;
}

/** Offered traffic in Erlangs. */
export function trafficOf(load: QueueLoad): number {
  return (load.arrivalsPerHour * load.handlingSeconds) / 3600;
}

/** Erlang B blocking probability B(N, A), by the stable recursion. */
export function erlangB(agents: number, traffic: number): number {
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (traffic * b) / (n + traffic * b);
  return b;
}

/** Erlang C probability of waiting C(N, A); 1 when N ≤ A. */
export function erlangCWait(agents: number, traffic: number): number {
  if (traffic <= 0) return 0;
  if (agents <= traffic) return 1;
  const b = erlangB(agents, traffic);
  return (agents * b) / (agents - traffic * (1 - b));
}

export function erlangC(load: QueueLoad, agents: number, targetSeconds?: number): ErlangCResult {
  const A = trafficOf(load);
  const stable = agents > A;
  const pWait = erlangCWait(agents, A);
  const service = load.handlingSeconds;
  const serviceLevel =
    targetSeconds === undefined ? 1 : stable ? 1 - pWait * Math.exp((-(agents - A) * targetSeconds) / service) : 0;
  return {
    agents,
    traffic: A,
    pWait,
    serviceLevel,
    asaSeconds: stable ? (pWait * service) / (agents - A) : Number.POSITIVE_INFINITY,
    occupancy: agents > 0 ? Math.min(1, A / agents) : 1,
    stable,
  };
}

/** What a staffing level must achieve. */
export interface ServiceTarget {
  /** e.g. 0.9 for 90% … */
  readonly serviceLevel?: number;
  /** … picked up within this many seconds. */
  readonly withinSeconds?: number;
  /** Alternatively (or as well) an average speed of answer, seconds. */
  readonly maxAsaSeconds?: number;
  /** Analysts busy at most this share of the time (e.g. 0.85). */
  readonly maxOccupancy?: number;
}

export function meetsTarget(r: { serviceLevel: number; asaSeconds: number; occupancy: number; stable: boolean }, target: ServiceTarget): boolean {
  if (!r.stable) return false;
  if (target.serviceLevel !== undefined && r.serviceLevel + 1e-12 < target.serviceLevel) return false;
  if (target.maxAsaSeconds !== undefined && r.asaSeconds > target.maxAsaSeconds + 1e-12) return false;
  if (target.maxOccupancy !== undefined && r.occupancy > target.maxOccupancy + 1e-12) return false;
  return true;
}

/** Fewest agents that meet the target (0 when no alerts arrive). */
export function erlangCAgents(load: QueueLoad, target: ServiceTarget): ErlangCResult {
  const A = trafficOf(load);
  if (A <= 0) return erlangC(load, 0, target.withinSeconds);
  // Start just above the traffic: fewer agents can never be stable.
  let n = Math.max(1, Math.floor(A) + 1);
  if (target.maxOccupancy !== undefined && target.maxOccupancy > 0) n = Math.max(n, Math.ceil(A / target.maxOccupancy - 1e-9));
  for (;; n++) {
    const r = erlangC(load, n, target.withinSeconds);
    if (meetsTarget(r, target)) return r;
  }
}

/** Staff to roster once shrinkage (leave, training, breaks: a share of paid time not on the queue) is allowed for. */
export function withShrinkage(agents: number, shrinkage: number): number {
  if (!(shrinkage >= 0 && shrinkage < 1)) throw userError('roster_bad_shrinkage', `shrinkage must be in [0, 1), got ${shrinkage}`);
  return Math.ceil(agents / (1 - shrinkage) - 1e-9);
}
