import { useEffect } from 'react';
import { describeError } from '../api/client.ts';
import type { Analyst, OnDutyItem, Tier } from '../api/types.ts';
import { TIER_LABEL, TIERS } from '../api/vocab.ts';
import { useApp, useLiveChanges } from '../app-context.ts';
import { useCoalesced } from '../lib/use-coalesced.ts';
import { formatDuration, formatTime } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { useNow } from '../lib/ticker.ts';

interface Roster {
  readonly duty: readonly OnDutyItem[];
  readonly analysts: readonly Analyst[];
  readonly queues: Readonly<Record<string, { total: number; unassigned: number }>>;
}

/** Who is on duty now in each tier, when their shift ends, and how much open work each holds. */
export function OnShiftPage() {
  const { api, tenant } = useApp();
  const roster = useResource(async (signal): Promise<Roster> => {
    const [duty, analysts, queues] = await Promise.all([
      api.get<{ items: OnDutyItem[] }>('/api/v1/on-duty', {}, signal),
      api.get<{ items: Analyst[] }>('/api/v1/analysts', {}, signal),
      api.get<{ queues: Roster['queues'] }>('/api/v1/queues', {}, signal),
    ]);
    return { duty: duty.items, analysts: analysts.items, queues: queues.queues };
  }, tenant.id);

  // Load changes with assignments and closes; shifts change on the clock, so also once a minute.
  const { reload } = roster;
  const refresh = useCoalesced(reload, 3_000);
  useEffect(() => {
    const timer = window.setInterval(refresh, 60_000);
    return () => {
      window.clearInterval(timer);
    };
  }, [refresh]);
  useLiveChanges(refresh);

  if (roster.error !== undefined && roster.data === undefined) {
    return (
      <p className="inline-error" role="alert">
        Could not load who is on shift: {describeError(roster.error)}
      </p>
    );
  }
  if (roster.data === undefined) return <p className="empty">Loading who is on shift…</p>;
  const names = new Map(roster.data.analysts.map((a) => [a.userId, a.name]));
  const maxLoad = Math.max(1, ...roster.data.duty.map((d) => d.load));
  return (
    <section aria-labelledby="shift-title" className="on-shift">
      <h1 id="shift-title">On shift now</h1>
      <div className="tiers">
        {TIERS.map((tier) => (
          <TierCard key={tier} tier={tier} people={roster.data?.duty.filter((d) => d.tier === tier) ?? []} names={names} maxLoad={maxLoad} queue={roster.data?.queues[tier]} timeZone={tenant.timeZone} />
        ))}
      </div>
    </section>
  );
}

function TierCard({ tier, people, names, maxLoad, queue, timeZone }: { tier: Tier; people: readonly OnDutyItem[]; names: ReadonlyMap<string, string>; maxLoad: number; queue: { total: number; unassigned: number } | undefined; timeZone: string }) {
  const now = useNow();
  if (people.length === 0 && tier === 'mssp' && (queue?.total ?? 0) === 0) return null;
  const sorted = [...people].sort((a, b) => b.load - a.load);
  return (
    <section className="panel tier-card" aria-labelledby={`tier-${tier}`}>
      <h2 id={`tier-${tier}`}>
        {TIER_LABEL[tier]} <span className="muted">{people.length} on duty</span>
      </h2>
      <p className="muted">
        Queue: {queue?.total ?? 0} open, {queue?.unassigned ?? 0} unassigned
      </p>
      {sorted.length === 0 ? (
        <p className="banner warning">Nobody of tier {TIER_LABEL[tier]} is on duty now.</p>
      ) : (
        <table className="grid compact-grid">
          <thead>
            <tr>
              <th scope="col">Analyst</th>
              <th scope="col">Shift ends</th>
              <th scope="col" className="num">
                Open
              </th>
              <th scope="col">Load</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((d) => {
              const ends = Date.parse(d.shiftEndsAt);
              return (
                <tr key={d.userId}>
                  <td>{names.get(d.userId) ?? d.userId}</td>
                  <td>
                    {formatTime(ends, timeZone)} <span className="muted">(in {formatDuration(Math.max(0, (ends - now) / 1000))})</span>
                  </td>
                  <td className="num">{d.openIncidents}</td>
                  <td>
                    <span className="load-bar" role="img" aria-label={`load ${d.load}`}>
                      <span style={{ width: `${Math.round((d.load / maxLoad) * 100)}%` }} />
                    </span>{' '}
                    {d.load}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
