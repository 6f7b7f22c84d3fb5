import { createHash } from 'node:crypto';

/**
 * The content fingerprint of a record: its source and its exact payload. The same record sent twice
 * (a retried batch, a file ingested again, two forwarders) has the same fingerprint whatever ids it
 * carries; two distinct events that merely look alike (three failed logins in one second) do not.
 */
export function fingerprintOf(source: string, rawJson: string): string {
  return createHash('sha256').update(source).update('\u0000').update(rawJson).digest('base64url').slice(0, 32);
}
