import type { Logger } from 'pino';
import type { IncidentNotification, Notifier } from '../../workflow/notifier.ts';

/**
 * Posts notifications as JSON to a webhook (generic, or Slack/Teams-compatible: a `text` field is
 * included). Only destinations from the tenant's configuration reach here; failures are reported, never
 * thrown, so a dead webhook cannot stop the SLA clocks.
 */
export class WebhookNotifier implements Notifier {
  private readonly timeoutMs: number;
  private readonly logger: Logger | undefined;

  constructor(options: { timeoutMs?: number; logger?: Logger } = {}) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.logger = options.logger;
  }

  async notify(destination: string, notification: IncidentNotification): Promise<boolean> {
    try {
      const response = await fetch(destination, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'vigil-notifier' },
        body: JSON.stringify({ text: notification.message, vigil: notification }),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
      await response.arrayBuffer();
      if (!response.ok) this.logger?.warn({ status: response.status, host: new URL(destination).host }, 'notification webhook refused');
      return response.ok;
    } catch (error) {
      this.logger?.warn({ err: (error as Error).message, host: new URL(destination).host }, 'notification webhook failed');
      return false;
    }
  }
}
