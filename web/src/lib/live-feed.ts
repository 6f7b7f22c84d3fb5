import type { IncidentChange } from '../api/types.ts';

export const LIVE_STATES = ['connecting', 'open', 'reconnecting', 'stopped'] as const;
export type LiveState = (typeof LIVE_STATES)[number];

export type LiveListener = (change: IncidentChange) => void;

/**
 * One EventSource per tab on GET /api/v1/stream. The browser retries a dropped stream by itself (the
 * server asks for 3 s); when the browser gives up (an HTTP error such as an expired session) this
 * reconnects with backoff and asks `onGiveUp` whether the session is still valid. After any reconnect
 * listeners get a `resync` change, since changes made while the stream was down were not seen.
 */
export class LiveFeed {
  private source: EventSource | undefined;
  private state: LiveState = 'stopped';
  private retryTimer: number | undefined;
  private retries = 0;
  private wasOpen = false;
  private readonly listeners = new Set<LiveListener>();
  private readonly stateListeners = new Set<() => void>();
  private readonly url: () => string;
  private readonly onGiveUp: () => void;

  constructor(url: () => string, onGiveUp: () => void) {
    this.url = url;
    this.onGiveUp = onGiveUp;
  }

  start(): void {
    this.stop();
    this.connect('connecting');
  }

  /** Reconnects now (after signing in again); listeners get a `resync` once the stream is back. */
  restart(): void {
    this.stop();
    this.wasOpen = true;
    this.retries = 0;
    this.connect('reconnecting');
  }

  stop(): void {
    window.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.source?.close();
    this.source = undefined;
    this.wasOpen = false;
    this.setState('stopped');
  }

  getState = (): LiveState => this.state;

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribeState = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  private connect(state: LiveState): void {
    this.setState(state);
    const source = new EventSource(this.url(), { withCredentials: true });
    this.source = source;
    source.onopen = () => {
      if (this.source !== source) return;
      this.retries = 0;
      const resumed = this.wasOpen;
      this.wasOpen = true;
      this.setState('open');
      if (resumed) this.emit({ tenantId: '', incidentId: '', number: 0, type: 'resync', at: Date.now() });
    };
    source.addEventListener('incident', (event) => {
      const change = parse((event as MessageEvent<string>).data);
      if (change !== undefined) this.emit(change);
    });
    source.onerror = () => {
      if (this.source !== source) return;
      // CONNECTING: the browser is already retrying; CLOSED: it gave up and we take over.
      this.setState('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        this.onGiveUp();
        const delay = Math.min(30_000, 1_000 * 2 ** Math.min(this.retries, 5));
        this.retries++;
        this.retryTimer = window.setTimeout(() => { this.connect('reconnecting'); }, delay);
      }
    };
  }

  private emit(change: IncidentChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private setState(state: LiveState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener();
  }
}

function parse(data: string): IncidentChange | undefined {
  try {
    const value = JSON.parse(data) as Partial<IncidentChange>;
    if (typeof value.incidentId !== 'string' || typeof value.type !== 'string') return undefined;
    return { tenantId: value.tenantId ?? '', incidentId: value.incidentId, number: value.number ?? 0, type: value.type, at: value.at ?? Date.now() };
  } catch {
    return undefined;
  }
}
