import { useCallback, useEffect, useState } from 'react';
import { describeError, type ApiClient } from './api/client.ts';
import type { SessionInfo, TenantRef } from './api/types.ts';
import { Modal } from './components/modal.tsx';
import { readPref, useDisplayPrefs, writePref } from './lib/prefs.ts';
import { navigate } from './lib/router.ts';
import { SignInForm, SignInPage } from './pages/sign-in.tsx';
import { Shell } from './shell.tsx';

type Boot = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready' };

/**
 * Who is signed in and on which tenant. An expired session does not unmount the page: a sign-in dialog
 * opens over it, so the analyst keeps their place (URL, filters, half-written comment).
 */
export function App({ api }: { api: ApiClient }) {
  const display = useDisplayPrefs();
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [session, setSession] = useState<SessionInfo | undefined>();
  const [tenantId, setTenantId] = useState<string | undefined>(readPref('tenant'));
  const [expired, setExpired] = useState(false);
  const [resumed, setResumed] = useState(0);

  const check = useCallback(() => {
    setBoot({ state: 'loading' });
    api.session().then(
      (s) => {
        setSession(s);
        setBoot({ state: 'ready' });
      },
      (e: unknown) => { setBoot({ state: 'failed', message: describeError(e) }); },
    );
  }, [api]);
  useEffect(check, [check]);
  useEffect(() => api.onExpired(() => { setExpired(true); }), [api]);

  const chooseTenant = (id: string) => {
    writePref('tenant', id);
    setTenantId(id);
    navigate('/queue');
  };

  if (boot.state === 'loading') return <p className="splash">Loading Vigil…</p>;
  if (boot.state === 'failed') {
    return (
      <main className="sign-in" id="main">
        <section className="panel sign-in-card" role="alert">
          <h1>Vigil is not answering</h1>
          <p>{boot.message}</p>
          <button type="button" className="primary" onClick={check}>
            Try again
          </button>
        </section>
      </main>
    );
  }
  if (session === undefined) {
    return (
      <SignInPage
        api={api}
        onSignedIn={(s) => {
          setExpired(false);
          setSession(s);
        }}
      />
    );
  }
  if (session.tenants.length === 0) {
    return (
      <main className="sign-in" id="main">
        <section className="panel sign-in-card" role="alert">
          <h1>No tenant</h1>
          <p>{session.user.name}, your account is not a member of any tenant yet: ask an administrator.</p>
        </section>
      </main>
    );
  }
  const tenant: TenantRef | undefined = session.tenants.find((t) => t.id === tenantId) ?? (session.tenants.length === 1 ? session.tenants[0] : undefined);
  if (tenant === undefined) return <TenantChooser tenants={session.tenants} onChoose={chooseTenant} />;
  // Set before the pages below fetch: every request of this render names the tenant.
  api.setTenant(tenant.id);

  return (
    <>
      <Shell
        key={tenant.id}
        api={api}
        session={session}
        tenant={tenant}
        resumed={resumed}
        display={display}
        onSessionLost={() => { setExpired(true); }}
        onSwitchTenant={chooseTenant}
        onSignOut={() => {
          void api.signOut().finally(() => {
            setSession(undefined);
            setExpired(false);
          });
        }}
      />
      {expired && (
        <Modal title="Session expired: sign in again" onClose={() => undefined}>
          <p>Your place is kept: after signing in you are back where you were.</p>
          <SignInForm
            api={api}
            onSignedIn={(s) => {
              if (s.user.id !== session.user.id) {
                // Someone else at the keyboard: start clean, at the same address.
                window.location.reload();
                return;
              }
              setSession(s);
              setExpired(false);
              setResumed((n) => n + 1);
            }}
          />
        </Modal>
      )}
    </>
  );
}

function TenantChooser({ tenants, onChoose }: { tenants: readonly TenantRef[]; onChoose: (id: string) => void }) {
  return (
    <main className="sign-in" id="main">
      <section className="panel sign-in-card" aria-labelledby="tenant-title">
        <h1 id="tenant-title">Choose a tenant</h1>
        <ul className="tenant-list">
          {tenants.map((t) => (
            <li key={t.id}>
              <button type="button" onClick={() => { onChoose(t.id); }}>
                {t.name} <span className="muted">({t.role}, {t.timeZone})</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
