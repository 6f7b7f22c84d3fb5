import { createContext, useContext, useEffect, useRef } from 'react';
import type { ApiClient } from './api/client.ts';
import type { IncidentChange, SessionInfo, TenantRef } from './api/types.ts';
import type { LiveFeed } from './lib/live-feed.ts';

export type NoticeKind = 'error' | 'warning' | 'info' | 'success';

export interface AppServices {
  readonly api: ApiClient;
  readonly live: LiveFeed;
  readonly session: SessionInfo;
  readonly tenant: TenantRef;
  /** A message the user must see (errors stay until dismissed; others fade). */
  readonly notify: (kind: NoticeKind, text: string) => void;
  /** A polite screen-reader announcement (live updates). */
  readonly announce: (text: string) => void;
}

export const AppContext = createContext<AppServices | undefined>(undefined);

export function useApp(): AppServices {
  const value = useContext(AppContext);
  if (value === undefined) throw new Error('useApp outside the signed-in app');
  return value;
}

/** Calls `handler` for each live incident change of the current tenant (and `resync` after a reconnect). */
export function useLiveChanges(handler: (change: IncidentChange) => void): void {
  const { live } = useApp();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => live.subscribe((change) => { ref.current(change); }), [live]);
}
