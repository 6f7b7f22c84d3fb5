import type { Logger } from 'pino';
import type { Bus } from './bus/index.ts';
import type { IntakeService } from './intake/intake-service.ts';
import type { IncidentFeed } from './workflow/incident-feed.ts';

/** Bus subjects other workers and integrations (playbooks, SOAR, data lakes) consume. */
export const SUBJECTS = {
  alertsStored: (tenantId: string) => `vigil.alerts.${tenantId}`,
  incidentChanged: (tenantId: string) => `vigil.incidents.${tenantId}`,
} as const;

/**
 * Publishes what the service commits: stored alerts (ids and sequence numbers, one message per batch)
 * and incident changes. Publication follows the commit; the store stays the record, and a consumer that
 * must see everything reconciles from it (both carry store sequence numbers or incident ids). Message ids
 * make a repeated publish a no-op within the bus's dedupe window.
 */
export function publishServiceEvents(deps: { bus: Bus; intake: IntakeService; feed: IncidentFeed; logger?: Logger | undefined }): void {
  const failed = (subject: string) => (error: unknown) => deps.logger?.warn({ err: error, subject }, 'bus publish failed');
  deps.intake.onStored((tenantId, alerts) => {
    const first = alerts[0];
    const last = alerts.at(-1);
    if (first === undefined || last === undefined) return;
    const subject = SUBJECTS.alertsStored(tenantId);
    deps.bus
      .publish(subject, { tenantId, fromSeq: first.seq, toSeq: last.seq, count: alerts.length, ids: alerts.map((a) => a.id) }, { msgId: `alerts:${tenantId}:${first.seq}:${last.seq}` })
      .catch(failed(subject));
  });
  deps.feed.subscribe('*', (change) => {
    const subject = SUBJECTS.incidentChanged(change.tenantId);
    deps.bus.publish(subject, change, { msgId: `incident:${change.incidentId}:${change.type}:${change.at}` }).catch(failed(subject));
  });
}
