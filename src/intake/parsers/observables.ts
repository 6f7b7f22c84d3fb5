import { isIP } from 'node:net';
import type { Observable, ObservableKind, ObservableRole } from '../../core/alert.ts';
import { str } from './values.ts';

/** How a field's value is added: as an observable kind as is, or through one of the normalising helpers. */
export type ObservableAdder = 'address' | 'host' | 'port' | 'domain' | 'hashes' | ObservableKind;

/** Kinds compared case-insensitively, stored lower-case so the same host or hash is one observable. */
const CASE_FOLDED: ReadonlySet<ObservableKind> = new Set<ObservableKind>(['hostname', 'domain', 'email', 'hash', 'mac']);

/**
 * Collects an alert's observables, normalising and de-duplicating as it goes (same kind, value and role
 * appear once). Alerts carry a handful of observables, so a linear scan beats hashing a key string.
 */
export class ObservableSet {
  private readonly items: Observable[] = [];

  get size(): number {
    return this.items.length;
  }

  /** Adds `value` (string or number) as `kind`; blanks and non-scalars are ignored. */
  add(kind: ObservableKind, value: unknown, role?: ObservableRole): void {
    let v = str(value);
    if (v === undefined || v === '-') return;
    if (CASE_FOLDED.has(kind)) v = v.toLowerCase();
    if ((kind === 'user' || kind === 'email') && v.length > 2) v = unwrap(v);
    for (const o of this.items) {
      if (o.value === v && o.kind === kind && o.role === role) return;
    }
    this.items.push(role === undefined ? { kind, value: v } : { kind, value: v, role });
  }

  /**
   * An address field: an IP, `ipv4:port`, `[ipv6]:port`, or a host name (some sources put names in
   * their IP fields). The port, when present, is added as a `port` observable with the same role.
   */
  address(value: unknown, role?: ObservableRole): void {
    const v = str(value);
    if (v === undefined) return;
    const family = isIP(v);
    if (family !== 0) {
      this.add('ip', family === 6 ? v.toLowerCase() : v, role);
      return;
    }
    const split = splitHostPort(v);
    if (split !== undefined) {
      this.address(split.host, role);
      this.port(split.port, role);
      return;
    }
    if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v)) this.add('hostname', v, role);
  }

  /** A host name that may in fact be an IP address. */
  host(value: unknown, role?: ObservableRole): void {
    const v = str(value);
    if (v === undefined) return;
    if (isIP(v) !== 0) this.add('ip', v.toLowerCase(), role);
    else this.add('hostname', v, role);
  }

  /** A requested name (HTTP Host, TLS SNI, DNS query): a domain, or an IP when the name is one. */
  domain(value: unknown, role?: ObservableRole): void {
    const v = str(value);
    if (v === undefined) return;
    if (isIP(v) !== 0) this.add('ip', v.toLowerCase(), role);
    else this.add('domain', v.endsWith('.') ? v.slice(0, -1) : v, role);
  }

  /** A TCP/UDP port; only integers 0–65535 are kept. */
  port(value: unknown, role?: ObservableRole): void {
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
    if (Number.isInteger(n) && n >= 0 && n <= 65535) this.add('port', String(n), role);
  }

  /** Hashes given as `ALG=hex,ALG=hex` (Sysmon) or as a bare hex digest. */
  hashes(value: unknown, role?: ObservableRole): void {
    const v = str(value);
    if (v === undefined) return;
    for (const part of v.split(',')) {
      const eq = part.indexOf('=');
      const digest = (eq >= 0 ? part.slice(eq + 1) : part).trim();
      if (/^[0-9A-Fa-f]{16,128}$/.test(digest)) this.add('hash', digest, role);
    }
  }

  /** Adds `value` the way `adder` says: a kind, or one of the helpers above. */
  put(adder: ObservableAdder, value: unknown, role?: ObservableRole): void {
    if (adder === 'address') this.address(value, role);
    else if (adder === 'host') this.host(value, role);
    else if (adder === 'port') this.port(value, role);
    else if (adder === 'domain') this.domain(value, role);
    else if (adder === 'hashes') this.hashes(value, role);
    else this.add(adder, value, role);
  }

  toArray(): readonly Observable[] {
    return this.items;
  }
}

/** Splits `1.2.3.4:80` or `[::1]:80`; undefined when there is no port part. */
export function splitHostPort(value: string): { host: string; port: string } | undefined {
  if (value.charCodeAt(0) === 91) {
    const close = value.indexOf(']');
    if (close > 0 && value.charCodeAt(close + 1) === 58) {
      return { host: value.slice(1, close), port: value.slice(close + 2) };
    }
    return undefined;
  }
  const colon = value.lastIndexOf(':');
  if (colon <= 0 || value.indexOf(':') !== colon) return undefined;
  const port = value.slice(colon + 1);
  if (!/^\d{1,5}$/.test(port)) return undefined;
  return { host: value.slice(0, colon), port };
}

/** `<giovanni>` (Dovecot), `"bob"`: a user name wrapped in brackets or quotes by the log format. */
function unwrap(v: string): string {
  const first = v.charCodeAt(0);
  const last = v.charCodeAt(v.length - 1);
  if ((first === 60 && last === 62) || ((first === 34 || first === 39) && last === first)) return v.slice(1, -1);
  return v;
}
