import { erlangB, meetsTarget, trafficOf, type QueueLoad, type ServiceTarget } from './erlang-c.ts';

/**
 * Erlang A (M/M/N+M, Palm): as Erlang C, but a waiting alert is abandoned (expires, is auto-closed, or the
 * customer gives up) after an exponentially distributed patience. With patience → ∞ it is Erlang C.
 *
 * The state probabilities are taken relative to the state "all N busy, none waiting": below it they are
 * 1/B(N, A) in total (Erlang B, stable recursion); above it each waiting place multiplies by
 * λ / (Nμ + jθ). Waiting-time figures follow a tagged alert through the queue ahead of it (uniformisation of
 * that small Markov chain), which needs no special functions and is exact up to the truncation tolerance.
 */
export interface ErlangAResult {
  readonly agents: number;
  readonly traffic: number;
  readonly pWait: number;
  /** Share of all alerts abandoned before pickup. */
  readonly pAbandon: number;
  /** Share of all alerts picked up within the target time (1 when no target is given). */
  readonly serviceLevel: number;
  /** Mean wait over all alerts (served or abandoned), seconds. */
  readonly meanWaitSeconds: number;
  /** Mean wait of the alerts that were picked up, seconds (the usual ASA). */
  readonly asaSeconds: number;
  /** Carried load per agent: λ(1 − P(abandon)) / (Nμ). */
  readonly occupancy: number;
  /** Always true: abandonment keeps the queue finite. */
  readonly stable: boolean;
}

const TAIL = 1e-13;
const MAX_QUEUE = 200_000;

export function erlangA(load: QueueLoad, agents: number, patienceSeconds: number, targetSeconds?: number): ErlangAResult {
  const A = trafficOf(load);
  const mu = 1 / load.handlingSeconds;
  const lambda = load.arrivalsPerHour / 3600;
  const theta = Number.isFinite(patienceSeconds) && patienceSeconds > 0 ? 1 / patienceSeconds : 0;
  const N = agents;
  if (lambda <= 0) {
    return { agents, traffic: 0, pWait: 0, pAbandon: 0, serviceLevel: 1, meanWaitSeconds: 0, asaSeconds: 0, occupancy: 0, stable: true };
  }
  if (N === 0) {
    // Nobody answers: every alert waits until it is abandoned.
    return { agents, traffic: A, pWait: 1, pAbandon: 1, serviceLevel: 0, meanWaitSeconds: theta > 0 ? 1 / theta : Number.POSITIVE_INFINITY, asaSeconds: Number.POSITIVE_INFINITY, occupancy: 0, stable: theta > 0 };
  }
  if (theta === 0 && N <= A) {
    return { agents, traffic: A, pWait: 1, pAbandon: 0, serviceLevel: 0, meanWaitSeconds: Number.POSITIVE_INFINITY, asaSeconds: Number.POSITIVE_INFINITY, occupancy: 1, stable: false };
  }
  // Relative probabilities of j waiting (j ≥ 0), r_0 = 1 for "N busy, none waiting".
  const waiting: number[] = [1];
  let tail = 0;
  for (let j = 1; j < MAX_QUEUE; j++) {
    const r = ((waiting[j - 1] ?? 0) * lambda) / (N * mu + j * theta);
    waiting.push(r);
    tail += r;
    if (r < TAIL * (1 + tail) && (theta > 0 || j * (N * mu - lambda) > 50 * N * mu)) break;
  }
  const below = 1 / erlangB(N, A); // Σ_{n ≤ N} π_n / π_N
  const above = waiting.reduce((a, b) => a + b, 0) - 1; // Σ_{j ≥ 1} π_{N+j} / π_N
  const piN = 1 / (below + above);
  // An arrival waits when all N are busy (PASTA): it sees j waiting with probability π_{N+j}.
  const pWait = piN * (1 + above);
  const meanQueue = piN * waiting.reduce((a, r, j) => a + j * r, 0);
  const pAbandon = theta > 0 ? (theta * meanQueue) / lambda : 0;
  const meanWait = meanQueue / lambda;
  const served = 1 - pAbandon;
  // Mean wait of served alerts: total wait minus the waits of abandoned ones needs the per-state split; the
  // tagged-alert chain gives both at once.
  const tagged = taggedAlert(waiting.map((r) => r * piN), N * mu, theta, targetSeconds);
  return {
    agents,
    traffic: A,
    pWait,
    pAbandon,
    serviceLevel: targetSeconds === undefined ? 1 : (1 - pWait) + tagged.servedWithin,
    meanWaitSeconds: meanWait,
    asaSeconds: served > 0 ? tagged.servedWaitTotal / served : Number.POSITIVE_INFINITY,
    occupancy: Math.min(1, (lambda * served) / (N * mu)),
    stable: true,
  };
}

/**
 * A tagged alert that arrives to find j waiting (probability `arrivals[j]`) is picked up after j+1 departures
 * ahead of it, each at rate Nμ + kθ with k alerts still ahead, unless its own patience (rate θ) runs out first.
 * Returns the probability (over all arrivals that wait) of pickup within `t`, and Σ P·E[wait | picked up].
 */
function taggedAlert(arrivals: readonly number[], serviceRate: number, theta: number, t?: number): { servedWithin: number; servedWaitTotal: number } {
  const K = arrivals.length;
  // Expected wait of a served alert: with k ahead, it leaves state k at rate ν_k = Nμ + kθ + θ, moving on with
  // probability (Nμ + kθ)/ν_k. Backward recursion over k gives P(served) and E[wait · 1{served}].
  let pServed = 1; // from "0 ahead"
  let waitServed = 0;
  let servedWaitTotal = 0;
  const pServedFrom: number[] = [];
  const waitServedFrom: number[] = [];
  for (let k = 0; k < K; k++) {
    const out = serviceRate + k * theta;
    const nu = out + theta;
    const go = out / nu;
    // From k ahead: spend Exp(ν) then continue from k−1 (or be served when k = 0).
    const nextP = k === 0 ? 1 : (pServedFrom[k - 1] ?? 0);
    const nextW = k === 0 ? 0 : (waitServedFrom[k - 1] ?? 0);
    pServed = go * nextP;
    waitServed = go * (nextP / nu + nextW);
    pServedFrom.push(pServed);
    waitServedFrom.push(waitServed);
    servedWaitTotal += (arrivals[k] ?? 0) * waitServed;
  }
  if (t === undefined) return { servedWithin: 0, servedWaitTotal };
  // Pickup within t: uniformise the chain over "k ahead" (k = 0..K−1) plus absorbing served/abandoned.
  const maxRate = serviceRate + K * theta;
  const lambdaT = maxRate * t;
  let p = Float64Array.from(arrivals);
  let servedWithin = 0;
  // Poisson weights in log space: e^{−λt} alone underflows when λt is large.
  const logW0 = -lambdaT;
  let cumulative = 0;
  const steps = Math.ceil(lambdaT + 10 * Math.sqrt(lambdaT + 1) + 20);
  let servedSoFar = 0;
  for (let n = 0; n <= steps; n++) {
    const weight = Math.exp(logW0 + n * Math.log(Math.max(lambdaT, 1e-300)) - logFactorial(n));
    cumulative += weight;
    servedWithin += weight * servedSoFar;
    // One uniformised step.
    const q = new Float64Array(K);
    let served = 0;
    for (let k = 0; k < K; k++) {
      const mass = p[k] ?? 0;
      if (mass === 0) continue;
      const out = serviceRate + k * theta;
      if (k === 0) served += (mass * out) / maxRate;
      else q[k - 1] = (q[k - 1] ?? 0) + (mass * out) / maxRate;
      q[k] = (q[k] ?? 0) + mass * (1 - (out + theta) / maxRate);
    }
    servedSoFar += served;
    p = q;
  }
  // Mass of the Poisson tail beyond `steps` is negligible; the served mass there is at most servedSoFar.
  servedWithin += (1 - cumulative) * servedSoFar;
  return { servedWithin, servedWaitTotal };
}

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let k = logFactorials.length; k <= n; k++) logFactorials.push((logFactorials[k - 1] ?? 0) + Math.log(k));
  return logFactorials[n] ?? 0;
}

/** Fewest agents meeting the target, optionally with a cap on the share abandoned. */
export function erlangAAgents(load: QueueLoad, patienceSeconds: number, target: ServiceTarget & { readonly maxAbandon?: number }): ErlangAResult {
  const A = trafficOf(load);
  if (A <= 0) return erlangA(load, 0, patienceSeconds, target.withinSeconds);
  // Abandonment lets fewer than A agents be stable; well below A/2 no useful target is met.
  for (let n = Math.max(1, Math.floor(A / 2)); ; n++) {
    const r = erlangA(load, n, patienceSeconds, target.withinSeconds);
    if (meetsTarget(r, target) && (target.maxAbandon === undefined || r.pAbandon <= target.maxAbandon + 1e-12)) return r;
    if (n > 100_000 + 2 * A) throw new Error('no staffing level meets the target');
  }
}
