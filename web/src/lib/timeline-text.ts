import type { TimelineEvent } from '../api/types.ts';
import { VERDICT_LABEL } from '../api/vocab.ts';
import { humanize } from './format.ts';

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
/** A scalar as text; anything else as JSON (never "[object Object]"). */
const text = (value: unknown, fallback = '?'): string =>
  value === undefined || value === null ? fallback : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);

/** One readable line for a timeline event; notes and comments are shown separately by the caller. */
export function describeEvent(event: TimelineEvent, name: (userId: string) => string): string {
  const d = event.data;
  const who = (key: string) => (str(d[key]) === undefined ? 'nobody' : name(String(d[key])));
  switch (event.type) {
    case 'created': {
      const split = d['splitFrom'];
      const n = typeof d['alertCount'] === 'number' ? ` with ${d['alertCount']} alert${d['alertCount'] === 1 ? '' : 's'}` : '';
      const prio = str(d['priority']) === undefined ? '' : ` as ${String(d['priority']).toUpperCase()}`;
      return typeof split === 'number' ? `Opened${n}, split from INC-${split}` : `Opened${n}${prio}`;
    }
    case 'priority_changed':
      return `Priority ${text(d['from']).toUpperCase()} → ${text(d['to']).toUpperCase()}`;
    case 'alerts_grouped': {
      const n = Array.isArray(d['alertIds']) ? d['alertIds'].length : typeof d['count'] === 'number' ? d['count'] : undefined;
      return n === undefined ? 'Grouped alerts into it' : `Grouped ${n} alert${n === 1 ? '' : 's'} into it`;
    }
    case 'assigned':
      return `Assigned to ${who('assigneeId')}${str(d['reason']) === undefined ? '' : ` (${String(d['reason'])})`}`;
    case 'unassigned':
      return `Left unassigned${str(d['reason']) === undefined ? '' : `: ${String(d['reason'])}`}`;
    case 'acknowledged':
      return 'Acknowledged';
    case 'status_changed':
      return `Status ${humanize(text(d['from']))} → ${humanize(text(d['to']))}`;
    case 'escalated':
      return `Escalated ${text(d['from'], '').toUpperCase()} → ${text(d['to'], '').toUpperCase()}`;
    case 'commented':
      return 'Commented';
    case 'contained':
      return 'Recorded a containment step';
    case 'closed': {
      const verdict = str(d['verdict']);
      return `Closed as ${verdict !== undefined && verdict in VERDICT_LABEL ? VERDICT_LABEL[verdict as keyof typeof VERDICT_LABEL].toLowerCase() : (verdict ?? '?')}`;
    }
    case 'reopened':
      return 'Reopened';
    case 'merged':
      return `Merged ${Array.isArray(d['from']) ? d['from'].map((n) => `INC-${String(n)}`).join(', ') : 'other incidents'} into this one`;
    case 'merged_into':
      return `Merged into INC-${text(d['into'])}`;
    case 'split':
      return `Split ${Array.isArray(d['alertIds']) ? d['alertIds'].length : 'some'} alert(s) out into a new incident`;
    case 'linked':
      return `Linked to INC-${text(d['other'])}`;
    case 'handover_flagged':
      return 'Flagged for shift hand-over';
    default:
      return humanize(event.type);
  }
}

/** The free text a person wrote with the event (comment, note), if any. */
export function eventNote(event: TimelineEvent): string | undefined {
  return str(event.data['text']) ?? str(event.data['note']);
}

// Shown in the line itself, or bookkeeping the reader does not need (ids, due times shown elsewhere).
const SHOWN = new Set(['text', 'note', 'reason', 'assigneeId', 'from', 'to', 'verdict', 'into', 'other', 'otherId', 'splitFrom', 'alertCount', 'alertIds', 'count', 'priority', 'priorityReasons', 'ackDueAt', 'resolveDueAt', 'first', 'previousVerdict']);

/** The rest of the event's data, as key: value pairs, so nothing the server recorded is hidden. */
export function eventDetails(event: TimelineEvent): readonly [string, string][] {
  return Object.entries(event.data)
    .filter(([key, value]) => !SHOWN.has(key) && value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]);
}
