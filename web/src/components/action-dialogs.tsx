import { useEffect, useState, type ReactNode, type SubmitEvent } from 'react';
import { ApiError, describeError } from '../api/client.ts';
import type { Incident, OnDutyItem, Analyst, Tier, Verdict } from '../api/types.ts';
import { TIER_LABEL, TIERS, VERDICT_LABEL, VERDICTS } from '../api/vocab.ts';
import { useApp } from '../app-context.ts';
import { incidentRef } from '../lib/format.ts';
import { Modal } from './modal.tsx';

export const DIALOG_ACTIONS = ['assign', 'escalate', 'contain', 'close', 'reopen', 'merge', 'split', 'link'] as const;
export type DialogAction = (typeof DIALOG_ACTIONS)[number];
export type DirectAction = 'acknowledge' | 'start' | 'take';

const TITLES: Readonly<Record<DialogAction, string>> = {
  assign: 'Assign',
  escalate: 'Escalate',
  contain: 'Record containment',
  close: 'Close with a verdict',
  reopen: 'Reopen',
  merge: 'Merge incidents into this one',
  split: 'Split alerts into a new incident',
  link: 'Link a related incident',
};

interface Options {
  /** Called after a successful change (the caller refetches what it shows). */
  readonly onChanged: () => void;
  /** Reload after a conflict: someone else changed the incident. */
  readonly reload: () => void;
  /** Alerts chosen for a split. */
  readonly selectedAlerts?: readonly string[];
}

/**
 * Every action on an incident, from the keyboard or the mouse: the quick ones run at once, the others
 * open a small form. The version read is sent with each change; a 409 reloads and says why, a 403
 * shows the server's reason (e.g. a P1 needs a T2 to close).
 */
export function useIncidentActions(options: Options): {
  run: (action: DirectAction | DialogAction, incident: Incident) => void;
  dialog: ReactNode;
  busy: boolean;
} {
  const { api, notify, session } = useApp();
  const [open, setOpen] = useState<{ action: DialogAction; incident: Incident } | undefined>();
  const [busy, setBusy] = useState(false);

  // Most actions answer with the incident, split with both halves: callers refetch, so the answer is not used.
  const post = async (incident: Incident, action: string, body: Record<string, unknown>): Promise<void> => {
    await api.post<unknown>(`/api/v1/incidents/${incident.id}/${action}`, body);
  };

  const failed = (incident: Incident, error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.status === 401) return 'Your session expired: sign in again, then retry.';
      if (error.status === 409) {
        options.reload();
        return error.isConflict ? `${incidentRef(incident.number)} was changed by someone else: it has been reloaded, check it and try again.` : `${error.message} (reloaded)`;
      }
    }
    return describeError(error);
  };

  const direct = async (action: DirectAction, incident: Incident) => {
    setBusy(true);
    try {
      if (action === 'take') await post(incident, 'assign', { assignee: 'me', version: incident.version });
      else await post(incident, action, { version: incident.version });
      notify('success', `${incidentRef(incident.number)} ${action === 'take' ? `taken by ${session.user.name}` : action === 'start' ? 'in progress' : 'acknowledged'}`);
      options.onChanged();
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      notify(status === 409 ? 'warning' : 'error', failed(incident, error));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (incident: Incident, action: DialogAction, body: Record<string, unknown>, done: string): Promise<string | undefined> => {
    try {
      await post(incident, action, body);
      notify('success', done);
      setOpen(undefined);
      options.onChanged();
      return undefined;
    } catch (error) {
      return failed(incident, error);
    }
  };

  const run = (action: DirectAction | DialogAction, incident: Incident) => {
    if (action === 'acknowledge' || action === 'start' || action === 'take') void direct(action, incident);
    else setOpen({ action, incident });
  };

  const dialog =
    open === undefined ? null : (
      <Modal title={`${TITLES[open.action]}: ${incidentRef(open.incident.number)}`} onClose={() => { setOpen(undefined); }} wide={open.action === 'merge'}>
        <ActionForm action={open.action} incident={open.incident} selectedAlerts={options.selectedAlerts ?? []} submit={submit} cancel={() => { setOpen(undefined); }} />
      </Modal>
    );
  return { run, dialog, busy };
}

interface FormProps {
  readonly action: DialogAction;
  readonly incident: Incident;
  readonly selectedAlerts: readonly string[];
  readonly submit: (incident: Incident, action: DialogAction, body: Record<string, unknown>, done: string) => Promise<string | undefined>;
  readonly cancel: () => void;
}

function ActionForm({ action, incident, selectedAlerts, submit, cancel }: FormProps) {
  const { api } = useApp();
  const ref = incidentRef(incident.number);
  const [note, setNote] = useState('');
  const [verdict, setVerdict] = useState<Verdict | ''>('');
  const [tier, setTier] = useState<Tier | ''>('');
  const [other, setOther] = useState('');
  const [assignee, setAssignee] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const [people, setPeople] = useState<readonly { userId: string; label: string }[] | undefined>();

  useEffect(() => {
    if (action !== 'assign') return undefined;
    let live = true;
    Promise.all([api.get<{ items: OnDutyItem[] }>('/api/v1/on-duty'), api.get<{ items: Analyst[] }>('/api/v1/analysts')]).then(
      ([duty, analysts]) => {
        const names = new Map(analysts.items.map((a) => [a.userId, a.name]));
        if (live) setPeople(duty.items.map((d) => ({ userId: d.userId, label: `${names.get(d.userId) ?? d.userId} (${TIER_LABEL[d.tier]}, ${d.openIncidents} open)` })));
      },
      (e: unknown) => {
        if (live) setError(describeError(e));
      },
    );
    return () => {
      live = false;
    };
  }, [action, api]);

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const refs = other.split(/[\s,]+/).filter((s) => s !== '');
    let body: Record<string, unknown>;
    let done: string;
    switch (action) {
      case 'assign':
        body = { assignee, version: incident.version };
        done = `${ref} assigned`;
        break;
      case 'escalate':
        body = { note, version: incident.version, ...(tier === '' ? {} : { toTier: tier }) };
        done = `${ref} escalated`;
        break;
      case 'contain':
        body = { note, version: incident.version };
        done = `${ref}: containment recorded`;
        break;
      case 'close':
        if (verdict === '') { setError('Choose a verdict.'); return; }
        body = { verdict, note, version: incident.version };
        done = `${ref} closed as ${VERDICT_LABEL[verdict].toLowerCase()}`;
        break;
      case 'reopen':
        body = { note, version: incident.version };
        done = `${ref} reopened`;
        break;
      case 'merge':
        body = { from: refs, note };
        done = `${refs.join(', ')} merged into ${ref}`;
        break;
      case 'split':
        body = { alertIds: selectedAlerts, note };
        done = `${selectedAlerts.length} alert(s) split out of ${ref}`;
        break;
      case 'link':
        body = { other: other.trim(), note };
        done = `${ref} linked to ${other.trim()}`;
        break;
    }
    setSending(true);
    setError(await submit(incident, action, body, done));
    setSending(false);
  };

  const needsNote = action !== 'assign';
  return (
    <form onSubmit={(e) => void onSubmit(e)} className="action-form">
      {action === 'close' && (
        <label>
          Verdict
          <select required value={verdict} onChange={(e) => { setVerdict(e.target.value as Verdict | ''); }} autoFocus name="verdict">
            <option value="">Choose…</option>
            {VERDICTS.map((v) => (
              <option key={v} value={v}>
                {VERDICT_LABEL[v]}
              </option>
            ))}
          </select>
        </label>
      )}
      {action === 'escalate' && (
        <label>
          To tier
          <select value={tier} onChange={(e) => { setTier(e.target.value as Tier | ''); }} name="tier">
            <option value="">Next tier up</option>
            {TIERS.filter((t) => t !== 'mssp').map((t) => (
              <option key={t} value={t}>
                {TIER_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
      )}
      {action === 'assign' && (
        <label>
          Analyst on duty
          <select required value={assignee} onChange={(e) => { setAssignee(e.target.value); }} autoFocus name="assignee">
            <option value="">{people === undefined ? 'Loading who is on duty…' : people.length === 0 ? 'Nobody is on duty' : 'Choose…'}</option>
            {(people ?? []).map((p) => (
              <option key={p.userId} value={p.userId}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {(action === 'merge' || action === 'link') && (
        <label>
          {action === 'merge' ? 'Incidents to merge in (e.g. INC-4, INC-9)' : 'Related incident (e.g. INC-7)'}
          <input required value={other} onChange={(e) => { setOther(e.target.value); }} autoFocus name="other" autoComplete="off" />
        </label>
      )}
      {action === 'split' && <p>{selectedAlerts.length === 0 ? 'Select the alerts to move in the alert list first.' : `${selectedAlerts.length} selected alert(s) will move to a new incident.`}</p>}
      {needsNote && (
        <label>
          {action === 'escalate' ? 'Note for the next tier (required)' : 'Note (required)'}
          <textarea required value={note} onChange={(e) => { setNote(e.target.value); }} rows={4} name="note" autoFocus={action !== 'close' && action !== 'merge' && action !== 'link'} />
        </label>
      )}
      {error !== undefined && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-buttons">
        <button type="button" onClick={cancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={sending || (action === 'split' && selectedAlerts.length === 0)}>
          {sending ? 'Sending…' : TITLES[action]}
        </button>
      </div>
    </form>
  );
}
