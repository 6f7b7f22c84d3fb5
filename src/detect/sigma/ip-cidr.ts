/**
 * IPv4 and IPv6 networks for the `cidr` modifier. Addresses are 128-bit BigInts (IPv4 in its own
 * 32-bit space). A network written with host bits set (`10.1.2.3/8`) means the network those bits belong
 * to, as most engines read it; an IPv4 network also matches IPv4-mapped IPv6 addresses (`::ffff:10.1.2.3`),
 * the form some sensors log.
 */

export interface Cidr {
  readonly version: 4 | 6;
  readonly network: bigint;
  readonly prefix: number;
  readonly text: string;
}

export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

export function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

export function parseIPv6(input: string): bigint | undefined {
  let text = input;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  // A trailing dotted quad stands for the last two groups.
  let tail: bigint[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (s: string): bigint[] | undefined => {
    if (s === '') return [];
    const groups: bigint[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      groups.push(BigInt(`0x${g}`));
    }
    return groups;
  };
  const head = parseGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === undefined || rest === undefined) return undefined;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...new Array<bigint>(halves.length === 2 ? missing : 0).fill(0n), ...rest];
  if (tail.length > 0) groups.splice(6, 2, ...tail);
  let value = 0n;
  for (const g of groups) value = (value << 16n) | g;
  return value;
}

export function parseIp(text: string): IpAddress | undefined {
  const trimmed = text.trim();
  const v4 = parseIPv4(trimmed);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIPv6(trimmed);
  if (v6 !== undefined) return { version: 6, value: v6 };
  return undefined;
}

const maskFor = (bits: number, prefix: number): bigint =>
  prefix === 0 ? 0n : ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);

/** Parses `a.b.c.d/n` or `x::y/n` (a bare address is a /32 or /128); returns a reason when invalid. */
export function parseCidr(text: string): Cidr | string {
  const slash = text.indexOf('/');
  const addrText = slash >= 0 ? text.slice(0, slash) : text;
  const ip = parseIp(addrText);
  if (ip === undefined) return `'${text}' is not an IPv4 or IPv6 network`;
  const bits = ip.version === 4 ? 32 : 128;
  const prefixText = slash >= 0 ? text.slice(slash + 1) : String(bits);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return `'${text}' has an invalid prefix length`;
  const prefix = Number(prefixText);
  return { version: ip.version, prefix, network: ip.value & maskFor(bits, prefix), text };
}

export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  let { version, value } = ip;
  if (cidr.version === 4 && version === 6 && value >> 32n === 0xffffn) {
    version = 4;
    value &= 0xffffffffn;
  }
  if (version !== cidr.version) return false;
  const bits = version === 4 ? 32 : 128;
  return (value & maskFor(bits, cidr.prefix)) === cidr.network;
}
