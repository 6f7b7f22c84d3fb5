/**
 * Collects lines and hands them over in batches: when `maxLines` are waiting, or `maxDelayMs` after the
 * first line of a batch. One delivery at a time; `onBusy(true)` while one is pending lets a TCP connection
 * pause its socket (backpressure), `onBusy(false)` resumes it.
 */
export interface LineBatcherOptions<T> {
  readonly maxLines: number;
  readonly maxDelayMs: number;
  readonly deliver: (items: readonly T[]) => Promise<void>;
  /** Called when a delivery fails; the batch is not retried (syslog has no way to ask the sender again). */
  readonly onError: (err: unknown, items: readonly T[]) => void;
  readonly onBusy?: (busy: boolean) => void;
}

export class LineBatcher<T> {
  private readonly o: LineBatcherOptions<T>;
  private queue: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(options: LineBatcherOptions<T>) {
    this.o = options;
  }

  /** Lines waiting, not counting a delivery in progress. */
  get waiting(): number {
    return this.queue.length;
  }

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  add(item: T): void {
    this.queue.push(item);
    if (this.queue.length >= this.o.maxLines) this.flush();
    else this.arm();
  }

  /** Delivers what is waiting now (or as soon as the current delivery ends). */
  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.inFlight !== undefined || this.queue.length === 0) return;
    const items = this.queue.splice(0, this.o.maxLines);
    this.o.onBusy?.(true);
    this.inFlight = this.o
      .deliver(items)
      .catch((err: unknown) => {
        this.o.onError(err, items);
      })
      .finally(() => {
        this.inFlight = undefined;
        if (this.queue.length >= this.o.maxLines) this.flush();
        else {
          this.arm();
          this.o.onBusy?.(false);
        }
      });
  }

  /** Starts the batch timer if lines wait and none runs (a timer firing mid-delivery is re-armed after it). */
  private arm(): void {
    if (this.queue.length === 0 || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.o.maxDelayMs);
  }

  /** Delivers everything waiting and resolves when no delivery is pending. */
  async drain(): Promise<void> {
    for (;;) {
      this.flush();
      const current = this.inFlight;
      if (current === undefined) return;
      await current;
    }
  }
}
