import { useMemo, useRef, useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';
import type { Analyst, IncidentDetail } from '../api/types.ts';
import { BAND_LABEL, VERDICT_LABEL } from '../api/vocab.ts';
import { useApp, useLiveChanges } from '../app-context.ts';
import { useIncidentActions, type DialogAction, type DirectAction } from '../components/action-dialogs.tsx';
import { PriorityBadge, StatusBadge, TierBadge } from '../components/badges.tsx';
import { AlertsSection, AssetsSection, EntitiesSection, WhySection } from '../components/incident-sections.tsx';
import { SlaClock } from '../components/sla-clock.tsx';
import { Timeline } from '../components/timeline.tsx';
import { useCoalesced } from '../lib/use-coalesced.ts';
import { formatFull, formatTime, incidentRef } from '../lib/format.ts';
import { useHotkeys } from '../lib/hotkeys.ts';
import { useResource } from '../lib/resource.ts';
import { navigate, onLinkClick } from '../lib/router.ts';

export function IncidentPage({ reference }: { reference: string }) {
  const { api, tenant, session, announce } = useApp();
  const detail = useResource((signal) => api.get<IncidentDetail>(`/api/v1/incidents/${encodeURIComponent(reference)}`, {}, signal), `${tenant.id}|${reference}`);
  const analysts = useResource((signal) => api.get<{ items: Analyst[] }>('/api/v1/analysts', {}, signal), tenant.id);
  const names = useMemo(() => {
    const map = new Map((analysts.data?.items ?? []).map((a) => [a.userId, a.name]));
    map.set(session.user.id, session.user.name);
    return map;
  }, [analysts.data, session.user]);
  const name = (id: string) => names.get(id) ?? id;

  const { reload } = detail;
  const refresh = useCoalesced(reload, 500);
  const incident = detail.data?.incident;
  useLiveChanges((change) => {
    if (change.type === 'resync' || change.incidentId === incident?.id) {
      refresh();
      if (change.type !== 'resync') announce(`${incidentRef(change.number)} updated: ${change.type.replaceAll('_', ' ')}`);
    }
  });

  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) => { setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    }); };
  const actions = useIncidentActions({
    onChanged: () => {
      setSelected(new Set());
      void reload();
    },
    reload: () => void reload(),
    selectedAlerts: [...selected],
  });
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const act = (a: DirectAction | DialogAction) => {
    if (incident !== undefined) actions.run(a, incident);
  };
  useHotkeys({
    a: () => { act('acknowledge'); },
    t: () => { act('take'); },
    A: () => { act('assign'); },
    s: () => { act('start'); },
    e: () => { act('escalate'); },
    c: () => { act('close'); },
    x: () => { act('contain'); },
    m: () => commentRef.current?.focus(),
    u: () => { navigate('/queue'); },
    Backspace: () => { navigate('/queue'); },
    r: () => void reload(),
  });

  if (detail.error !== undefined && detail.data === undefined) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <section className="panel" role="alert">
        <h1>{missing ? `${reference} not found` : `Could not load ${reference}`}</h1>
        <p>{missing ? 'It does not exist in this tenant (or you switched tenants).' : describeError(detail.error)}</p>
        <p>
          <a href="/queue" onClick={onLinkClick}>
            Back to the queue
          </a>{' '}
          {!missing && (
            <button type="button" onClick={() => void reload()}>
              Retry
            </button>
          )}
        </p>
      </section>
    );
  }
  if (detail.data === undefined || incident === undefined) return <p className="empty">Loading {reference}…</p>;
  const { alerts, assets, timeline, alertsShown } = detail.data;
  const ref = incidentRef(incident.number);
  const open = incident.status !== 'resolved';
  return (
    <article className="incident" aria-labelledby="incident-title" data-status={incident.status} data-version={incident.version}>
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href="/queue" onClick={onLinkClick}>
          ← Queue
        </a>
      </nav>
      <header className="incident-head">
        <h1 id="incident-title">
          <PriorityBadge priority={incident.priority} /> {ref} <span className="incident-title">{incident.title}</span>
        </h1>
        {incident.mergedInto !== null && (
          <p className="banner warning">
            Merged into{' '}
            <a href={`/incidents/${incident.mergedInto}`} onClick={onLinkClick}>
              another incident
            </a>
            : it takes no more alerts.
          </p>
        )}
        <dl className="facts">
          <div>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={incident.status} />
            </dd>
          </div>
          <div>
            <dt>Queue</dt>
            <dd>
              <TierBadge tier={incident.tier} />
            </dd>
          </div>
          <div>
            <dt>Assignee</dt>
            <dd>{incident.assigneeId === null ? <span className="muted">unassigned</span> : name(incident.assigneeId)}</dd>
          </div>
          <div>
            <dt>Acknowledge</dt>
            <dd>{incident.acknowledgedAt === null ? <SlaClock due={incident.ackDueAt} what="ack" stopped={!open} /> : `at ${formatTime(incident.acknowledgedAt, tenant.timeZone)}${incident.acknowledgedAt > incident.ackDueAt ? ' (late)' : ''}`}</dd>
          </div>
          <div>
            <dt>Resolve</dt>
            <dd>{incident.resolvedAt === null ? <SlaClock due={incident.resolveDueAt} what="resolve" /> : `at ${formatTime(incident.resolvedAt, tenant.timeZone)}`}</dd>
          </div>
          <div>
            <dt>Verdict</dt>
            <dd>{incident.verdict === null ? <span className="muted">none yet</span> : <span className="verdict">{VERDICT_LABEL[incident.verdict]}</span>}</dd>
          </div>
          <div>
            <dt>Opened</dt>
            <dd title={formatFull(incident.createdAt, tenant.timeZone)}>
              {formatTime(incident.createdAt, tenant.timeZone)} · {BAND_LABEL[incident.createdBand]}
            </dd>
          </div>
        </dl>
        <div className="toolbar" role="toolbar" aria-label={`Actions on ${ref}`}>
          {incident.status === 'new' && <ActionButton label="Acknowledge" keyName="a" onClick={() => { act('acknowledge'); }} primary disabled={actions.busy} />}
          {open && incident.assigneeId !== session.user.id && <ActionButton label="Take" keyName="t" onClick={() => { act('take'); }} disabled={actions.busy} />}
          {open && incident.status !== 'in_progress' && <ActionButton label="Start" keyName="s" onClick={() => { act('start'); }} disabled={actions.busy} />}
          {open && <ActionButton label="Assign…" keyName="A" onClick={() => { act('assign'); }} />}
          {open && <ActionButton label="Escalate…" keyName="e" onClick={() => { act('escalate'); }} />}
          {open && <ActionButton label="Contain…" keyName="x" onClick={() => { act('contain'); }} />}
          {open && <ActionButton label="Close…" keyName="c" onClick={() => { act('close'); }} primary={incident.status !== 'new'} />}
          {!open && incident.mergedInto === null && <ActionButton label="Reopen…" onClick={() => { act('reopen'); }} />}
          <span className="toolbar-gap" />
          <ActionButton label="Merge…" onClick={() => { act('merge'); }} />
          <ActionButton label={selected.size > 0 ? `Split ${selected.size}…` : 'Split…'} onClick={() => { act('split'); }} />
          <ActionButton label="Link…" onClick={() => { act('link'); }} />
        </div>
      </header>
      <div className="incident-body">
        <div className="incident-main">
          <WhySection incident={incident} timeline={timeline} />
          <AlertsSection incident={incident} alerts={alerts} shown={alertsShown} selected={selected} onToggle={toggle} />
          <AssetsSection assets={assets} />
          <EntitiesSection incident={incident} alerts={alerts} />
        </div>
        <Timeline incident={incident} events={timeline} name={name} onCommented={() => void reload()} commentRef={commentRef} />
      </div>
      {actions.dialog}
    </article>
  );
}

function ActionButton({ label, keyName, onClick, primary, disabled }: { label: string; keyName?: string; onClick: () => void; primary?: boolean; disabled?: boolean }) {
  return (
    <button type="button" className={primary === true ? 'primary' : undefined} onClick={onClick} disabled={disabled} aria-keyshortcuts={keyName}>
      {label}
      {keyName !== undefined && <kbd aria-hidden="true">{keyName}</kbd>}
    </button>
  );
}
