import { parentPort, workerData } from 'node:worker_threads';
import { createStore, openDatabase } from '../store/index.ts';
import { writeJobs, type PreparedJob } from './group-writer.ts';

/**
 * The SQLite writer thread: its own connection to the same database file (WAL lets the main thread's
 * connection read meanwhile); each message is one group commit.
 */
const handle = openDatabase((workerData as { path: string }).path);
const store = createStore(handle);
const port = parentPort;
if (port === null) throw new Error('write-thread-worker must run as a worker thread');

port.on('message', (message: { id: number; jobs: PreparedJob[] } | { close: true }) => {
  if ('close' in message) {
    void handle.close().then(() => { port.postMessage({ closed: true }); });
    return;
  }
  writeJobs(store, message.jobs).then(
    (results) => { port.postMessage({ id: message.id, results }); },
    (error: unknown) => { port.postMessage({ id: message.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }); },
  );
});
port.postMessage({ ready: true });
