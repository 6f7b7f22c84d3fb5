/**
 * Syslog network listeners: UDP (one datagram = one message) and TCP (RFC 6587, both framings per frame).
 * They deliver message text only, in batches, to `onLines`; header parsing is the syslog parser's job.
 * TCP applies backpressure: a connection's socket is paused while its batch is being handled. UDP cannot
 * push back, so while `onLines` is busy datagrams queue up to `maxUdpBacklog` and beyond that are dropped
 * and counted.
 */
import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket as UdpSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { LineBatcher } from './line-batcher.ts';
import type { FrameRejection } from './rfc6587-framer.ts';
import { Rfc6587Framer, trimEnd } from './rfc6587-framer.ts';

export const SYSLOG_TRANSPORTS = ['udp', 'tcp'] as const;
export type SyslogTransport = (typeof SYSLOG_TRANSPORTS)[number];

export interface SyslogLine {
  readonly text: string;
  /** `address:port` of the sender (`[v6]:port` for IPv6). */
  readonly remote: string;
  readonly transport: SyslogTransport;
}

/** The subset of a pino logger the listener uses. */
export interface ListenerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SyslogListenerOptions {
  readonly host: string;
  /** UDP port; 0 picks a free one; omitted: no UDP listener. */
  readonly udpPort?: number;
  /** TCP port; 0 picks a free one; omitted: no TCP listener. */
  readonly tcpPort?: number;
  /** Longest message accepted, in bytes; longer ones are reported and skipped. */
  readonly maxLineBytes: number;
  /** Receives batches; may be called concurrently for different connections. Lines of one connection keep their order. */
  readonly onLines: (lines: readonly SyslogLine[]) => Promise<void>;
  readonly logger?: ListenerLogger;
  /** Batch size that triggers delivery. Default 500. */
  readonly batchLines?: number;
  /** Longest a line waits for its batch to fill. Default 20 ms. */
  readonly batchDelayMs?: number;
  /** UDP lines held while onLines is busy; beyond, datagrams are dropped. Default 10,000. */
  readonly maxUdpBacklog?: number;
  /** Simultaneous TCP connections. Default 1,000. */
  readonly maxConnections?: number;
}

export interface BoundAddress {
  readonly host: string;
  readonly port: number;
}

export interface SyslogListenerStats {
  readonly lines: Readonly<Record<SyslogTransport, number>>;
  readonly oversized: number;
  readonly truncated: number;
  readonly udpDropped: number;
  readonly failedLines: number;
  readonly connections: number;
  /** Lines received and waiting for onLines (bounded by backpressure on TCP, by maxUdpBacklog on UDP). */
  readonly queuedLines: number;
}

export interface SyslogListener {
  readonly addresses: { readonly udp?: BoundAddress; readonly tcp?: BoundAddress };
  stats(): SyslogListenerStats;
  /** Stops listening, delivers the lines already received, then closes open connections. */
  close(): Promise<void>;
}

const quietLogger: ListenerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Counters {
  lines: Record<SyslogTransport, number>;
  oversized: number;
  truncated: number;
  udpDropped: number;
  failedLines: number;
}

export async function startSyslogListener(options: SyslogListenerOptions): Promise<SyslogListener> {
  if (options.udpPort === undefined && options.tcpPort === undefined) {
    throw new Error('startSyslogListener: give udpPort, tcpPort or both');
  }
  if (!Number.isInteger(options.maxLineBytes) || options.maxLineBytes < 1) {
    throw new Error(`startSyslogListener: maxLineBytes must be a positive integer, got ${options.maxLineBytes}`);
  }
  const log = options.logger ?? quietLogger;
  const counters: Counters = { lines: { udp: 0, tcp: 0 }, oversized: 0, truncated: 0, udpDropped: 0, failedLines: 0 };
  const batch = { maxLines: options.batchLines ?? 500, maxDelayMs: options.batchDelayMs ?? 20 };
  const deliver = (lines: readonly SyslogLine[]): Promise<void> => {
    counters.lines[lines[0]?.transport ?? 'udp'] += lines.length;
    return options.onLines(lines);
  };
  const onError = (err: unknown, lines: readonly SyslogLine[]): void => {
    counters.failedLines += lines.length;
    log.error({ err, lines: lines.length, transport: lines[0]?.transport }, 'syslog batch could not be handled; its lines are lost');
  };
  const rejected = (r: FrameRejection, remote: string, transport: SyslogTransport): void => {
    if (r.reason === 'oversized') counters.oversized++;
    else counters.truncated++;
    log.warn({ remote, transport, framing: r.framing, bytes: r.bytes, maxLineBytes: options.maxLineBytes },
      r.reason === 'oversized' ? 'syslog message over maxLineBytes skipped' : 'syslog connection ended mid-message; partial message dropped');
  };

  const closers: (() => Promise<void>)[] = [];
  let openConnections = (): number => 0;
  let tcpQueued = (): number => 0;
  let udpQueued = (): number => 0;
  const addresses: { udp?: BoundAddress; tcp?: BoundAddress } = {};
  try {
    if (options.udpPort !== undefined) {
      const udp = await bindUdp(options.host, options.udpPort);
      const batcher = new LineBatcher<SyslogLine>({ ...batch, deliver, onError });
      const backlog = options.maxUdpBacklog ?? 10_000;
      udpQueued = () => batcher.waiting;
      udp.on('message', (datagram: Buffer, rinfo: RemoteInfo) => {
        const remote = formatRemote(rinfo.address, rinfo.port);
        const bytes = trimEnd(datagram);
        if (bytes.length === 0) return;
        if (bytes.length > options.maxLineBytes) {
          rejected({ reason: 'oversized', framing: 'newline', bytes: bytes.length }, remote, 'udp');
          return;
        }
        if (batcher.waiting >= backlog) {
          if (counters.udpDropped++ % 1000 === 0) log.warn({ dropped: counters.udpDropped }, 'syslog UDP backlog full; datagrams dropped');
          return;
        }
        batcher.add({ text: bytes.toString('utf8'), remote, transport: 'udp' });
      });
      udp.on('error', (err) => {
        log.error({ err }, 'syslog UDP socket error');
      });
      addresses.udp = boundAddress(udp.address());
      closers.push(async () => {
        await new Promise<void>((resolve) => udp.close(() => { resolve(); }));
        await batcher.drain();
      });
    }
    if (options.tcpPort !== undefined) {
      const tcp = await listenTcp(options, deliver, onError, rejected, batch);
      addresses.tcp = tcp.address;
      openConnections = tcp.connections;
      tcpQueued = tcp.queued;
      closers.push(tcp.close);
    }
  } catch (err) {
    await Promise.all(closers.map((c) => c()));
    throw err;
  }
  log.info({ addresses }, 'syslog listener started');
  let closing: Promise<void> | undefined;
  return {
    addresses,
    stats: () => ({ ...counters, lines: { ...counters.lines }, connections: openConnections(), queuedLines: tcpQueued() + udpQueued() }),
    close: () => {
      closing ??= Promise.all(closers.map((c) => c())).then(() => undefined);
      return closing;
    },
  };
}

interface TcpHandle {
  readonly address: BoundAddress;
  readonly connections: () => number;
  readonly queued: () => number;
  readonly close: () => Promise<void>;
}

async function listenTcp(
  options: SyslogListenerOptions,
  deliver: (lines: readonly SyslogLine[]) => Promise<void>,
  onError: (err: unknown, lines: readonly SyslogLine[]) => void,
  rejected: (r: FrameRejection, remote: string, transport: SyslogTransport) => void,
  batch: { readonly maxLines: number; readonly maxDelayMs: number },
): Promise<TcpHandle> {
  const log = options.logger ?? quietLogger;
  const connections = new Map<Socket, LineBatcher<SyslogLine>>();
  let closing = false;
  const server: Server = createServer((socket) => {
    const remote = formatRemote(socket.remoteAddress ?? '?', socket.remotePort ?? 0);
    const batcher = new LineBatcher<SyslogLine>({
      ...batch,
      deliver,
      onError,
      onBusy: (busy) => {
        if (socket.destroyed) return;
        if (busy || closing) socket.pause();
        else socket.resume();
      },
    });
    const framer = new Rfc6587Framer(options.maxLineBytes, {
      frame: (bytes) => {
        batcher.add({ text: bytes.toString('utf8'), remote, transport: 'tcp' });
      },
      reject: (r) => {
        rejected(r, remote, 'tcp');
      },
    });
    connections.set(socket, batcher);
    socket.setKeepAlive(true, 60_000);
    socket.on('data', (chunk: Buffer) => {
      if (!closing) framer.push(chunk);
    });
    let ended = false;
    socket.on('end', () => {
      ended = true;
      framer.end(true);
    });
    socket.on('error', () => {
      // A reset by the peer: 'close' follows, with what was framed so far still delivered.
    });
    socket.on('close', () => {
      if (!ended) framer.end(false);
      void batcher.drain().finally(() => connections.delete(socket));
    });
  });
  server.maxConnections = options.maxConnections ?? 1000;
  server.on('drop', (data) => {
    log.warn({ remote: formatRemote(data?.remoteAddress ?? '?', data?.remotePort ?? 0), maxConnections: server.maxConnections }, 'syslog TCP connection refused: too many connections');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.tcpPort, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = boundAddress(server.address());
  return {
    address,
    connections: () => connections.size,
    queued: () => [...connections.values()].reduce((n, b) => n + b.waiting, 0),
    close: async () => {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => { resolve(); }));
      for (const socket of connections.keys()) socket.pause();
      await Promise.all([...connections.values()].map((b) => b.drain()));
      for (const socket of connections.keys()) socket.destroy();
      await stopped;
    },
  };
}

function bindUdp(host: string, port: number): Promise<UdpSocket> {
  const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

function boundAddress(address: AddressInfo | string | null): BoundAddress {
  if (address === null || typeof address === 'string') throw new Error('syslog listener is not bound to an IP address');
  return { host: address.address, port: address.port };
}

function formatRemote(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
