import type { Kysely } from 'kysely';
import type { AssetRow, Database } from './schema.ts';
import { fromJson, toJson } from './json-columns.ts';

export interface Asset {
  readonly id: string;
  readonly tenantId: string;
  readonly hostname: string;
  readonly ips: readonly string[];
  readonly owner?: string;
  readonly businessService?: string;
  /** 1 (lowest) to 5 (crown jewels). */
  readonly criticality: number;
  /** e.g. pci, phi, pii. */
  readonly dataClasses: readonly string[];
  readonly updatedAt: number;
}

const toAsset = (row: AssetRow): Asset => {
  const asset: { -readonly [K in keyof Asset]: Asset[K] } = {
    id: row.id,
    tenantId: row.tenant_id,
    hostname: row.hostname,
    ips: fromJson<string[]>(row.ips),
    criticality: row.criticality,
    dataClasses: fromJson<string[]>(row.data_classes),
    updatedAt: row.updated_at,
  };
  if (row.owner !== null) asset.owner = row.owner;
  if (row.business_service !== null) asset.businessService = row.business_service;
  return asset;
};

export class AssetRepository {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** Inserts or replaces assets by hostname (case-insensitive); returns how many were new. */
  async upsert(assets: readonly Asset[]): Promise<{ created: number; updated: number }> {
    let created = 0;
    await this.db.transaction().execute(async (trx) => {
      for (const asset of assets) {
        const key = asset.hostname.toLowerCase();
        const existing = await trx
          .selectFrom('assets')
          .select('id')
          .where('tenant_id', '=', asset.tenantId)
          .where('hostname_key', '=', key)
          .executeTakeFirst();
        const values = {
          hostname: asset.hostname,
          hostname_key: key,
          ips: toJson(asset.ips),
          owner: asset.owner ?? null,
          business_service: asset.businessService ?? null,
          criticality: asset.criticality,
          data_classes: toJson(asset.dataClasses),
          updated_at: asset.updatedAt,
        };
        if (existing === undefined) {
          created++;
          await trx
            .insertInto('assets')
            .values({ id: asset.id, tenant_id: asset.tenantId, ...values })
            .execute();
        } else {
          await trx.updateTable('assets').set(values).where('id', '=', existing.id).execute();
        }
      }
    });
    return { created, updated: assets.length - created };
  }

  async list(tenantId: string): Promise<Asset[]> {
    const rows = await this.db
      .selectFrom('assets')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('hostname_key')
      .execute();
    return rows.map(toAsset);
  }

  async get(tenantId: string, id: string): Promise<Asset | undefined> {
    const row = await this.db
      .selectFrom('assets')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toAsset(row);
  }

  async findByHostname(tenantId: string, hostname: string): Promise<Asset | undefined> {
    const row = await this.db
      .selectFrom('assets')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('hostname_key', '=', hostname.toLowerCase())
      .executeTakeFirst();
    return row === undefined ? undefined : toAsset(row);
  }

  /** Latest change time for a tenant's inventory: lets caches know when to reload. */
  async version(tenantId: string): Promise<number> {
    const row = await this.db
      .selectFrom('assets')
      .select((eb) => [eb.fn.max<number | null>('updated_at').as('latest'), eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    return (row.latest ?? 0) * 1_000_000 + row.n;
  }
}
