import type { NoticeKind } from '../app-context.ts';

export interface Notice {
  readonly id: number;
  readonly kind: NoticeKind;
  readonly text: string;
}

/** Messages for the user: errors are announced assertively and stay until dismissed. */
export function Notices({ notices, dismiss }: { notices: readonly Notice[]; dismiss: (id: number) => void }) {
  const urgent = notices.filter((n) => n.kind === 'error' || n.kind === 'warning');
  const calm = notices.filter((n) => n.kind !== 'error' && n.kind !== 'warning');
  const item = (n: Notice) => (
    <li key={n.id} className={`notice notice-${n.kind}`}>
      <span>{n.text}</span>
      <button type="button" className="link" onClick={() => { dismiss(n.id); }} aria-label="Dismiss">
        ×
      </button>
    </li>
  );
  return (
    <div className="notices">
      <ul role="alert" aria-live="assertive">
        {urgent.map(item)}
      </ul>
      <ul role="status" aria-live="polite">
        {calm.map(item)}
      </ul>
    </div>
  );
}
