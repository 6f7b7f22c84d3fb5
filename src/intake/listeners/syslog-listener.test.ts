// Real sockets on 127.0.0.1, ephemeral ports.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { SyslogLine, SyslogListener, SyslogListenerOptions } from './syslog-listener.ts';
import { startSyslogListener } from './syslog-listener.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

interface Harness {
  readonly listener: SyslogListener;
  readonly lines: SyslogLine[];
  readonly batches: number[];
  readonly warnings: string[];
}

async function start(t: TestContext, extra: Partial<SyslogListenerOptions> = {}): Promise<Harness> {
  const lines: SyslogLine[] = [];
  const batches: number[] = [];
  const warnings: string[] = [];
  const listener = await startSyslogListener({
    host: '127.0.0.1',
    udpPort: 0,
    tcpPort: 0,
    maxLineBytes: 1024,
    onLines: (batch) => {
      batches.push(batch.length);
      lines.push(...batch);
      return Promise.resolve();
    },
    logger: {
      info: () => undefined,
      warn: (_o, msg) => {
        warnings.push(msg);
      },
      error: (_o, msg) => {
        warnings.push(msg);
      },
    },
    ...extra,
  });
  t.after(() => listener.close());
  return { listener, lines, batches, warnings };
}

async function tcpClient(t: TestContext, port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve).once('error', reject);
  });
  t.after(() => socket.destroy());
  return socket;
}

const write = (socket: Socket, data: string | Buffer): Promise<void> =>
  new Promise((resolve, reject) => {
    socket.write(data, (err) => {
      if (err) reject(err);
      else resolve();
    });
  });

const octet = (msg: string): string => `${Buffer.byteLength(msg)} ${msg}`;

void test('both listeners bind ephemeral ports and report them', async (t) => {
  const h = await start(t);
  assert.ok((h.listener.addresses.udp?.port ?? 0) > 0);
  assert.ok((h.listener.addresses.tcp?.port ?? 0) > 0);
  assert.equal(h.listener.addresses.tcp?.host, '127.0.0.1');
});

void test('UDP: one datagram is one message, trailing newline dropped, oversized ones skipped', async (t) => {
  const h = await start(t, { maxLineBytes: 64 });
  const port = h.listener.addresses.udp?.port ?? 0;
  const client = createSocket('udp4');
  t.after(() => { client.close(); });
  const send = (text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      client.send(Buffer.from(text), port, '127.0.0.1', (err) => {
        if (err) reject(err);
        else resolve();
      });
    });
  await send('<13>first\n');
  await send('<14>two\nlines in one datagram\r\n');
  await send(`<13>${'x'.repeat(100)}`);
  await send('<15>fünf');
  await until('3 lines', () => h.lines.length === 3);
  await sleep(50);
  assert.deepEqual(h.lines.map((l) => l.text), ['<13>first', '<14>two\nlines in one datagram', '<15>fünf']);
  assert.ok(h.lines.every((l) => l.transport === 'udp' && /^127\.0\.0\.1:\d+$/.test(l.remote)));
  assert.equal(h.listener.stats().oversized, 1);
  assert.equal(h.listener.stats().lines.udp, 3);
  assert.ok(h.warnings.some((w) => /over maxLineBytes/.test(w)));
});

void test('TCP: newline framing, octet counting, and both on one connection', async (t) => {
  const h = await start(t);
  const socket = await tcpClient(t, h.listener.addresses.tcp?.port ?? 0);
  await write(socket, '<13>a\n<13>b\r\n');
  await write(socket, octet('<13>multi\nline ✓'));
  await write(socket, '<13>c\n');
  await until('4 lines', () => h.lines.length === 4);
  assert.deepEqual(h.lines.map((l) => l.text), ['<13>a', '<13>b', '<13>multi\nline ✓', '<13>c']);
  assert.ok(h.lines.every((l) => l.transport === 'tcp' && l.remote === `127.0.0.1:${socket.localPort ?? 0}`));
});

void test('TCP: mixed frames cut at awkward byte boundaries across packets', async (t) => {
  const h = await start(t);
  const socket = await tcpClient(t, h.listener.addresses.tcp?.port ?? 0);
  const messages = ['<13>é first', '<14>second ✓✓', '<15>third', '<16>fourth'];
  const stream = Buffer.from(`${octet(messages[0] ?? '')}${messages[1] ?? ''}\n${octet(messages[2] ?? '')}\n${messages[3] ?? ''}\n`);
  // Cuts inside the length prefix, inside multibyte characters, between CR and LF.
  const cuts = [1, 3, 6, 15, 17, 19, 30, 31, 40, 46];
  let from = 0;
  for (const cut of [...cuts, stream.length]) {
    await write(socket, stream.subarray(from, cut));
    await sleep(3);
    from = cut;
  }
  await until('4 lines', () => h.lines.length === 4);
  assert.deepEqual(h.lines.map((l) => l.text), messages);
});

void test('TCP: oversized frames are reported and skipped; the connection goes on', async (t) => {
  const h = await start(t, { maxLineBytes: 32 });
  const socket = await tcpClient(t, h.listener.addresses.tcp?.port ?? 0);
  await write(socket, `${octet(`<13>${'a'.repeat(200)}`)}<13>ok1\n<13>${'b'.repeat(200)}\n<13>ok2\n`);
  await until('2 lines', () => h.lines.length === 2);
  await sleep(50);
  assert.deepEqual(h.lines.map((l) => l.text), ['<13>ok1', '<13>ok2']);
  assert.equal(h.listener.stats().oversized, 2);
  assert.equal(h.warnings.filter((w) => /over maxLineBytes/.test(w)).length, 2);
});

void test('TCP: a client leaving mid-frame loses only that frame; the listener keeps serving', async (t) => {
  const h = await start(t);
  const port = h.listener.addresses.tcp?.port ?? 0;
  const first = await tcpClient(t, port);
  await write(first, `<13>done\n100 <13>partial`);
  first.end();
  await until('the first line and the truncation', () => h.lines.length === 1 && h.listener.stats().truncated === 1);
  const reset = await tcpClient(t, port);
  await write(reset, '<13>kept\n<13>cut by reset');
  await sleep(20);
  reset.resetAndDestroy();
  await until('reset seen', () => h.listener.stats().truncated === 2);
  const next = await tcpClient(t, port);
  await write(next, '<13>still here\n');
  await until('3 lines', () => h.lines.length === 3);
  assert.deepEqual(h.lines.map((l) => l.text), ['<13>done', '<13>kept', '<13>still here']);
  assert.ok(h.warnings.some((w) => /mid-message/.test(w)));
});

void test('TCP: many lines arrive in order, in batches of at most batchLines', async (t) => {
  const h = await start(t, { batchLines: 500, batchDelayMs: 20 });
  const socket = await tcpClient(t, h.listener.addresses.tcp?.port ?? 0);
  const n = 2600;
  await write(socket, Array.from({ length: n }, (_, i) => `<13>line ${i}\n`).join(''));
  await until('all lines', () => h.lines.length === n);
  assert.deepEqual(h.lines.map((l) => l.text), Array.from({ length: n }, (_, i) => `<13>line ${i}`));
  assert.ok(h.batches.every((b) => b <= 500), `batches ${h.batches.join(',')}`);
  assert.ok(h.batches.length >= Math.ceil(n / 500) && h.batches.length < n / 10, `batches ${h.batches.length}`);
  // A lone line is not held back waiting for a full batch.
  const before = h.lines.length;
  await write(socket, '<13>alone\n');
  await until('the lone line', () => h.lines.length === before + 1, 1000);
});

void test('TCP backpressure: while onLines is pending the socket is not read', async (t) => {
  let release = (): void => undefined;
  let gate = new Promise<void>((r) => (release = r));
  const received: number[] = [];
  const h = await start(t, {
    batchLines: 500,
    onLines: async (batch) => {
      received.push(batch.length);
      await gate;
    },
  });
  const socket = await tcpClient(t, h.listener.addresses.tcp?.port ?? 0);
  const line = `<13>${'p'.repeat(95)}\n`;
  const n = 160_000; // 16 MB: more than the kernel's socket buffers hold
  socket.write(line.repeat(n));
  try {
    await sleep(300);
    assert.equal(received.length, 1, 'one batch is pending and no other was handed over');
    assert.equal(received[0], 500);
    const queued = h.listener.stats().queuedLines;
    assert.ok(queued < 2000, `the listener holds at most about a socket read of lines (${queued})`);
    assert.ok(socket.writableLength > 0, 'the sender is held back: its bytes wait in its own buffer');
  } finally {
    gate = Promise.resolve();
    release();
  }
  await until('every line', () => received.reduce((a, b) => a + b, 0) === n, 20_000);
  assert.ok(received.every((b) => b <= 500));
});

void test('close delivers what was received and stops listening', async (t) => {
  const h = await start(t, { batchDelayMs: 10_000 });
  const port = h.listener.addresses.tcp?.port ?? 0;
  const socket = await tcpClient(t, port);
  await write(socket, '<13>pending in a batch\n');
  await until('line read', () => h.listener.stats().connections === 1);
  await sleep(50);
  assert.equal(h.lines.length, 0, 'held by the 10 s batch timer');
  await h.listener.close();
  assert.deepEqual(h.lines.map((l) => l.text), ['<13>pending in a batch']);
  const refused = connect({ host: '127.0.0.1', port });
  await assert.rejects(new Promise((resolve, reject) => refused.once('connect', resolve).once('error', reject)), /ECONNREFUSED/);
});

void test('a failing onLines is logged and counted; later lines still arrive', async (t) => {
  const got: string[] = [];
  let calls = 0;
  const h = await start(t, {
    onLines: (batch) => {
      if (calls++ === 0) return Promise.reject(new Error('store down'));
      got.push(...batch.map((l) => l.text));
      return Promise.resolve();
    },
  });
  const socket = await tcpClient(t, h.listener.addresses.tcp?.port ?? 0);
  await write(socket, '<13>lost\n');
  await until('the failure', () => h.listener.stats().failedLines === 1);
  await write(socket, '<13>after\n');
  await until('the next line', () => got.length === 1);
  assert.deepEqual(got, ['<13>after']);
  assert.ok(h.warnings.some((w) => /could not be handled/.test(w)));
});

void test('UDP cannot push back: beyond maxUdpBacklog datagrams are dropped and counted', async (t) => {
  let release = (): void => undefined;
  const gate = new Promise<void>((r) => (release = r));
  let delivered = 0;
  const h = await start(t, {
    maxUdpBacklog: 5,
    batchLines: 2,
    onLines: async (batch) => {
      await gate;
      delivered += batch.length;
    },
  });
  const client = createSocket('udp4');
  t.after(() => {
    client.close();
  });
  const port = h.listener.addresses.udp?.port ?? 0;
  try {
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        client.send(`<13>d${i}`, port, '127.0.0.1', () => {
          resolve();
        });
      });
    }
    await until('drops', () => h.listener.stats().udpDropped === 13);
    assert.equal(h.listener.stats().queuedLines, 5);
  } finally {
    release();
  }
  await until('the kept ones', () => delivered === 7);
});

void test('TCP connections beyond maxConnections are refused and reported', async (t) => {
  const h = await start(t, { maxConnections: 1 });
  const port = h.listener.addresses.tcp?.port ?? 0;
  const first = await tcpClient(t, port);
  await until('first accepted', () => h.listener.stats().connections === 1);
  const second = await tcpClient(t, port);
  await new Promise<void>((resolve) => second.once('close', () => { resolve(); }));
  await write(first, '<13>first still works\n');
  await until('line', () => h.lines.length === 1);
  assert.ok(h.warnings.some((w) => /too many connections/.test(w)));
});
