/** A counting semaphore: at most `size` handlers run at once; `idle()` resolves when none runs. */
export class Slots {
  private readonly size: number;
  private used = 0;
  private readonly waiting: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(size: number) {
    this.size = size;
  }

  get inUse(): number {
    return this.used;
  }

  get full(): boolean {
    return this.used >= this.size;
  }

  acquire(): Promise<void> {
    if (this.used < this.size) {
      this.used++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) {
      next(); // the slot passes straight to the next waiter
      return;
    }
    this.used--;
    if (this.used === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  idle(): Promise<void> {
    if (this.used === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
