/**
 * Bus throughput per adapter: publish (PubAck awaited, 256 in flight), then consume the backlog (handler
 * acks at once, maxInFlight 256), then both at the same time (end to end). Prints the median of the runs.
 *   node --import tsx bench/bus-bench.ts [messages=20000] [runs=5]
 * JetStream runs against VIGIL_NATS_URL (default nats://127.0.0.1:4222) on a throwaway file-backed stream.
 */
import { randomBytes } from 'node:crypto';
import type { Bus } from '../src/bus/bus.ts';
import { createInProcessBus } from '../src/bus/in-process-bus.ts';
import { connectJetStreamBus } from '../src/bus/jetstream-bus.ts';

const N = Number(process.argv[2] ?? 20_000);
const RUNS = Number(process.argv[3] ?? 5);
const WINDOW = 256;
const NATS_URL = process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222';

// A payload about the size of a normalised alert.
const payload = {
  source: 'wazuh',
  title: 'sshd: authentication failed from 203.0.113.7',
  severity: 'medium',
  occurredAt: '2025-01-01T00:00:00.000Z',
  observables: [
    { kind: 'ip', value: '203.0.113.7', role: 'src' },
    { kind: 'hostname', value: 'pos-terminal-042', role: 'device' },
    { kind: 'user', value: 'root', role: 'target' },
  ],
  raw: { rule: { id: '5710', level: 5 }, full_log: 'Failed password for root from 203.0.113.7 port 52144 ssh2'.repeat(3) },
};

interface Figures {
  publish: number;
  consume: number;
  endToEnd: number;
}

async function publishAll(bus: Bus, subject: string, n: number): Promise<void> {
  for (let i = 0; i < n; i += WINDOW) {
    const batch: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(n, i + WINDOW); j++) batch.push(bus.publish(subject, payload));
    await Promise.all(batch);
  }
}

async function consumeAll(bus: Bus, filter: string, durable: string, n: number): Promise<() => Promise<void>> {
  let got = 0;
  let done = (): void => undefined;
  const finished = new Promise<void>((r) => (done = r));
  const consumer = await bus.consume(filter, {
    durable,
    maxInFlight: WINDOW,
    handler: () => {
      if (++got === n) done();
      return Promise.resolve();
    },
  });
  return async () => {
    await finished;
    await consumer.close();
  };
}

const rate = (n: number, ms: number): number => Math.round((n / ms) * 1000);

async function oneRun(bus: Bus, prefix: string, run: number): Promise<Figures> {
  const subject = `${prefix}.bench.r${run}`;
  let t = performance.now();
  await publishAll(bus, subject, N);
  const publish = rate(N, performance.now() - t);
  t = performance.now();
  const drained = await consumeAll(bus, subject, `backlog${run}`, N);
  await drained();
  const consume = rate(N, performance.now() - t);
  const live = `${prefix}.live.r${run}`;
  t = performance.now();
  const received = await consumeAll(bus, live, `live${run}`, N);
  await publishAll(bus, live, N);
  await received();
  const endToEnd = rate(N, performance.now() - t);
  return { publish, consume, endToEnd };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

async function bench(name: string, bus: Bus, prefix: string): Promise<void> {
  const runs: Figures[] = [];
  for (let r = 0; r < RUNS; r++) runs.push(await oneRun(bus, prefix, r));
  const m = (k: keyof Figures): string => median(runs.map((x) => x[k])).toLocaleString('en-US').padStart(9);
  console.log(`${name.padEnd(24)} publish ${m('publish')} msg/s   consume ${m('consume')} msg/s   publish+consume ${m('endToEnd')} msg/s`);
}

console.log(`bus bench: ${N} messages of ${JSON.stringify(payload).length} bytes per run, median of ${RUNS} runs`);
{
  const bus = createInProcessBus({ maxMessages: N * 3, maxRetained: N });
  await bench('in-process', bus, 'vigil');
  await bus.close();
}
try {
  const id = randomBytes(4).toString('hex');
  const bus = await connectJetStreamBus({ servers: NATS_URL, stream: `VIGIL_BENCH_${id}`, prefix: `bench${id}`, storage: 'file' });
  try {
    await bench(`jetstream (file, ${new URL(NATS_URL).host})`, bus, `bench${id}`);
  } finally {
    await bus.deleteStream();
    await bus.close();
  }
} catch (err) {
  console.log(`jetstream: not run (${err instanceof Error ? err.message : String(err)})`);
}
