import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Fetches again, keeping the current data on screen until the new answer arrives (no flicker). */
  readonly reload: () => Promise<void>;
}

/** Loads `load()` when `key` changes; a newer request always wins over an older one still in flight. */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean; key: string }>({ data: undefined, error: undefined, loading: true, key });
  const loader = useRef(load);
  loader.current = load;
  const current = useRef<AbortController | undefined>(undefined);

  const reload = useCallback(async () => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await loader.current(controller.signal);
      if (!controller.signal.aborted) setState({ data, error: undefined, loading: false, key });
    } catch (error) {
      if (!controller.signal.aborted) setState((s) => ({ data: s.key === key ? s.data : undefined, error, loading: false, key }));
    }
  }, [key]);

  useEffect(() => {
    void reload();
    return () => current.current?.abort();
  }, [reload]);

  // Data from another key (another incident, another tenant) is never shown as this one's.
  const fresh = state.key === key;
  return { data: fresh ? state.data : undefined, error: fresh ? state.error : undefined, loading: !fresh || state.loading, reload };
}
