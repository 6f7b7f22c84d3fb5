import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { ApiClient } from './api/client.ts';
import type { SessionInfo, TenantRef } from './api/types.ts';
import { AppContext, type AppServices, type NoticeKind } from './app-context.ts';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { HelpDialog } from './components/help-dialog.tsx';
import { Notices, type Notice } from './components/notices.tsx';
import { useHotkeys } from './lib/hotkeys.ts';
import { LiveFeed } from './lib/live-feed.ts';
import type { Theme } from './lib/prefs.ts';
import { navigate, onLinkClick, useLocation } from './lib/router.ts';
import { AlertPage } from './pages/alert-page.tsx';
import { IncidentPage } from './pages/incident-page.tsx';
import { OnShiftPage } from './pages/on-shift-page.tsx';
import { OverviewPage } from './pages/overview-page.tsx';
import { QueuePage } from './pages/queue-page.tsx';

interface Props {
  readonly api: ApiClient;
  readonly session: SessionInfo;
  readonly tenant: TenantRef;
  /** Bumped after signing in again: reconnect the stream and refetch what is on screen. */
  readonly resumed: number;
  readonly onSessionLost: () => void;
  readonly onSwitchTenant: (tenantId: string) => void;
  readonly onSignOut: () => void;
  readonly display: { theme: Theme; toggleTheme: () => void; wall: boolean; toggleWall: () => void };
}

const NAV = [
  { path: '/queue', label: 'Queue', key: '1' },
  { path: '/on-shift', label: 'On shift', key: '2' },
  { path: '/overview', label: 'Overview', key: '3' },
] as const;

/** The signed-in console: header, live connection, notices, and the page for the current path. */
export function Shell({ api, session, tenant, resumed, onSessionLost, onSwitchTenant, onSignOut, display }: Props) {
  const lost = useRef(onSessionLost);
  lost.current = onSessionLost;
  const live = useMemo(
    () =>
      new LiveFeed(
        () => api.streamUrl(),
        () => {
          // The browser gave up on the stream: an expired session is the usual reason; say so.
          void api.session().then(
            (s) => {
              if (s === undefined) lost.current();
            },
            () => undefined,
          );
        },
      ),
    [api],
  );
  useEffect(() => {
    live.start();
    return () => { live.stop(); };
  }, [live]);
  useEffect(() => {
    if (resumed > 0) live.restart();
  }, [resumed, live]);
  const liveState = useSyncExternalStore(live.subscribeState, live.getState);

  const [notices, setNotices] = useState<readonly Notice[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => { setNotices((list) => list.filter((n) => n.id !== id)); }, []);
  const notify = useCallback(
    (kind: NoticeKind, text: string) => {
      const id = nextId.current++;
      setNotices((list) => [...list.filter((n) => n.text !== text).slice(-4), { id, kind, text }]);
      if (kind === 'success' || kind === 'info') window.setTimeout(() => { dismiss(id); }, 6_000);
    },
    [dismiss],
  );
  const [announcement, setAnnouncement] = useState('');
  const announce = useCallback((text: string) => { setAnnouncement(text); }, []);

  const services = useMemo<AppServices>(() => ({ api, live, session, tenant, notify, announce }), [api, live, session, tenant, notify, announce]);

  const [help, setHelp] = useState(false);
  useHotkeys({
    '?': () => { setHelp(true); },
    '1': () => { navigate('/queue'); },
    '2': () => { navigate('/on-shift'); },
    '3': () => { navigate('/overview'); },
  });

  const { path } = useLocation();
  return (
    <AppContext.Provider value={services}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <a href="/queue" className="brand" onClick={onLinkClick}>
          <span className="brand-mark" aria-hidden="true">
            ◉
          </span>{' '}
          Vigil
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.path}>
                <a href={n.path} onClick={onLinkClick} aria-current={section(path) === n.path ? 'page' : undefined} aria-keyshortcuts={n.key}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span className={`live-dot live-${liveState}`} role="status" aria-label={`Live updates: ${liveState === 'open' ? 'connected' : liveState}`} title={`Live updates: ${liveState}`}>
          {liveState === 'open' ? 'Live' : liveState === 'stopped' ? 'Off' : '…'}
        </span>
        <span className="topbar-gap" />
        {session.tenants.length > 1 ? (
          <label className="tenant-switch">
            <span className="sr-only">Tenant</span>
            <select value={tenant.id} onChange={(e) => { onSwitchTenant(e.target.value); }} aria-label="Tenant">
              {session.tenants.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="tenant-name">{tenant.name}</span>
        )}
        <button type="button" className="ghost" onClick={display.toggleTheme} aria-pressed={display.theme === 'light'} title="Light or dark theme">
          {display.theme === 'dark' ? 'Light' : 'Dark'}
        </button>
        <button type="button" className="ghost" onClick={display.toggleWall} aria-pressed={display.wall} title="Larger type for a wall display">
          Wall
        </button>
        <button type="button" className="ghost" onClick={() => { setHelp(true); }} aria-keyshortcuts="?">
          ?
        </button>
        <span className="user" title={`role ${tenant.role}`}>
          {session.user.name} <span className="muted">({tenant.role})</span>
        </span>
        <button type="button" className="ghost" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      {liveState === 'reconnecting' && (
        <div className="banner warning connection" role="status">
          Live updates lost: reconnecting… What you see may be out of date.
        </div>
      )}
      <Notices notices={notices} dismiss={dismiss} />
      <div className="sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary where="this page" resetKey={path}>
          {page(path)}
        </ErrorBoundary>
      </main>
      {help && <HelpDialog onClose={() => { setHelp(false); }} />}
    </AppContext.Provider>
  );
}

function section(path: string): string {
  if (path.startsWith('/on-shift')) return '/on-shift';
  if (path.startsWith('/overview')) return '/overview';
  return '/queue';
}

function page(path: string): ReactNode {
  if (path === '/' || path === '/queue') return <QueuePage />;
  if (path === '/on-shift') return <OnShiftPage />;
  if (path === '/overview') return <OverviewPage />;
  const incident = /^\/incidents\/([^/]+)$/.exec(path)?.[1];
  if (incident !== undefined) return <IncidentPage key={incident} reference={decodeURIComponent(incident)} />;
  const alert = /^\/alerts\/([^/]+)$/.exec(path)?.[1];
  if (alert !== undefined) return <AlertPage key={alert} id={decodeURIComponent(alert)} />;
  return (
    <section className="panel">
      <h1>Page not found</h1>
      <p>
        Nothing lives at <code>{path}</code>.{' '}
        <a href="/queue" onClick={onLinkClick}>
          Go to the queue
        </a>
      </p>
    </section>
  );
}
