/** An outbound notification about an incident (SLA warnings and breaches, MSSP hand-offs). */
export interface IncidentNotification {
  readonly tenantId: string;
  readonly type: string;
  readonly incident: { readonly id: string; readonly number: number; readonly title: string; readonly priority: string; readonly tier: string };
  readonly message: string;
  readonly at: string;
}

/** The port; the webhook adapter lives in src/respond/connectors. */
export interface Notifier {
  /** Sends to the destination configured for the tenant; resolves false (never throws) when it could not. */
  notify(destination: string, notification: IncidentNotification): Promise<boolean>;
}
