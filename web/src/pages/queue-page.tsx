import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Analyst, Incident, Page } from '../api/types.ts';
import { INCIDENT_STATUSES, PRIORITIES, STATUS_LABEL, TIER_LABEL, TIERS } from '../api/vocab.ts';
import { useApp, useLiveChanges } from '../app-context.ts';
import { useIncidentActions } from '../components/action-dialogs.tsx';
import { PriorityBadge, StatusBadge, TierBadge } from '../components/badges.tsx';
import { SlaClock } from '../components/sla-clock.tsx';
import { activeDue, defaultTier, queueOrder, tierLabel } from '../lib/queue-order.ts';
import { useCoalesced } from '../lib/use-coalesced.ts';
import { incidentRef } from '../lib/format.ts';
import { useHotkeys } from '../lib/hotkeys.ts';
import { useResource } from '../lib/resource.ts';
import { navigate, onLinkClick, useLocation } from '../lib/router.ts';
import { describeError } from '../api/client.ts';

const MAX_ROWS = 5_000;

export function QueuePage() {
  const { api, tenant, session, announce } = useApp();
  const { query } = useLocation();
  const tier = query.get('tier') ?? defaultTier(tenant.role);
  const status = query.get('status') ?? 'open';
  const priority = query.get('priority') ?? 'all';
  const assignee = query.get('assignee') ?? 'any';
  const [text, setText] = useState(query.get('q') ?? '');
  const filterRef = useRef<HTMLInputElement>(null);

  const setFilter = (key: string, value: string, fallback: string) => {
    const next = new URLSearchParams(query);
    if (value === fallback) next.delete(key);
    else next.set(key, value);
    const qs = next.toString();
    navigate(`/queue${qs === '' ? '' : `?${qs}`}`, { replace: true });
  };

  const listKey = `${tenant.id}|${tier}|${status}|${priority}|${assignee}`;
  const list = useResource(async (signal) => {
    const items: Incident[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.get<Page<Incident>>(
        '/api/v1/incidents',
        {
          tier: tier === 'all' ? undefined : tier,
          status: status === 'open' ? undefined : status,
          priority: priority === 'all' ? undefined : priority,
          assignee: assignee === 'any' ? undefined : assignee,
          limit: status === 'resolved' ? 200 : 1000,
          cursor,
        },
        signal,
      );
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && status !== 'resolved' && items.length < MAX_ROWS);
    return items;
  }, listKey);
  const analysts = useResource((signal) => api.get<{ items: Analyst[] }>('/api/v1/analysts', {}, signal), tenant.id);
  const names = useMemo(() => {
    const map = new Map((analysts.data?.items ?? []).map((a) => [a.userId, a.name]));
    map.set(session.user.id, session.user.name);
    return map;
  }, [analysts.data, session.user]);

  // Live: any change in this tenant refetches the list, at most once a second.
  const { reload } = list;
  const refresh = useCoalesced(reload, 1_000);
  useLiveChanges(refresh);

  // Incidents that appeared since the last load are highlighted for a few seconds and announced.
  const seen = useRef<Set<string> | undefined>(undefined);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (list.data === undefined) return undefined;
    const ids = new Set(list.data.map((i) => i.id));
    const before = seen.current;
    seen.current = ids;
    if (before === undefined) return undefined;
    const added = list.data.filter((i) => !before.has(i.id));
    if (added.length === 0) return undefined;
    setFresh(new Set(added.map((i) => i.id)));
    announce(added.length === 1 && added[0] !== undefined ? `New in the queue: ${incidentRef(added[0].number)}, ${added[0].priority.toUpperCase()}, ${added[0].title}` : `${added.length} new incidents in the queue`);
    const timer = window.setTimeout(() => { setFresh(new Set()); }, 4_000);
    return () => { window.clearTimeout(timer); };
  }, [list.data, announce]);
  useEffect(() => {
    seen.current = undefined;
  }, [listKey]);

  const rows = useMemo(() => {
    const needle = text.trim().toLowerCase();
    const all = [...(list.data ?? [])].sort(queueOrder);
    if (needle === '') return all;
    return all.filter((i) => `${incidentRef(i.number)} ${i.title} ${names.get(i.assigneeId ?? '') ?? ''}`.toLowerCase().includes(needle));
  }, [list.data, text, names]);

  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const selectedIndex = Math.max(0, rows.findIndex((r) => r.id === selectedId));
  const selected = rows[selectedIndex];
  const tableRef = useRef<HTMLTableSectionElement>(null);

  const move = useCallback(
    (delta: number) => {
      const next = rows[Math.min(rows.length - 1, Math.max(0, selectedIndex + delta))];
      if (next === undefined) return;
      setSelectedId(next.id);
      const row = tableRef.current?.querySelector<HTMLElement>(`tr[data-id="${next.id}"]`);
      row?.focus({ preventScroll: true });
      row?.scrollIntoView({ block: 'nearest' });
    },
    [rows, selectedIndex],
  );

  const actions = useIncidentActions({ onChanged: () => void reload(), reload: () => void reload() });
  const open = () => {
    if (selected !== undefined) navigate(`/incidents/${incidentRef(selected.number)}`);
  };
  const act = (name: Parameters<typeof actions.run>[0]) => {
    if (selected !== undefined) actions.run(name, selected);
  };

  useHotkeys({
    j: () => { move(1); },
    ArrowDown: () => { move(1); },
    k: () => { move(-1); },
    ArrowUp: () => { move(-1); },
    Home: () => { move(-rows.length); },
    End: () => { move(rows.length); },
    Enter: () => {
      open();
    },
    o: () => {
      open();
    },
    a: () => { act('acknowledge'); },
    t: () => { act('take'); },
    A: () => { act('assign'); },
    s: () => { act('start'); },
    e: () => { act('escalate'); },
    c: () => { act('close'); },
    r: () => void reload(),
    '/': () => filterRef.current?.focus(),
  });

  // First load with data: mark it so the browser test can measure time to interactive.
  const marked = useRef(false);
  useEffect(() => {
    if (list.data !== undefined && !marked.current) {
      marked.current = true;
      performance.mark('vigil:queue-ready');
    }
  }, [list.data]);

  const counts = useMemo(() => {
    const c = { p1: 0, p2: 0, p3: 0, p4: 0, breached: 0 };
    const now = Date.now();
    for (const i of list.data ?? []) {
      c[i.priority]++;
      if (i.status !== 'resolved' && activeDue(i).due < now) c.breached++;
    }
    return c;
  }, [list.data]);

  return (
    <section className="queue" aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">
          Queue <span className="muted">{tierLabel(tier)}</span>
        </h1>
        <p className="summary" aria-live="off">
          <span>{list.data?.length ?? '…'} incidents</span>
          {PRIORITIES.map((p) => (
            <span key={p} className={`count prio-text-${p}`}>
              {p.toUpperCase()} {counts[p]}
            </span>
          ))}
          <span className={counts.breached > 0 ? 'count breached' : 'count'}>{counts.breached} past SLA</span>
        </p>
      </div>
      <form className="filters" role="search" onSubmit={(e) => { e.preventDefault(); }}>
        <label>
          <span>
            Find <kbd>/</kbd>
          </span>
          <input
            ref={filterRef}
            type="search"
            value={text}
            placeholder="INC-12, title, analyst"
            onChange={(e) => { setText(e.target.value); }}
            onKeyDown={(e) => {
              if (e.key === 'Escape' || e.key === 'Enter') {
                e.preventDefault();
                tableRef.current?.querySelector<HTMLElement>('tr[aria-selected="true"]')?.focus();
              }
            }}
          />
        </label>
        <label>
          Tier
          <select value={tier} onChange={(e) => { setFilter('tier', e.target.value, defaultTier(tenant.role)); }}>
            <option value="all">All tiers</option>
            {[...new Set([defaultTier(tenant.role), tier])]
              .filter((t) => t.includes(','))
              .map((t) => (
                <option key={t} value={t}>
                  {tierLabel(t)}
                </option>
              ))}
            {TIERS.map((t) => (
              <option key={t} value={t}>
                {TIER_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => { setFilter('status', e.target.value, 'open'); }}>
            <option value="open">Open</option>
            {INCIDENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Priority
          <select value={priority} onChange={(e) => { setFilter('priority', e.target.value, 'all'); }}>
            <option value="all">Any</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Assignee
          <select value={assignee} onChange={(e) => { setFilter('assignee', e.target.value, 'any'); }}>
            <option value="any">Anyone</option>
            <option value="me">Me</option>
            <option value="none">Unassigned</option>
          </select>
        </label>
      </form>
      {list.error !== undefined && (
        <p className="inline-error" role="alert">
          Could not load the queue: {describeError(list.error)}{' '}
          <button type="button" onClick={() => void reload()}>
            Retry
          </button>
        </p>
      )}
      <table className="grid queue-table" aria-label="Incidents, by priority then SLA clock" aria-rowcount={rows.length} data-ready={list.data !== undefined}>
        <thead>
          <tr>
            <th scope="col">Prio</th>
            <th scope="col">Incident</th>
            <th scope="col" className="wide">
              Title
            </th>
            <th scope="col">Status</th>
            <th scope="col">Tier</th>
            <th scope="col">Assignee</th>
            <th scope="col" className="num">
              Alerts
            </th>
            <th scope="col">SLA</th>
          </tr>
        </thead>
        <tbody ref={tableRef}>
          {rows.map((incident, index) => (
            <QueueRow
              key={incident.id}
              incident={incident}
              index={index}
              selected={incident.id === selected?.id}
              fresh={fresh.has(incident.id)}
              assignee={incident.assigneeId === null ? undefined : names.get(incident.assigneeId) ?? incident.assigneeId}
              onSelect={setSelectedId}
            />
          ))}
        </tbody>
      </table>
      {list.data !== undefined && rows.length === 0 && <p className="empty">Nothing here. {text !== '' || query.toString() !== '' ? 'Try other filters.' : 'The queue is clear.'}</p>}
      {list.data === undefined && list.error === undefined && <p className="empty">Loading the queue…</p>}
      <p className="keys-hint">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>a</kbd> acknowledge · <kbd>t</kbd> take · <kbd>A</kbd> assign · <kbd>s</kbd> start · <kbd>e</kbd> escalate · <kbd>c</kbd> close · <kbd>/</kbd> find · <kbd>?</kbd> help
      </p>
      {actions.dialog}
    </section>
  );
}

interface RowProps {
  readonly incident: Incident;
  readonly index: number;
  readonly selected: boolean;
  readonly fresh: boolean;
  readonly assignee: string | undefined;
  readonly onSelect: (id: string) => void;
}

const QueueRow = memo(function QueueRow({ incident, index, selected, fresh, assignee, onSelect }: RowProps) {
  const ref = incidentRef(incident.number);
  const clock = activeDue(incident);
  return (
    <tr
      data-id={incident.id}
      data-ref={ref}
      aria-rowindex={index + 1}
      aria-selected={selected}
      tabIndex={selected ? 0 : -1}
      className={`${selected ? 'selected' : ''}${fresh ? ' fresh' : ''}${incident.handoverFlaggedAt !== null ? ' handover' : ''}`}
      onClick={() => { onSelect(incident.id); }}
      onDoubleClick={() => { navigate(`/incidents/${ref}`); }}
    >
      <td>
        <PriorityBadge priority={incident.priority} />
      </td>
      <td>
        <a href={`/incidents/${ref}`} onClick={onLinkClick} tabIndex={-1}>
          {ref}
        </a>
      </td>
      <td className="wide title-cell">{incident.title}</td>
      <td>
        <StatusBadge status={incident.status} />
      </td>
      <td>
        <TierBadge tier={incident.tier} />
      </td>
      <td>{assignee ?? <span className="muted">unassigned</span>}</td>
      <td className="num">{incident.alertCount}</td>
      <td>
        <SlaClock due={clock.due} what={clock.what} stopped={incident.status === 'resolved'} />
      </td>
    </tr>
  );
});
