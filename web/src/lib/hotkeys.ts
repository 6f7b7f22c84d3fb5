import { useEffect, useRef } from 'react';

export type HotkeyMap = Readonly<Record<string, (event: KeyboardEvent) => void>>;

/** True when the key belongs to what the user is typing into, not to the page's shortcuts. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/**
 * Single-key shortcuts (j, k, a, /, ?) for the page. Keys are ignored while typing in a field, while
 * a modal dialog is open, and with Ctrl/Alt/Meta held, so the browser's own shortcuts still work.
 */
export function useHotkeys(map: HotkeyMap, enabled = true): void {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (typing(event.target) || document.querySelector('dialog[open]') !== null) return;
      const handler = ref.current[event.key];
      if (handler === undefined) return;
      event.preventDefault();
      handler(event);
    };
    window.addEventListener('keydown', onKey);
    return () => { window.removeEventListener('keydown', onKey); };
  }, [enabled]);
}
