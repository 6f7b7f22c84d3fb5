import type { AssetContext, Observable } from '../core/alert.ts';
import type { Asset, AssetRepository } from '../store/index.ts';

interface TenantIndex {
  readonly byHost: ReadonlyMap<string, AssetContext>;
  readonly byIp: ReadonlyMap<string, AssetContext>;
  readonly loadedAt: number;
}

/**
 * Looks up the inventory assets an alert's hosts and IPs belong to. The inventory is small (thousands of
 * assets), so each tenant's index is held in memory and reloaded after `ttlMs` or when an import here
 * invalidates it (another process's import shows up within the TTL).
 */
export class AssetEnricher {
  private readonly repository: AssetRepository;
  private readonly ttlMs: number;
  private readonly indexes = new Map<string, Promise<TenantIndex>>();

  constructor(repository: AssetRepository, ttlMs = 30_000) {
    this.repository = repository;
    this.ttlMs = ttlMs;
  }

  invalidate(tenantId: string): void {
    this.indexes.delete(tenantId);
  }

  async lookup(tenantId: string, now: number): Promise<(observables: readonly Observable[]) => AssetContext[]> {
    let pending = this.indexes.get(tenantId);
    if (pending !== undefined && (await pending).loadedAt + this.ttlMs < now) pending = undefined;
    if (pending === undefined) {
      pending = this.load(tenantId, now);
      this.indexes.set(tenantId, pending);
      pending.catch(() => this.indexes.delete(tenantId));
    }
    const index = await pending;
    return (observables) => match(index, observables);
  }

  private async load(tenantId: string, now: number): Promise<TenantIndex> {
    const assets = await this.repository.list(tenantId);
    const byHost = new Map<string, AssetContext>();
    const byIp = new Map<string, AssetContext>();
    for (const asset of assets) {
      const context = toContext(asset);
      const host = asset.hostname.toLowerCase();
      byHost.set(host, context);
      const short = host.split('.')[0];
      if (short !== undefined && short !== host && !byHost.has(short)) byHost.set(short, context);
      for (const ip of asset.ips) byIp.set(ip, context);
    }
    return { byHost, byIp, loadedAt: now };
  }
}

function match(index: TenantIndex, observables: readonly Observable[]): AssetContext[] {
  if (index.byHost.size === 0 && index.byIp.size === 0) return [];
  const found = new Map<string, AssetContext>();
  for (const o of observables) {
    let context: AssetContext | undefined;
    if (o.kind === 'hostname') {
      const host = o.value.toLowerCase();
      context = index.byHost.get(host) ?? index.byHost.get(host.split('.')[0] ?? host);
    } else if (o.kind === 'ip') {
      context = index.byIp.get(o.value);
    }
    if (context !== undefined) found.set(context.assetId, context);
  }
  return [...found.values()];
}

function toContext(asset: Asset): AssetContext {
  return {
    assetId: asset.id,
    hostname: asset.hostname,
    criticality: asset.criticality,
    dataClasses: asset.dataClasses,
    ...(asset.businessService === undefined ? {} : { businessService: asset.businessService }),
    ...(asset.owner === undefined ? {} : { owner: asset.owner }),
  };
}
