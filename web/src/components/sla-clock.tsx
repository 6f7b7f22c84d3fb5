import { formatDuration } from '../lib/format.ts';
import { useNow } from '../lib/ticker.ts';

/** A live countdown to an SLA deadline; overdue clocks count up in red. */
export function SlaClock({ due, what, stopped }: { due: number; what: 'ack' | 'resolve'; stopped?: boolean }) {
  const now = useNow();
  if (stopped === true) return <span className="clock stopped">—</span>;
  const left = (due - now) / 1000;
  const state = left < 0 ? 'breached' : left < 300 ? 'soon' : 'ok';
  const label = what === 'ack' ? 'to acknowledge' : 'to resolve';
  return (
    <span className={`clock clock-${state}`} title={`${label}: due ${new Date(due).toLocaleString()}`}>
      {left < 0 ? `overdue ${formatDuration(-left)}` : formatDuration(left)}
      <span className="clock-what"> {what}</span>
    </span>
  );
}
