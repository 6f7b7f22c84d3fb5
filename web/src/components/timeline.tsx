import { useState, type RefObject, type SubmitEvent } from 'react';
import { describeError } from '../api/client.ts';
import type { Incident, TimelineEvent } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { formatFull, formatTime } from '../lib/format.ts';
import { describeEvent, eventDetails, eventNote } from '../lib/timeline-text.ts';
import { ActorBadge } from './badges.tsx';

interface Props {
  readonly incident: Incident;
  readonly events: readonly TimelineEvent[];
  readonly name: (userId: string) => string;
  readonly onCommented: () => void;
  readonly commentRef: RefObject<HTMLTextAreaElement | null>;
}

/** The full, append-only history, newest first, with who or what did each thing (human, automation, AI). */
export function Timeline({ incident, events, name, onCommented, commentRef }: Props) {
  const { api, tenant, notify } = useApp();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [kinds, setKinds] = useState<'all' | 'human' | 'machine'>('all');

  const submit = async (event?: SubmitEvent) => {
    event?.preventDefault();
    if (text.trim() === '') return;
    setSending(true);
    try {
      await api.post(`/api/v1/incidents/${incident.id}/comment`, { text });
      setText('');
      setError(undefined);
      notify('success', 'Comment added');
      onCommented();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setSending(false);
    }
  };

  const shown = [...events]
    .filter((e) => kinds === 'all' || (kinds === 'human' ? e.actor.kind === 'human' : e.actor.kind !== 'human'))
    .sort((a, b) => b.seq - a.seq);
  return (
    <section className="panel timeline" aria-labelledby="timeline-title">
      <div className="panel-head">
        <h2 id="timeline-title">Timeline</h2>
        <label className="compact">
          Show
          <select value={kinds} onChange={(e) => { setKinds(e.target.value as typeof kinds); }}>
            <option value="all">Everything ({events.length})</option>
            <option value="human">People</option>
            <option value="machine">Automation and AI</option>
          </select>
        </label>
      </div>
      <form onSubmit={(e) => void submit(e)} className="comment-form">
        <label htmlFor="comment-box">
          Comment <kbd>m</kbd>
        </label>
        <textarea
          id="comment-box"
          ref={commentRef}
          value={text}
          rows={3}
          placeholder="What you found, what you did, what the next shift should know (Ctrl+Enter sends)"
          onChange={(e) => { setText(e.target.value); }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
            if (e.key === 'Escape') e.currentTarget.blur();
          }}
        />
        {error !== undefined && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={sending || text.trim() === ''}>
          {sending ? 'Sending…' : 'Add comment'}
        </button>
      </form>
      <ol className="events">
        {shown.map((event) => {
          const note = eventNote(event);
          const details = eventDetails(event);
          return (
            <li key={event.seq} className={`event event-${event.actor.kind}`} data-type={event.type}>
              <div className="event-head">
                <time dateTime={new Date(event.at).toISOString()} title={formatFull(event.at, tenant.timeZone)}>
                  {formatTime(event.at, tenant.timeZone)}
                </time>
                <ActorBadge kind={event.actor.kind} />
                <span className="actor-name">{event.actor.name}</span>
              </div>
              <p className="event-what">{describeEvent(event, name)}</p>
              {note !== undefined && <blockquote className="event-note">{note}</blockquote>}
              {details.length > 0 && (
                <dl className="event-data">
                  {details.map(([k, v]) => (
                    <div key={k}>
                      <dt>{k}</dt>
                      <dd>{v}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
