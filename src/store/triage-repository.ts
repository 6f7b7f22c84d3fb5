import type { Kysely } from 'kysely';
import { fromJson, toJson } from './json-columns.ts';
import type { Database } from './schema.ts';

export interface StoredDecision {
  readonly alertId: string;
  readonly at: number;
  readonly score: number;
  readonly decision: string;
  readonly action: string;
  readonly enforced: boolean;
  readonly qualityReview: boolean;
  readonly modelVersion: string;
  readonly classKey: string;
  /** The triage engine's DecisionRecord, as JSON. */
  readonly record: unknown;
  readonly verdict: string | null;
}

/** The AI triage's own tables: decisions (append, then one verdict each), model versions, history checkpoints. */
export class TriageRepository {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async saveDecisions(trx: Kysely<Database>, tenantId: string, decisions: readonly Omit<StoredDecision, 'verdict'>[]): Promise<void> {
    for (let i = 0; i < decisions.length; i += 300) {
      await trx
        .insertInto('triage_decisions')
        .values(
          decisions.slice(i, i + 300).map((d) => ({
            tenant_id: tenantId,
            alert_id: d.alertId,
            at: d.at,
            score: d.score,
            decision: d.decision,
            action: d.action,
            enforced: d.enforced ? 1 : 0,
            quality_review: d.qualityReview ? 1 : 0,
            model_version: d.modelVersion,
            class_key: d.classKey,
            record: toJson(d.record),
            verdict: null,
            verdict_at: null,
          })),
        )
        .onConflict((oc) => oc.columns(['tenant_id', 'alert_id']).doNothing())
        .execute();
    }
  }

  /** Decisions on the alerts an incident holds that have no verdict applied yet. */
  async pendingForIncident(tenantId: string, incidentId: string): Promise<StoredDecision[]> {
    const rows = await this.db
      .selectFrom('triage_decisions as d')
      .innerJoin('incident_alerts as ia', (join) => join.onRef('ia.alert_id', '=', 'd.alert_id').onRef('ia.tenant_id', '=', 'd.tenant_id'))
      .selectAll('d')
      .where('d.tenant_id', '=', tenantId)
      .where('ia.incident_id', '=', incidentId)
      .where('d.verdict', 'is', null)
      .execute();
    return rows.map(toDecision);
  }

  async markVerdict(tenantId: string, alertIds: readonly string[], verdict: string, at: number): Promise<void> {
    for (let i = 0; i < alertIds.length; i += 500) {
      await this.db
        .updateTable('triage_decisions')
        .set({ verdict, verdict_at: at })
        .where('tenant_id', '=', tenantId)
        .where('alert_id', 'in', alertIds.slice(i, i + 500))
        .where('verdict', 'is', null)
        .execute();
    }
  }

  /** Decisions with a verdict, oldest first: the labelled history for accuracy figures and retraining. */
  async labelled(tenantId: string, from = 0, to = Number.MAX_SAFE_INTEGER): Promise<StoredDecision[]> {
    const rows = await this.db
      .selectFrom('triage_decisions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('verdict', 'is not', null)
      .where('at', '>=', from)
      .where('at', '<', to)
      .orderBy('verdict_at')
      .execute();
    return rows.map(toDecision);
  }

  async decision(tenantId: string, alertId: string): Promise<StoredDecision | undefined> {
    const row = await this.db.selectFrom('triage_decisions').selectAll().where('tenant_id', '=', tenantId).where('alert_id', '=', alertId).executeTakeFirst();
    return row === undefined ? undefined : toDecision(row);
  }

  /** Counts of decisions and actions in a range (how much the AI closed, attached, queued, escalated). */
  async tally(tenantId: string, from: number, to: number): Promise<{ action: string; enforced: boolean; count: number }[]> {
    const rows = await this.db
      .selectFrom('triage_decisions')
      .select(['action', 'enforced', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('at', '>=', from)
      .where('at', '<', to)
      .groupBy(['action', 'enforced'])
      .execute();
    return rows.map((r) => ({ action: r.action, enforced: r.enforced === 1, count: r.n }));
  }

  async saveModel(tenantId: string, version: number, note: string, snapshot: unknown, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('triage_models').set({ active: 0 }).where('tenant_id', '=', tenantId).execute();
      await trx.insertInto('triage_models').values({ tenant_id: tenantId, version, created_at: now, note, active: 1, snapshot: toJson(snapshot) }).execute();
    });
  }

  async activate(tenantId: string, version: number): Promise<unknown> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('triage_models').select('snapshot').where('tenant_id', '=', tenantId).where('version', '=', version).executeTakeFirst();
      if (row === undefined) return undefined;
      await trx.updateTable('triage_models').set({ active: 0 }).where('tenant_id', '=', tenantId).execute();
      await trx.updateTable('triage_models').set({ active: 1 }).where('tenant_id', '=', tenantId).where('version', '=', version).execute();
      return fromJson<unknown>(row.snapshot);
    });
  }

  async activeModel(tenantId: string): Promise<{ snapshot: unknown; latestVersion: number } | undefined> {
    const active = await this.db.selectFrom('triage_models').select('snapshot').where('tenant_id', '=', tenantId).where('active', '=', 1).executeTakeFirst();
    const latest = await this.db.selectFrom('triage_models').select((eb) => eb.fn.max<number | null>('version').as('v')).where('tenant_id', '=', tenantId).executeTakeFirst();
    if (active === undefined) return undefined;
    return { snapshot: fromJson<unknown>(active.snapshot), latestVersion: latest?.v ?? 0 };
  }

  async models(tenantId: string): Promise<{ version: number; createdAt: number; note: string; active: boolean }[]> {
    const rows = await this.db.selectFrom('triage_models').select(['version', 'created_at', 'note', 'active']).where('tenant_id', '=', tenantId).orderBy('version', 'desc').execute();
    return rows.map((r) => ({ version: r.version, createdAt: r.created_at, note: r.note, active: r.active === 1 }));
  }

  async saveHistory(tenantId: string, history: unknown, now: number): Promise<void> {
    await this.db
      .insertInto('triage_state')
      .values({ tenant_id: tenantId, history: toJson(history), updated_at: now })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ history: toJson(history), updated_at: now }))
      .execute();
  }

  async history(tenantId: string): Promise<unknown> {
    const row = await this.db.selectFrom('triage_state').select('history').where('tenant_id', '=', tenantId).executeTakeFirst();
    return row === undefined ? undefined : fromJson<unknown>(row.history);
  }
}

function toDecision(r: {
  alert_id: string;
  at: number;
  score: number;
  decision: string;
  action: string;
  enforced: number;
  quality_review: number;
  model_version: string;
  class_key: string;
  record: string;
  verdict: string | null;
}): StoredDecision {
  return {
    alertId: r.alert_id,
    at: r.at,
    score: r.score,
    decision: r.decision,
    action: r.action,
    enforced: r.enforced === 1,
    qualityReview: r.quality_review === 1,
    modelVersion: r.model_version,
    classKey: r.class_key,
    record: fromJson<unknown>(r.record),
    verdict: r.verdict,
  };
}
