import { hash } from 'node:crypto';

/**
 * The content fingerprint of a record: its source and its exact payload. The same record sent twice
 * (a retried batch, a file ingested again, two forwarders) has the same fingerprint whatever ids it
 * carries; two distinct events that merely look alike (three failed logins in one second) do not.
 */
export function fingerprintOf(source: string, rawJson: string): string {
  // One-shot hash: no Hash object per alert.
  return hash('sha256', `${source}\u0000${rawJson}`, 'base64url').slice(0, 32);
}
