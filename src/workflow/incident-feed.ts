/** A change to an incident, for live views (server-sent events) and the bus. */
export interface IncidentChange {
  readonly tenantId: string;
  readonly incidentId: string;
  readonly number: number;
  readonly type: string;
  readonly at: number;
}

type Listener = (change: IncidentChange) => void;

/** In-process fan-out of incident changes after they are committed. */
export class IncidentFeed {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly everything = new Set<Listener>();

  publish(changes: readonly IncidentChange[]): void {
    for (const change of changes) {
      for (const listener of this.listeners.get(change.tenantId) ?? []) listener(change);
      for (const listener of this.everything) listener(change);
    }
  }

  /** Listens to one tenant's changes (or all with `*`); returns the unsubscribe function. */
  subscribe(tenantId: string, listener: Listener): () => void {
    if (tenantId === '*') {
      this.everything.add(listener);
      return () => this.everything.delete(listener);
    }
    let set = this.listeners.get(tenantId);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(tenantId, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }
}
