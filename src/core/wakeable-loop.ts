/**
 * A background job that runs when woken and on a timer, never twice at once: a wake during a run asks
 * for one more run after it. Used by the store followers (alert router, detection).
 */
export class WakeableLoop {
  private readonly run: () => Promise<unknown>;
  private readonly onError: (error: unknown) => void;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(run: () => Promise<unknown>, onError: (error: unknown) => void = () => undefined) {
    this.run = run;
    this.onError = onError;
  }

  start(pollMs: number): void {
    this.stopped = false;
    this.timer = setInterval(() => {
      this.wake();
    }, pollMs);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running;
  }

  /** Runs now, or right after the current run. No-op until started. */
  wake(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.run()
      .then(
        () => undefined,
        (error: unknown) => {
          this.onError(error);
        },
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }
}
