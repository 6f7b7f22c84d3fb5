import { useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';
import type { Alert } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { formatDuration, formatFull } from '../lib/format.ts';
import { useHotkeys } from '../lib/hotkeys.ts';
import { useResource } from '../lib/resource.ts';
import { navigate, onLinkClick, useLocation } from '../lib/router.ts';

/** One alert: what Vigil made of it (normalised) beside exactly what the source sent (raw). */
export function AlertPage({ id }: { id: string }) {
  const { api, tenant } = useApp();
  const { query } = useLocation();
  const from = query.get('incident');
  const back = from === null ? '/queue' : `/incidents/${from}`;
  const alert = useResource((signal) => api.get<Alert>(`/api/v1/alerts/${encodeURIComponent(id)}`, {}, signal), `${tenant.id}|${id}`);
  const [copied, setCopied] = useState(false);
  useHotkeys({ u: () => { navigate(back); }, Backspace: () => { navigate(back); } });

  if (alert.error !== undefined) {
    const missing = alert.error instanceof ApiError && alert.error.status === 404;
    return (
      <section className="panel" role="alert">
        <h1>{missing ? 'Alert not found' : 'Could not load the alert'}</h1>
        <p>{describeError(alert.error)}</p>
        <a href={back} onClick={onLinkClick}>
          Back
        </a>
      </section>
    );
  }
  const a = alert.data;
  if (a === undefined) return <p className="empty">Loading the alert…</p>;
  // JSON.stringify gives undefined for an absent payload, whatever its declared type says.
  const raw = (JSON.stringify(a.raw, null, 2) as string | undefined) ?? '(no payload stored)';
  const t = (iso: string) => formatFull(Date.parse(iso), tenant.timeZone);
  const delay = (later: string, earlier: string) => formatDuration((Date.parse(later) - Date.parse(earlier)) / 1000);
  return (
    <article className="alert-page" aria-labelledby="alert-title">
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href={back} onClick={onLinkClick}>
          ← {from ?? 'Queue'}
        </a>
      </nav>
      <h1 id="alert-title">
        <span className={`sev sev-${a.severity}`}>{a.severity}</span> {a.title}
      </h1>
      <div className="split">
        <section className="panel" aria-labelledby="normalised-title">
          <h2 id="normalised-title">Normalised</h2>
          <dl className="fields">
            <Field label="Source" value={a.source} />
            <Field label="Severity" value={`${a.severity}${a.sourceSeverity === undefined ? '' : ` (source: ${a.sourceSeverity})`}`} />
            <Field label="Rule" value={[a.ruleId, a.ruleName].filter((x) => x !== undefined).join(' · ') || undefined} />
            <Field label="Category" value={a.category} />
            <Field label="Description" value={a.description} />
            <Field label="Occurred" value={t(a.occurredAt)} />
            <Field label="Detected" value={`${t(a.detectedAt)} (+${delay(a.detectedAt, a.occurredAt)})`} />
            <Field label="Received" value={`${t(a.receivedAt)} (+${delay(a.receivedAt, a.detectedAt)} after detection)`} />
            <Field label="Finding id" value={a.findingUid} mono />
            <Field label="Alert id" value={a.id} mono />
            <Field label="Fingerprint" value={a.fingerprint} mono />
          </dl>
          <h3>Observables</h3>
          {a.observables.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <table className="grid compact-grid">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Role</th>
                  <th scope="col" className="wide">
                    Value
                  </th>
                </tr>
              </thead>
              <tbody>
                {a.observables.map((o, i) => (
                  <tr key={`${o.kind}-${o.value}-${i}`}>
                    <td>{o.kind}</td>
                    <td>{o.role ?? ''}</td>
                    <td className="wide mono">{o.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {a.attacks.length > 0 && (
            <>
              <h3>ATT&amp;CK</h3>
              <ul className="reasons">
                {a.attacks.map((x, i) => (
                  <li key={i}>{[x.tacticId, x.tactic, x.techniqueId, x.technique].filter((v) => v !== undefined).join(' · ')}</li>
                ))}
              </ul>
            </>
          )}
          {a.assets.length > 0 && (
            <>
              <h3>Assets</h3>
              <ul className="reasons">
                {a.assets.map((x) => (
                  <li key={x.assetId}>
                    <span className="mono">{x.hostname}</span> · criticality {x.criticality}/5{x.dataClasses.length > 0 ? ` · ${x.dataClasses.join(', ').toUpperCase()}` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section className="panel raw" aria-labelledby="raw-title">
          <div className="panel-head">
            <h2 id="raw-title">Original payload</h2>
            <button
              type="button"
              onClick={() =>
                void navigator.clipboard.writeText(raw).then(
                  () => { setCopied(true); },
                  () => { setCopied(false); },
                )
              }
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <pre tabIndex={0} aria-label="Original payload as received">
            {raw}
          </pre>
        </section>
      </div>
    </article>
  );
}

function Field({ label, value, mono }: { label: string; value: string | undefined; mono?: boolean }) {
  if (value === undefined || value === '') return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd className={mono === true ? 'mono' : undefined}>{value}</dd>
    </div>
  );
}
