/**
 * What a tenant's alert stream has looked like so far, learnt without labels: how often each rule fires on
 * each entity (host, else IP, else user) this week, when it was first and last seen, bursts, how many
 * different rules an entity raised in the last hour, and on how many entities a rule fired just now.
 * Updated online, one alert at a time, in O(1); serialisable so the service can checkpoint it.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const WEEK_DAYS = 7;
const BURST_HALF_LIFE_MS = 5 * 60_000;
const NOVEL_HALF_LIFE_MS = HOUR_MS;
const SPREAD_WINDOW_MS = 15 * 60_000;
const RECENT_RULES = 32;
const RECENT_ENTITIES = 16;
const EPISODE_GAP_MS = 6 * HOUR_MS;
/** A pair firing again after this much silence wakes up (a sleeper); a new pair wakes up too. */
const WAKE_AFTER_MS = 48 * HOUR_MS;
/** A new pair on an entity watched for less than this says little: everything is new on day one. */
export const MATURE_AFTER_MS = 24 * HOUR_MS;

interface WeekRing {
  ring: number[];
  day: number;
}
interface PairState extends WeekRing {
  first: number;
  last: number;
  total: number;
  burst: number;
  burstAt: number;
  /** The largest burst (decayed count of recent firings) seen before. */
  maxBurst: number;
  /** Distinct clock hours with a firing, per day (a week ring), and the latest such hour. */
  hours: WeekRing;
  lastHour: number;
  /** Separate spells of activity (a firing after EPISODE_GAP_MS of silence starts a new one). */
  episodes?: number;
}
interface RuleState extends WeekRing {
  first: number;
  total: number;
  entities: number;
  recent: [string, number][];
}
interface EntityState {
  first: number;
  recent: [string, number][];
  novel: number;
  novelAt: number;
  /** Pairs that woke up on this entity, new or after two days' silence (decayed, 1-hour half-life). */
  wakes?: number;
  wakesAt?: number;
}

/** Statistics as they stood just before the alert (the alert itself is counted afterwards). */
export interface HistoryView {
  readonly entityAgeMs: number;
  readonly pairTotal: number;
  readonly pairWeek: number;
  /** Time since this rule last fired on this entity; undefined when it never did. */
  readonly pairSilenceMs: number | undefined;
  /** Recent firings of the pair, decayed with a 5-minute half-life. */
  readonly pairBurst: number;
  /** The largest such burst the pair had before: a burst above it is unprecedented. */
  readonly pairMaxBurst: number;
  /** Separate spells of activity of the pair so far (6 h of silence between two): 0 when new. */
  readonly pairEpisodes: number;
  /**
   * In how many distinct hours a day the pair fires: this week's active hours over the time it has been
   * seen (at least six hours, at most a week). An hourly job counts as routine after a few hours; a
   * burst of thousands within one hour does not.
   */
  readonly pairHoursPerDay: number;
  readonly ruleTotal: number;
  readonly ruleWeek: number;
  /** Distinct entities the rule has ever fired on. */
  readonly ruleEntities: number;
  /** Other entities on which the rule fired within the last 15 minutes (fleet-wide events). */
  readonly ruleSpread: number;
  /** Distinct rules on this entity within the last hour, this one included. */
  readonly entityRules: number;
  /** New rule/entity pairs on this entity recently (mature entities only), 1-hour half-life. */
  readonly entityNovel: number;
  /**
   * Pairs that woke up on this entity recently (1-hour half-life): a rule new to it, or back after two
   * days' silence or more. Mature entities only: on day one everything is new.
   */
  readonly entityWakes: number;
  /** This alert wakes its pair up (see `entityWakes`). */
  readonly pairWaking: boolean;
  /** Other entities with a new pair within the last hour: an attack moving across hosts. */
  readonly campaign: number;
  /** The largest burst of new pairs on any other entity within the last hour (decayed count). */
  readonly tenantNovelty: number;
  /** True when this rule has never fired on this entity and the entity has been watched long enough. */
  readonly novelMature: boolean;
}

export interface HistorySnapshot {
  readonly kind: 'vigil-triage-history';
  readonly formatVersion: 1;
  readonly start: number | null;
  readonly pairs: readonly [string, PairState][];
  readonly rules: readonly [string, RuleState][];
  readonly entities: readonly [string, EntityState][];
  readonly novelEntities: readonly [string, number][];
}

const decay = (value: number, at: number, now: number, halfLife: number): number =>
  now <= at ? value : value * Math.pow(2, -(now - at) / halfLife);

function weekAdd(w: WeekRing, day: number): void {
  if (day > w.day) {
    const gap = Math.min(WEEK_DAYS, day - w.day);
    for (let i = 1; i <= gap; i++) w.ring[(w.day + i) % WEEK_DAYS] = 0;
    w.day = day;
  }
  if (w.day - day < WEEK_DAYS) w.ring[day % WEEK_DAYS] = (w.ring[day % WEEK_DAYS] ?? 0) + 1;
}

function weekCount(w: WeekRing, day: number): number {
  if (day - w.day >= WEEK_DAYS) return 0;
  let sum = 0;
  // Days older than a week relative to `day` have been zeroed lazily only up to w.day; skip them here.
  for (let d = Math.max(w.day - WEEK_DAYS + 1, day - WEEK_DAYS + 1); d <= w.day; d++) sum += w.ring[((d % WEEK_DAYS) + WEEK_DAYS) % WEEK_DAYS] ?? 0;
  return sum;
}

/** Move `key` to the front of a small most-recent list with time `at`, capped at `cap`. */
function touch(list: [string, number][], key: string, at: number, cap: number): void {
  const i = list.findIndex((e) => e[0] === key);
  if (i >= 0) list.splice(i, 1);
  list.unshift([key, at]);
  if (list.length > cap) list.length = cap;
}

export class TenantHistory {
  private start: number | undefined;
  private readonly pairs = new Map<string, PairState>();
  private readonly rules = new Map<string, RuleState>();
  private readonly entities = new Map<string, EntityState>();
  private readonly novelEntities: [string, number][] = [];

  static restore(s: HistorySnapshot): TenantHistory {
    const h = new TenantHistory();
    h.start = s.start ?? undefined;
    for (const [k, v] of s.pairs) h.pairs.set(k, { ...v, ring: [...v.ring], hours: { ring: [...v.hours.ring], day: v.hours.day } });
    for (const [k, v] of s.rules) h.rules.set(k, { ...v, ring: [...v.ring], recent: v.recent.map((e) => [e[0], e[1]]) });
    for (const [k, v] of s.entities) h.entities.set(k, { ...v, recent: v.recent.map((e) => [e[0], e[1]]) });
    h.novelEntities.push(...s.novelEntities.map((e): [string, number] => [e[0], e[1]]));
    return h;
  }

  snapshot(): HistorySnapshot {
    return {
      kind: 'vigil-triage-history',
      formatVersion: 1,
      start: this.start ?? null,
      pairs: [...this.pairs],
      rules: [...this.rules],
      entities: [...this.entities],
      novelEntities: [...this.novelEntities],
    };
  }

  get size(): { pairs: number; rules: number; entities: number } {
    return { pairs: this.pairs.size, rules: this.rules.size, entities: this.entities.size };
  }

  /** Pair statistics without recording anything (for explanations and reports). */
  pairWeek(ruleKey: string, entity: string, at: number): number {
    const p = this.pairs.get(`${ruleKey}\u0000${entity}`);
    return p === undefined ? 0 : weekCount(p, Math.floor(at / DAY_MS));
  }

  /** Reads the statistics for an alert, then counts it. */
  observe(ruleKey: string, entity: string, at: number): HistoryView {
    this.start ??= at;
    const day = Math.floor(at / DAY_MS);
    const pairKey = `${ruleKey}\u0000${entity}`;
    let pair = this.pairs.get(pairKey);
    let rule = this.rules.get(ruleKey);
    let ent = this.entities.get(entity);
    const entityAgeMs = ent === undefined ? 0 : Math.max(0, at - ent.first);
    const novelMature = pair === undefined && entityAgeMs >= MATURE_AFTER_MS;
    // Waking: novelty on a mature entity, or a pair back after a long silence.
    const waking = novelMature || (pair !== undefined && entityAgeMs >= MATURE_AFTER_MS && at - pair.last >= WAKE_AFTER_MS);

    let ruleSpread = 0;
    if (rule !== undefined) for (const [e, t] of rule.recent) if (e !== entity && at - t <= SPREAD_WINDOW_MS) ruleSpread++;
    let entityRules = 1;
    if (ent !== undefined) for (const [r, t] of ent.recent) if (r !== ruleKey && at - t <= HOUR_MS) entityRules++;
    let campaign = 0;
    let tenantNovelty = 0;
    for (const [e, t] of this.novelEntities) {
      if (e === entity || at - t > HOUR_MS) continue;
      campaign++;
      const other = this.entities.get(e);
      if (other !== undefined) tenantNovelty = Math.max(tenantNovelty, decay(other.novel, other.novelAt, at, NOVEL_HALF_LIFE_MS));
    }

    const view: HistoryView = {
      entityAgeMs,
      pairTotal: pair?.total ?? 0,
      pairWeek: pair === undefined ? 0 : weekCount(pair, day),
      pairSilenceMs: pair === undefined ? undefined : Math.max(0, at - pair.last),
      pairBurst: pair === undefined ? 0 : decay(pair.burst, pair.burstAt, at, BURST_HALF_LIFE_MS),
      pairMaxBurst: pair?.maxBurst ?? 0,
      pairEpisodes: pair === undefined ? 0 : (pair.episodes ?? 1),
      pairHoursPerDay: pair === undefined ? 0 : (weekCount(pair.hours, day) * DAY_MS) / Math.min(WEEK_DAYS * DAY_MS, Math.max(6 * HOUR_MS, at - pair.first)),
      ruleTotal: rule?.total ?? 0,
      ruleWeek: rule === undefined ? 0 : weekCount(rule, day),
      ruleEntities: rule?.entities ?? 0,
      ruleSpread,
      entityRules,
      entityNovel: ent === undefined ? 0 : decay(ent.novel, ent.novelAt, at, NOVEL_HALF_LIFE_MS),
      entityWakes: ent === undefined ? 0 : decay(ent.wakes ?? 0, ent.wakesAt ?? at, at, NOVEL_HALF_LIFE_MS),
      pairWaking: waking,
      campaign,
      tenantNovelty,
      novelMature,
    };

    if (pair === undefined) {
      pair = { first: at, last: at, total: 0, ring: new Array<number>(WEEK_DAYS).fill(0), day, burst: 0, burstAt: at, maxBurst: 0, hours: { ring: new Array<number>(WEEK_DAYS).fill(0), day }, lastHour: -1 };
      this.pairs.set(pairKey, pair);
    }
    if (rule === undefined) {
      rule = { first: at, total: 0, entities: 0, ring: new Array<number>(WEEK_DAYS).fill(0), day, recent: [] };
      this.rules.set(ruleKey, rule);
    }
    if (ent === undefined) {
      ent = { first: at, recent: [], novel: 0, novelAt: at };
      this.entities.set(entity, ent);
    }
    if (pair.total === 0) rule.entities++;
    if (pair.total === 0) pair.episodes = 1;
    else if (at - pair.last >= EPISODE_GAP_MS) pair.episodes = (pair.episodes ?? 1) + 1;
    pair.total++;
    pair.last = Math.max(pair.last, at);
    pair.maxBurst = Math.max(pair.maxBurst, view.pairBurst);
    pair.burst = view.pairBurst + 1;
    pair.burstAt = Math.max(pair.burstAt, at);
    weekAdd(pair, day);
    const hour = Math.floor(at / HOUR_MS);
    if (hour > pair.lastHour) {
      weekAdd(pair.hours, day);
      pair.lastHour = hour;
    }
    rule.total++;
    weekAdd(rule, day);
    if (rule.recent[0]?.[0] !== entity || rule.recent[0][1] < at) touch(rule.recent, entity, at, RECENT_ENTITIES);
    if (ent.recent[0]?.[0] !== ruleKey || ent.recent[0][1] < at) touch(ent.recent, ruleKey, at, RECENT_RULES);
    if (waking) {
      ent.wakes = view.entityWakes + 1;
      ent.wakesAt = Math.max(ent.wakesAt ?? at, at);
    }
    if (novelMature) {
      ent.novel = view.entityNovel + 1;
      ent.novelAt = Math.max(ent.novelAt, at);
      touch(this.novelEntities, entity, at, RECENT_ENTITIES);
    }
    return view;
  }
}
