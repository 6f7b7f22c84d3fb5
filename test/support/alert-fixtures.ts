import type { NewAlert } from '../../src/store/index.ts';
import { newId } from '../../src/core/ids.ts';

/** A stored-shape alert with sensible defaults; override what a test is about. */
export function makeAlert(overrides: Partial<NewAlert> & { tenantId: string }): NewAlert {
  const at = overrides.occurredAt ?? '2026-03-04T18:02:04.347Z';
  return {
    id: newId(),
    source: 'wazuh',
    title: 'sshd: authentication failed',
    severity: 'medium',
    occurredAt: at,
    detectedAt: at,
    receivedAt: '2026-03-04T18:02:05.000Z',
    fingerprint: newId(),
    observables: [
      { kind: 'hostname', value: 'pos-store-12', role: 'device' },
      { kind: 'ip', value: '10.0.0.5', role: 'src' },
    ],
    attacks: [],
    assets: [],
    raw: { original: true },
    ...overrides,
  };
}
