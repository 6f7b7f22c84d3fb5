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
  private readonly cache = new Map<string, { context: TenantContext; calendarKey: string; until: number }>();

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
    // Building a calendar loads the country's holiday rules: reuse it while the calendar settings stand.
    const calendarKey = JSON.stringify([tenant.timeZone, settings.businessHours, settings.country, settings.region]);
    const calendar =
      cached?.calendarKey === calendarKey
        ? cached.context.calendar
        : new TenantCalendar({ timeZone: tenant.timeZone, businessHours: settings.businessHours, country: settings.country, region: settings.region });
    const context: TenantContext = { tenantId, timeZone: tenant.timeZone, settings, calendar };
    this.cache.set(tenantId, { context, calendarKey, until: now + this.ttlMs });
    return context;
  }

  /** Forces a re-read at the next `get` (keeping the calendar if its settings did not change). */
  invalidate(tenantId: string): void {
    const cached = this.cache.get(tenantId);
    if (cached !== undefined) this.cache.set(tenantId, { ...cached, until: 0 });
  }
}
