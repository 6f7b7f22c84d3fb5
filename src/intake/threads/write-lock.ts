/**
 * A lock shared by the threads that write intake to one SQLite file, and the time of the last WAL
 * checkpoint. SQLite serialises writers itself, but a writer that finds the file locked sleeps in the
 * busy handler (1, 2, 5, 10 ms…) and wakes late; this lock hands over as soon as the holder commits.
 */
export class WriteLock {
  private readonly cells: Int32Array;
  private readonly checkpointAt: BigInt64Array;

  /** Creates the shared memory; pass `.shared` to every thread that writes. */
  static create(): WriteLock {
    return new WriteLock(new SharedArrayBuffer(16));
  }

  readonly shared: SharedArrayBuffer;

  constructor(shared: SharedArrayBuffer) {
    this.shared = shared;
    this.cells = new Int32Array(shared, 0, 1);
    this.checkpointAt = new BigInt64Array(shared, 8, 1);
  }

  /** Runs `body` holding the lock. Blocks this thread while another holds it (writer threads only). */
  hold<T>(body: () => T): T {
    while (Atomics.compareExchange(this.cells, 0, 0, 1) !== 0) Atomics.wait(this.cells, 0, 1, 100);
    try {
      return body();
    } finally {
      Atomics.store(this.cells, 0, 0);
      Atomics.notify(this.cells, 0, 1);
    }
  }

  /** True for exactly one caller once `intervalMs` has passed since the last claimed checkpoint. */
  claimCheckpoint(now: number, intervalMs: number): boolean {
    const last = Atomics.load(this.checkpointAt, 0);
    if (now - Number(last) < intervalMs) return false;
    return Atomics.compareExchange(this.checkpointAt, 0, last, BigInt(now)) === last;
  }
}
