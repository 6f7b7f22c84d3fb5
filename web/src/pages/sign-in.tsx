import { useState, type SubmitEvent } from 'react';
import { ApiError, describeError, type ApiClient } from '../api/client.ts';
import type { SessionInfo } from '../api/types.ts';

/** Email and password into an HttpOnly session cookie; the same form serves a sign-in after expiry. */
export function SignInForm({ api, onSignedIn, email: knownEmail }: { api: ApiClient; onSignedIn: (session: SessionInfo) => void; email?: string }) {
  const [email, setEmail] = useState(knownEmail ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      onSignedIn(await api.signIn(email.trim(), password));
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 401
          ? 'Wrong email or password.'
          : e instanceof ApiError && e.status === 429
            ? 'Too many failed attempts: wait a minute, then try again.'
            : describeError(e),
      );
      setPassword('');
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="sign-in-form">
      <label>
        Email
        <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => { setEmail(e.target.value); }} autoFocus={knownEmail === undefined} />
      </label>
      <label>
        Password
        <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => { setPassword(e.target.value); }} autoFocus={knownEmail !== undefined} />
      </label>
      {error !== undefined && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={sending}>
        {sending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

export function SignInPage({ api, onSignedIn }: { api: ApiClient; onSignedIn: (session: SessionInfo) => void }) {
  return (
    <main className="sign-in" id="main">
      <section className="panel sign-in-card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">
          <span className="brand-mark" aria-hidden="true">
            ◉
          </span>{' '}
          Vigil
        </h1>
        <p className="muted">Sign in to the SOC console.</p>
        <SignInForm api={api} onSignedIn={onSignedIn} />
      </section>
    </main>
  );
}
