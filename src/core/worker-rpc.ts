import { parentPort, type MessagePort, type Transferable, type Worker } from 'node:worker_threads';
import { operationalError, VigilError, type ErrorKind } from './errors.ts';

/**
 * Request/response over a worker thread: each call gets an id, the worker answers with a result or an
 * error. A VigilError thrown in the worker comes back as the same kind, code, status and details, so a
 * user error found there (an empty body, say) is still a 400 here.
 */
type Reply<R> = { id: number; result: R } | { id: number; error: SerializedError } | { ready: true } | { closed: true };

interface SerializedError {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly message: string;
  readonly status: number;
  readonly details?: unknown;
}

export class WorkerRpc<Q, R> {
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private readonly pending = new Map<number, { resolve: (r: R) => void; reject: (e: unknown) => void }>();
  private nextId = 1;
  private closed: (() => void) | undefined;
  private exited = false;
  private readonly name: string;

  /** `name` says what the thread does, in errors. */
  constructor(worker: Worker, name: string) {
    this.worker = worker;
    this.name = name;
    this.ready = new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (reply: Reply<R>) => {
        if ('ready' in reply) {
          resolve();
          this.refWhileBusy();
        } else if ('closed' in reply) {
          this.closed?.();
        } else {
          this.settle(reply);
        }
      });
    });
    worker.on('error', (error) => { this.failAll(error); });
    worker.on('exit', (code) => {
      this.exited = true;
      this.failAll(new Error(`exited with code ${code}`));
    });
  }

  /** False once the thread has ended (crashed or closed): calls would never be answered. */
  get alive(): boolean {
    return !this.exited;
  }

  /** Calls still waiting for an answer. */
  get inFlight(): number {
    return this.pending.size;
  }

  call(request: Q, transfer: readonly Transferable[] = []): Promise<R> {
    if (this.exited) return Promise.reject(operationalError('worker_failed', `the ${this.name} thread has stopped`));
    const id = this.nextId++;
    // Counted as in flight at once (callers pick the least busy thread), sent once the thread is ready.
    const answer = new Promise<R>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.refWhileBusy();
    this.ready.then(
      () => { this.worker.postMessage({ id, request }, transfer); },
      (error: unknown) => { this.settle({ id, error: { kind: 'operational', code: 'worker_failed', message: `could not start: ${String(error)}`, status: 503 } }); },
    );
    return answer;
  }

  /** Lets the worker finish its own way (closing connections), then ends the thread. */
  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    this.worker.ref();
    const closed = new Promise<void>((resolve) => (this.closed = resolve));
    this.worker.postMessage({ close: true });
    await closed;
    await this.worker.terminate();
  }

  private settle(reply: { id: number; result: R } | { id: number; error: SerializedError }): void {
    const waiting = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    this.refWhileBusy();
    if (waiting === undefined) return;
    if ('error' in reply) waiting.reject(revive(reply.error, this.name));
    else waiting.resolve(reply.result);
  }

  private failAll(cause: unknown): void {
    for (const waiting of this.pending.values()) waiting.reject(operationalError('worker_failed', `the ${this.name} thread stopped`, cause));
    this.pending.clear();
  }

  /** An idle thread must not keep the process alive; a busy one must, or its answer is lost. */
  private refWhileBusy(): void {
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }
}

/**
 * The worker's side: answers each request with `handle`, runs `close` on the close message. Call once
 * the worker is set up; the caller's first request waits for it.
 */
export function serveRpc(handle: (request: never) => unknown, close: () => void | Promise<void>): void {
  const port: MessagePort | null = parentPort;
  if (port === null) throw new Error('serveRpc must run in a worker thread');
  port.on('message', (message: { id: number; request: never } | { close: true }) => {
    if ('close' in message) {
      void Promise.resolve(close()).finally(() => { port.postMessage({ closed: true }); });
      return;
    }
    Promise.resolve()
      .then(() => handle(message.request))
      .then(
        (result) => { port.postMessage({ id: message.id, result }); },
        (error: unknown) => { port.postMessage({ id: message.id, error: serialize(error) }); },
      );
  });
  port.postMessage({ ready: true });
}

function serialize(error: unknown): SerializedError {
  if (error instanceof VigilError) {
    return { kind: error.kind, code: error.code, message: error.message, status: error.status, ...(error.details === undefined ? {} : { details: error.details }) };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'operational', code: 'worker_error', message, status: 503 };
}

function revive(error: SerializedError, name: string): VigilError {
  const message = error.kind === 'user' ? error.message : `${name}: ${error.message}`;
  return new VigilError(error.kind, error.code, message, { status: error.status, ...(error.details === undefined ? {} : { details: error.details }) });
}
