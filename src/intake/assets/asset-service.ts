import type { Clock } from '../../core/clock.ts';
import { prefixedId } from '../../core/ids.ts';
import type { Asset, Store } from '../../store/index.ts';
import type { RecordError } from '../records.ts';
import { parseInventoryCsv, parseInventoryJson, type InventoryParse } from './inventory.ts';

export interface InventoryImportSummary {
  readonly created: number;
  readonly updated: number;
  readonly rejected: number;
  readonly errors: readonly RecordError[];
}

/** Imports the asset inventory (CSV or JSON) and keeps the enrichment cache in step. */
export class AssetService {
  private readonly store: Store;
  private readonly enricher: { invalidate(tenantId: string): void };
  private readonly clock: Clock;
  constructor(deps: { store: Store; enricher: { invalidate(tenantId: string): void }; clock: Clock }) {
    this.store = deps.store;
    this.enricher = deps.enricher;
    this.clock = deps.clock;
  }

  async importText(tenantId: string, text: string, kind: 'csv' | 'json'): Promise<InventoryImportSummary> {
    let parsed: InventoryParse;
    if (kind === 'csv') parsed = parseInventoryCsv(text);
    else {
      try {
        parsed = parseInventoryJson(JSON.parse(text));
      } catch (error) {
        parsed = { entries: [], errors: [{ position: { index: 0 }, reason: `not valid JSON: ${(error as Error).message}` }] };
      }
    }
    return this.importParsed(tenantId, parsed);
  }

  async importParsed(tenantId: string, parsed: InventoryParse): Promise<InventoryImportSummary> {
    const now = this.clock.now().getTime();
    const assets: Asset[] = parsed.entries.map((e) => ({
      id: prefixedId('ast'),
      tenantId,
      hostname: e.hostname,
      ips: e.ips,
      criticality: e.criticality,
      dataClasses: e.dataClasses,
      updatedAt: now,
      ...(e.owner === undefined ? {} : { owner: e.owner }),
      ...(e.businessService === undefined ? {} : { businessService: e.businessService }),
    }));
    const { created, updated } = assets.length === 0 ? { created: 0, updated: 0 } : await this.store.assets.upsert(assets);
    this.enricher.invalidate(tenantId);
    return { created, updated, rejected: parsed.errors.length, errors: parsed.errors };
  }
}
