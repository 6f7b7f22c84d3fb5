import { useCallback, useEffect, useRef } from 'react';
import { coalesce } from './coalesce.ts';

/**
 * `coalesce` for a component: a stable trigger that refetches at most once per `minIntervalMs`. The
 * scheduler lives in an effect, so a remount (StrictMode, a new `task`) gets a fresh one.
 */
export function useCoalesced(task: () => Promise<unknown>, minIntervalMs: number): () => void {
  const current = useRef<{ trigger: () => void } | undefined>(undefined);
  useEffect(() => {
    const scheduler = coalesce(task, minIntervalMs);
    current.current = scheduler;
    return () => {
      scheduler.cancel();
      current.current = undefined;
    };
  }, [task, minIntervalMs]);
  return useCallback(() => current.current?.trigger(), []);
}
