import { Modal } from './modal.tsx';

const KEYS: readonly { section: string; keys: readonly [string, string][] }[] = [
  { section: 'Anywhere', keys: [['1 · 2 · 3', 'Queue · On shift · Overview'], ['?', 'This help'], ['Esc', 'Close a dialog']] },
  {
    section: 'Queue',
    keys: [
      ['j / k', 'Next / previous incident'],
      ['Enter or o', 'Open the selected incident'],
      ['a', 'Acknowledge'],
      ['t', 'Take (assign to me)'],
      ['A (Shift+a)', 'Assign to an analyst on duty'],
      ['s', 'Start (in progress)'],
      ['e', 'Escalate with a note'],
      ['c', 'Close with a verdict'],
      ['/', 'Find in the queue'],
      ['r', 'Reload'],
    ],
  },
  {
    section: 'Incident',
    keys: [
      ['a · t · s · A', 'Acknowledge · take · start · assign'],
      ['e · x · c', 'Escalate · contain · close'],
      ['m', 'Write a comment (Ctrl+Enter sends)'],
      ['u or Backspace', 'Back to the queue'],
    ],
  },
];

export function HelpDialog({ onClose }: { onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} wide>
      <div className="help-grid">
        {KEYS.map((group) => (
          <section key={group.section}>
            <h3>{group.section}</h3>
            <dl className="keys">
              {group.keys.map(([key, what]) => (
                <div key={key}>
                  <dt>
                    <kbd>{key}</kbd>
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="form-buttons">
        <button type="button" className="primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Modal>
  );
}
