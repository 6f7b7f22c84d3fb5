/**
 * Runs `task` at most once per `minIntervalMs`, however often `trigger()` is called, and never two at
 * once: a burst of live changes becomes one refetch now and at most one more after it (no polling storm).
 */
export function coalesce(task: () => Promise<unknown>, minIntervalMs: number): { trigger: () => void; cancel: () => void } {
  let lastStart = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let pending = false;
  let cancelled = false;

  const run = (): void => {
    timer = undefined;
    if (cancelled) return;
    running = true;
    pending = false;
    lastStart = performance.now();
    void task()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (pending) schedule();
      });
  };
  const schedule = (): void => {
    if (cancelled || timer !== undefined) return;
    if (running) {
      pending = true;
      return;
    }
    const wait = Math.max(0, lastStart + minIntervalMs - performance.now());
    timer = setTimeout(run, wait);
  };
  return {
    trigger: schedule,
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}
