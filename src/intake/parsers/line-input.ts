/** Line formats receive strings; a Buffer or Uint8Array (a datagram, a file chunk) is decoded as UTF-8. */
export function lineOf(record: unknown): string | undefined {
  if (typeof record === 'string') return record;
  if (record instanceof Uint8Array) return Buffer.from(record.buffer, record.byteOffset, record.byteLength).toString('utf8');
  return undefined;
}
