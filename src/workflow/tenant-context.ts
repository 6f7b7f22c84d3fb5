import { notFound } from '../core/errors.ts';
import type { TenantRepository } from '../store/index.ts';
import { TenantCalendar } from './hour-bands.ts';
import { parseWorkflowSettings, type WorkflowSettings } from './settings.ts';

export interface TenantContext {
  readonly tenantId: string;
  readonly timeZone: string;
  readonly settings: WorkflowSettings;
  readonly calendar: TenantCalendar;
}

/**
 * Each tenant's validated settings and calendar, cached (a settings change here invalidates at once;
 * other processes see it within `ttlMs`).
 */
export class TenantContexts {
  private readonly tenants: TenantRepository;
  private readonly ttlMs: number;
  private readonly cache = new Map<string, { context: TenantContext; until: number }>();

  constructor(tenants: TenantRepository, ttlMs = 30_000) {
    this.tenants = tenants;
    this.ttlMs = ttlMs;
  }

  async get(tenantId: string, now = Date.now()): Promise<TenantContext> {
    const cached = this.cache.get(tenantId);
    if (cached !== undefined && cached.until > now) return cached.context;
    const tenant = await this.tenants.get(tenantId);
    if (tenant === undefined) throw notFound(`tenant ${tenantId}`);
    const settings = parseWorkflowSettings(tenant.settings, tenantId);
    const context: TenantContext = {
      tenantId,
      timeZone: tenant.timeZone,
      settings,
      calendar: new TenantCalendar({ timeZone: tenant.timeZone, businessHours: settings.businessHours, country: settings.country, region: settings.region }),
    };
    this.cache.set(tenantId, { context, until: now + this.ttlMs });
    return context;
  }

  invalidate(tenantId: string): void {
    this.cache.delete(tenantId);
  }
}
