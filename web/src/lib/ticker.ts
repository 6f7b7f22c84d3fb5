import { useSyncExternalStore } from 'react';

// One shared 1 s clock for every countdown on the page: one timer, however many rows are shown.
let now = Date.now();
let timer: number | undefined;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = window.setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time in ms, updated once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
