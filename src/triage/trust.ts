import { z } from 'zod';
import { wilson } from './stats.ts';
import { formatCount, formatPercent, formatTime } from './format.ts';

/**
 * Trust is earned per alert class (a rule, or a whole detector/source). `shadow`: the AI decides, nothing
 * is enforced, its calls are compared with the analysts'. `assist`: suggestions and escalations apply,
 * auto-closing still needs a human. `autonomous`: benign calls are auto-closed.
 * Promotion needs enough verdicts on the class's benign calls, from several incidents, with the Wilson
 * lower bound of their precision at or above the tenant's target; demotion is automatic when the recent
 * precision is confidently below target or a missed attack is found.
 *
 * Classes form a hierarchy: a rule, its detector (the source that raised it), the whole tenant. A class
 * that has not yet gathered enough verdicts of its own, and none of them a missed attack, takes the level
 * of the nearest ancestor that has, earned by the same test over all its alerts: rare rules would
 * otherwise never qualify. Once a class has enough evidence of its own, that evidence alone decides.
 */
export const TENANT_CLASS = 'tenant';
export const TRUST_LEVELS = ['shadow', 'assist', 'autonomous'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

export const trustSettingsSchema = z.object({
  /** Level of a class never seen before. */
  initial: z.enum(TRUST_LEVELS).default('assist'),
  /** Required precision of benign calls (share of would-be auto-closes that analysts confirm benign). */
  precisionTarget: z.number().min(0.5).max(1).default(0.98),
  /** Agreement with analysts needed to leave shadow for assist. */
  agreementTarget: z.number().min(0).max(1).default(0.8),
  minVerdicts: z.number().int().positive().default(100),
  minIncidents: z.number().int().positive().default(3),
  confidence: z.number().min(0.5).max(0.999).default(0.95),
  /** Recent-evidence memory, in verdicts (exponential half-life) for demotion. */
  recentHalfLife: z.number().positive().default(500),
  /** How alerts are grouped into classes: per rule, or per source (detector). */
  classBy: z.enum(['rule', 'source']).default('rule'),
  /** Levels fixed by the tenant: never promoted or demoted automatically. */
  pins: z.record(z.string(), z.enum(TRUST_LEVELS)).default({}),
});
export type TrustSettings = z.infer<typeof trustSettingsSchema>;

interface ClassState {
  level: TrustLevel;
  since: number | null;
  reason: string;
  calls: number;
  correct: number;
  recentCalls: number;
  recentCorrect: number;
  verdicts: number;
  agreed: number;
  incidents: number;
  lastIncidents: string[];
  /** Benign calls' shares of blame in malicious verdicts, summed over calls (alerts). */
  missed: number;
  /**
   * Expected missed attacks: per malicious incident, the largest share of blame among the class's benign
   * calls in it. Eleven alerts of one pair holding 5% of the blame are a 5% chance of one miss, not half
   * a miss. Absent in snapshots older than this field (then `missed` stands in).
   */
  missedAttacks?: number;
  lastMiss?: { incidentId: string; share: number };
  transitions: { at: number; from: TrustLevel; to: TrustLevel; reason: string }[];
}

/** What a manager sees: the class, its level, and why it is there. */
export interface ClassTrust {
  readonly classKey: string;
  readonly level: TrustLevel;
  readonly since: string | null;
  readonly reason: string;
  readonly benignCalls: number;
  readonly benignCallsConfirmed: number;
  readonly precision: number | null;
  readonly precisionLowerBound: number | null;
  readonly verdicts: number;
  readonly agreement: number | null;
  readonly incidents: number;
  readonly missedAttacks: number;
  readonly transitions: readonly { readonly at: string; readonly from: TrustLevel; readonly to: TrustLevel; readonly reason: string }[];
}

export interface TrustObservation {
  readonly classKey: string;
  /** The detector the class belongs to (its source); omitted when classes are detectors already. */
  readonly parentKey?: string | undefined;
  /** Count for the class only, not its ancestors (a targeted sample such as look-back). */
  readonly leafOnly?: boolean;
  /** The AI called it benign (it would auto-close it). */
  readonly benignCall: boolean;
  /** The AI's verdict (score at or above the malicious threshold). */
  readonly aiMalicious: boolean;
  readonly humanMalicious: boolean;
  /** How much of a malicious verdict falls on this alert (an incident's verdict shared out); default all. */
  readonly missShare?: number;
  readonly incidentId?: string | undefined;
  readonly at: number;
  /** Found by quality review of an auto-closed alert: a miss there demotes at once. */
  readonly qualityReview?: boolean;
}

export type TrustSnapshot = readonly [string, ClassState][];

const INCIDENT_MEMORY = 16;

export class TrustBook {
  private readonly classes = new Map<string, ClassState>();
  private readonly settings: TrustSettings;

  constructor(settings: TrustSettings, snapshot?: TrustSnapshot) {
    this.settings = settings;
    if (snapshot !== undefined) for (const [k, s] of snapshot) this.classes.set(k, structuredClone(s));
  }

  snapshot(): TrustSnapshot {
    return [...this.classes].map(([k, s]) => [k, structuredClone(s)]);
  }

  private static chain(classKey: string, parentKey: string | undefined): string[] {
    const chain = [classKey];
    if (parentKey !== undefined && parentKey !== classKey) chain.push(parentKey);
    if (classKey !== TENANT_CLASS) chain.push(TENANT_CLASS);
    return chain;
  }

  /** The level in force for a class, and the key whose evidence set it (the class or an ancestor). */
  resolve(classKey: string, parentKey?: string): { level: TrustLevel; from: string } {
    const chain = TrustBook.chain(classKey, parentKey);
    for (let i = 0; i < chain.length; i++) {
      const key = chain[i] ?? TENANT_CLASS;
      const pinned = this.settings.pins[key];
      if (pinned !== undefined) return { level: pinned, from: key };
      const own = this.classes.get(key);
      if (i === chain.length - 1 || this.hasOwnEvidence(own)) return { level: own?.level ?? this.settings.initial, from: key };
    }
    return { level: this.settings.initial, from: classKey };
  }

  level(classKey: string, parentKey?: string): TrustLevel {
    return this.resolve(classKey, parentKey).level;
  }

  /**
   * The level in force is the initial one for want of evidence: no pin, and no class in the chain has
   * moved, found a miss or is confidently below target.
   */
  unproven(classKey: string, parentKey?: string): boolean {
    const chain = TrustBook.chain(classKey, parentKey);
    if (chain.some((key) => this.settings.pins[key] !== undefined || this.hasOwnEvidence(this.classes.get(key)))) return false;
    return this.resolve(classKey, parentKey).level === this.settings.initial;
  }

  /**
   * Evidence of its own that decides: the class has moved on its own record before, has a missed attack
   * of its own, or has enough verdicts to be confidently below target. A class still short of proof
   * either way borrows its ancestor's level.
   */
  private hasOwnEvidence(s: ClassState | undefined): boolean {
    if (s === undefined) return false;
    if (s.transitions.length > 0 || (s.missedAttacks ?? s.missed) >= 0.5) return true;
    const t = this.settings;
    return s.calls >= t.minVerdicts && wilson(s.correct, s.calls, t.confidence).upper < t.precisionTarget;
  }

  private state(classKey: string): ClassState {
    let s = this.classes.get(classKey);
    if (s === undefined) {
      s = {
        level: this.settings.initial,
        since: null,
        reason: 'new class: no verdicts yet',
        calls: 0,
        correct: 0,
        recentCalls: 0,
        recentCorrect: 0,
        verdicts: 0,
        agreed: 0,
        incidents: 0,
        lastIncidents: [],
        missed: 0,
        missedAttacks: 0,
        transitions: [],
      };
      this.classes.set(classKey, s);
    }
    return s;
  }

  /** Records one verdict on one alert of the class and its ancestors; returns the class's new level if it changed. */
  observe(o: TrustObservation): TrustLevel | undefined {
    const chain = TrustBook.chain(o.classKey, o.parentKey);
    if (o.leafOnly !== true) for (let i = chain.length - 1; i > 0; i--) this.observeOne({ ...o, classKey: chain[i] ?? TENANT_CLASS, parentKey: undefined }, false);
    return this.observeOne(o, true);
  }

  /**
   * `leaf`: the alert's own class. Ancestors (detector, tenant) pool many classes: one class's bad burst
   * demotes that class at once, and its ancestors only when their whole record falls below target.
   */
  private observeOne(o: TrustObservation, leaf: boolean): TrustLevel | undefined {
    const s = this.state(o.classKey);
    s.verdicts++;
    if (o.aiMalicious === o.humanMalicious) s.agreed++;
    if (o.benignCall) {
      const miss = o.humanMalicious ? (o.missShare ?? 1) : 0;
      const keep = Math.pow(2, -1 / this.settings.recentHalfLife);
      s.recentCalls = s.recentCalls * keep + 1;
      s.recentCorrect = s.recentCorrect * keep + (1 - miss);
      s.calls++;
      s.missed += miss;
      s.correct += 1 - miss;
      if (miss > 0) countMissedAttack(s, miss, o.incidentId);
      if (o.incidentId !== undefined && !s.lastIncidents.includes(o.incidentId)) {
        s.incidents++;
        s.lastIncidents.unshift(o.incidentId);
        if (s.lastIncidents.length > INCIDENT_MEMORY) s.lastIncidents.length = INCIDENT_MEMORY;
      }
    }
    return this.reassess(o.classKey, s, o, leaf);
  }

  private reassess(classKey: string, s: ClassState, o: TrustObservation, leaf: boolean): TrustLevel | undefined {
    const t = this.settings;
    if (t.pins[classKey] !== undefined) {
      s.reason = `pinned at ${t.pins[classKey]} by tenant policy`;
      return undefined;
    }
    const life = wilson(s.correct, s.calls, t.confidence);
    const recent = wilson(s.recentCorrect, s.recentCalls, t.confidence);
    const agreement = wilson(s.agreed, s.verdicts, t.confidence);
    const target = formatPercent(t.precisionTarget);
    const evidence = `${formatPercent(life.estimate)} of ${formatCount(s.calls)} benign calls confirmed by analysts (${Math.round(t.confidence * 100)}% lower bound ${formatPercent(life.lower)}) across ${formatCount(s.incidents)} incidents`;
    let to: TrustLevel = s.level;
    let reason = s.reason;
    if (s.level === 'autonomous') {
      if (leaf && o.benignCall && o.humanMalicious && o.qualityReview === true && (o.missShare ?? 1) >= 0.5) {
        to = 'assist';
        reason = `demoted: quality review found a missed attack among auto-closed alerts; ${evidence}`;
      } else if (life.lower < t.precisionTarget && s.calls >= t.minVerdicts) {
        to = 'assist';
        reason = `demoted: precision lower bound ${formatPercent(life.lower)} fell below target ${target}; ${evidence}`;
      } else if (leaf && recent.upper < t.precisionTarget) {
        to = 'assist';
        reason = `demoted: recent precision ${formatPercent(recent.estimate)} (upper bound ${formatPercent(recent.upper)}) below target ${target}`;
      } else reason = `autonomous: ${evidence} ≥ target ${target}`;
    } else if (s.level === 'assist') {
      const enough = s.calls >= t.minVerdicts && s.incidents >= t.minIncidents;
      if (enough && life.lower >= t.precisionTarget && recent.lower >= t.precisionTarget - (1 - t.precisionTarget)) {
        to = 'autonomous';
        reason = `promoted: ${evidence} ≥ target ${target}`;
      } else if (!enough) {
        reason = `assist: ${formatCount(s.calls)} of ${formatCount(t.minVerdicts)} benign-call verdicts and ${s.incidents} of ${t.minIncidents} incidents needed${s.calls > 0 ? `; so far ${formatPercent(life.estimate)} confirmed` : ''}`;
      } else reason = `assist: ${evidence}, below target ${target}`;
    } else {
      if (s.verdicts >= t.minVerdicts && agreement.lower >= t.agreementTarget) {
        to = 'assist';
        reason = `promoted from shadow: agrees with analysts on ${formatPercent(agreement.estimate)} of ${formatCount(s.verdicts)} verdicts (lower bound ${formatPercent(agreement.lower)} ≥ ${formatPercent(t.agreementTarget)})`;
      } else reason = `shadow: agreement ${Number.isNaN(agreement.estimate) ? 'not measured yet' : formatPercent(agreement.estimate)} over ${formatCount(s.verdicts)} verdicts; needs ${formatCount(t.minVerdicts)} at lower bound ≥ ${formatPercent(t.agreementTarget)}`;
    }
    s.reason = reason;
    if (to === s.level) return undefined;
    s.transitions.push({ at: o.at, from: s.level, to, reason });
    if (s.transitions.length > 20) s.transitions.shift();
    s.level = to;
    s.since = o.at;
    if (to === 'assist') {
      // A demoted class must show fresh evidence again (the recent window restarts); its whole record
      // must also meet the target.
      s.recentCalls = 0;
      s.recentCorrect = 0;
    }
    return to;
  }

  /** Every class with its level and why; `parentOf` names a rule class's detector. */
  report(parentOf: (classKey: string) => string | undefined = () => undefined): ClassTrust[] {
    const t = this.settings;
    const keys = new Set([...this.classes.keys(), ...Object.keys(t.pins)]);
    return [...keys].sort().map((classKey) => {
      const s = this.classes.get(classKey);
      const life = s === undefined ? undefined : wilson(s.correct, s.calls, t.confidence);
      const parentKey = parentOf(classKey);
      const resolved = this.resolve(classKey, parentKey);
      const own = t.pins[classKey] !== undefined ? `pinned at ${t.pins[classKey]} by tenant policy` : (s?.reason ?? 'new class');
      return {
        classKey,
        level: resolved.level,
        since: s?.since === null || s === undefined ? null : new Date(s.since).toISOString(),
        reason: resolved.from === classKey ? own : `${resolved.level} as ${resolved.from === TENANT_CLASS ? 'the tenant as a whole' : resolved.from} (too few verdicts of its own: ${formatCount(s?.calls ?? 0)}, none a missed attack): ${this.classes.get(resolved.from)?.reason ?? 'no verdicts yet'}`,
        benignCalls: s?.calls ?? 0,
        benignCallsConfirmed: s?.correct ?? 0,
        precision: life === undefined || Number.isNaN(life.estimate) ? null : life.estimate,
        precisionLowerBound: life === undefined || s === undefined || s.calls === 0 ? null : life.lower,
        verdicts: s?.verdicts ?? 0,
        agreement: s === undefined || s.verdicts === 0 ? null : s.agreed / s.verdicts,
        incidents: s?.incidents ?? 0,
        missedAttacks: s === undefined ? 0 : (s.missedAttacks ?? s.missed),
        transitions: (s?.transitions ?? []).map((x) => ({ ...x, at: formatTime(x.at) })),
      };
    });
  }
}

/** Adds a benign call's share of blame to the class's expected missed attacks, once per incident. */
function countMissedAttack(s: ClassState, share: number, incidentId: string | undefined): void {
  const base = s.missedAttacks ?? s.missed - share;
  if (incidentId === undefined) {
    s.missedAttacks = base + share;
    return;
  }
  const last = s.lastMiss?.incidentId === incidentId ? s.lastMiss.share : 0;
  s.missedAttacks = base + Math.max(0, share - last);
  s.lastMiss = { incidentId, share: Math.max(share, last) };
}
