import type { Alert, AssetContext, Incident, TimelineEvent } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { formatTime, incidentRef } from '../lib/format.ts';
import { onLinkClick } from '../lib/router.ts';

/** The alerts of the incident; checkboxes choose the ones a split moves out. */
export function AlertsSection({ incident, alerts, shown, selected, onToggle }: { incident: Incident; alerts: readonly Alert[]; shown: number; selected: ReadonlySet<string>; onToggle: (id: string) => void }) {
  const { tenant } = useApp();
  const sorted = [...alerts].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
  return (
    <section className="panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">
        Alerts <span className="muted">{incident.alertCount > shown ? `${shown} of ${incident.alertCount} shown` : incident.alertCount}</span>
      </h2>
      <table className="grid compact-grid">
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Select for split</span>
            </th>
            <th scope="col">Occurred</th>
            <th scope="col">Source</th>
            <th scope="col">Severity</th>
            <th scope="col" className="wide">
              Title
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((a) => (
            <tr key={a.id}>
              <td>
                <input type="checkbox" checked={selected.has(a.id)} onChange={() => { onToggle(a.id); }} aria-label={`Select alert ${a.title} for a split`} />
              </td>
              <td>
                <time dateTime={a.occurredAt}>{formatTime(Date.parse(a.occurredAt), tenant.timeZone)}</time>
              </td>
              <td>{a.source}</td>
              <td>
                <span className={`sev sev-${a.severity}`}>{a.severity}</span>
              </td>
              <td className="wide">
                <a href={`/alerts/${a.id}?incident=${incidentRef(incident.number)}`} onClick={onLinkClick}>
                  {a.title}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Hosts, addresses, users… seen across the alerts; the ones that link alerts together are marked. */
export function EntitiesSection({ incident, alerts }: { incident: Incident; alerts: readonly Alert[] }) {
  const linking = new Set(incident.entityKeys);
  const byKey = new Map<string, { kind: string; value: string; roles: Set<string>; alerts: number }>();
  for (const alert of alerts) {
    const seen = new Set<string>();
    for (const o of alert.observables) {
      const key = `${o.kind}:${o.value.toLowerCase()}`;
      const entry = byKey.get(key) ?? { kind: o.kind, value: o.value, roles: new Set<string>(), alerts: 0 };
      if (o.role !== undefined) entry.roles.add(o.role);
      if (!seen.has(key)) entry.alerts++;
      seen.add(key);
      byKey.set(key, entry);
    }
  }
  const entities = [...byKey.entries()].sort((a, b) => Number(linking.has(b[0])) - Number(linking.has(a[0])) || b[1].alerts - a[1].alerts);
  return (
    <section className="panel" aria-labelledby="entities-title">
      <h2 id="entities-title">Entities</h2>
      {entities.length === 0 ? (
        <p className="muted">No entities in these alerts.</p>
      ) : (
        <table className="grid compact-grid">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col" className="wide">
                Value
              </th>
              <th scope="col">Role</th>
              <th scope="col" className="num">
                Alerts
              </th>
            </tr>
          </thead>
          <tbody>
            {entities.slice(0, 200).map(([key, e]) => (
              <tr key={key}>
                <td>{e.kind}</td>
                <td className="wide mono">
                  {e.value} {linking.has(key) && <span className="badge link-badge">links alerts</span>}
                </td>
                <td>{[...e.roles].join(', ')}</td>
                <td className="num">{e.alerts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Affected assets from the inventory: how critical, which regulated data they hold. */
export function AssetsSection({ assets }: { assets: readonly AssetContext[] }) {
  const sorted = [...assets].sort((a, b) => b.criticality - a.criticality || a.hostname.localeCompare(b.hostname));
  return (
    <section className="panel" aria-labelledby="assets-title">
      <h2 id="assets-title">Affected assets</h2>
      {sorted.length === 0 ? (
        <p className="muted">No inventory asset matches these alerts.</p>
      ) : (
        <table className="grid compact-grid">
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col">Criticality</th>
              <th scope="col">Data classes</th>
              <th scope="col">Service</th>
              <th scope="col">Owner</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((a) => (
              <tr key={a.assetId}>
                <td className="mono">{a.hostname}</td>
                <td>
                  <span className={`crit crit-${a.criticality}`} role="img" aria-label={`criticality ${a.criticality} of 5`}>
                    {'■'.repeat(a.criticality)}
                    <span className="crit-off">{'■'.repeat(Math.max(0, 5 - a.criticality))}</span>
                  </span>{' '}
                  {a.criticality}/5
                </td>
                <td>
                  {a.dataClasses.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    a.dataClasses.map((c) => (
                      <span key={c} className={`chip chip-${c.toLowerCase()}`}>
                        {c.toUpperCase()}
                      </span>
                    ))
                  )}
                </td>
                <td>{a.businessService ?? '—'}</td>
                <td>{a.owner ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Why this priority, and what triage thought (score and reasons) when it has scored the incident. */
export function WhySection({ incident, timeline }: { incident: Incident; timeline: readonly TimelineEvent[] }) {
  const ai = [...timeline].reverse().find((e) => e.actor.kind === 'ai');
  const aiReasons = reasonsOf(ai?.data['reasons']);
  return (
    <section className="panel" aria-labelledby="why-title">
      <h2 id="why-title">Why {incident.priority.toUpperCase()}</h2>
      <ul className="reasons">
        {incident.priorityReasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <h3>Triage</h3>
      {incident.triageScore === null ? (
        <p className="muted">Not scored by triage.</p>
      ) : (
        <div className="triage">
          <meter min={0} max={1} low={0.3} high={0.7} optimum={0} value={incident.triageScore} aria-label="likelihood malicious" />
          <span className="triage-score">{Math.round(incident.triageScore * 100)}% likely malicious</span>
          {ai !== undefined && (
            <p className="muted">
              {ai.actor.name}, {formatTime(ai.at, undefined)}
            </p>
          )}
          {aiReasons.length > 0 && (
            <ul className="reasons">
              {aiReasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function reasonsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((r) => (typeof r === 'string' ? r : typeof r === 'object' && r !== null && 'text' in r ? String((r as { text: unknown }).text) : JSON.stringify(r)));
}
