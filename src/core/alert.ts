import type { Severity } from './severity.ts';

/**
 * Observable kinds, named after OCSF observable types (type_id in parentheses).
 * `role` says which side of the activity the value was on, where the source tells.
 */
export const OBSERVABLE_KINDS = [
  'hostname', // 1
  'ip', // 2
  'mac', // 3
  'user', // 4
  'email', // 5
  'url', // 6
  'file', // 7
  'hash', // 8
  'process', // 9
  'port', // 11
  'command_line', // 13
  'domain', // 2x "domain" in OCSF dictionary
  'user_agent', // 16
] as const;
export type ObservableKind = (typeof OBSERVABLE_KINDS)[number];

export const OBSERVABLE_ROLES = ['src', 'dst', 'actor', 'target', 'device', 'other'] as const;
export type ObservableRole = (typeof OBSERVABLE_ROLES)[number];

export interface Observable {
  readonly kind: ObservableKind;
  readonly value: string;
  readonly role?: ObservableRole;
}

/** A MITRE ATT&CK reference carried by the source (tactic and/or technique). */
export interface AttackRef {
  readonly tacticId?: string;
  readonly tactic?: string;
  readonly techniqueId?: string;
  readonly technique?: string;
}

/** What the asset inventory says about an asset an alert touches. */
export interface AssetContext {
  readonly assetId: string;
  readonly hostname: string;
  readonly criticality: number;
  readonly dataClasses: readonly string[];
  readonly businessService?: string;
  readonly owner?: string;
}

/**
 * What a source parser produces: everything about the alert that the source itself says.
 * Intake adds tenant, ids, fingerprint, receivedAt and asset context to make an {@link Alert}.
 */
export interface ParsedAlert {
  /** The product that raised it: wazuh, suricata, elastic, ocsf, cef, syslog, sigma, or a mapping's name. */
  readonly source: string;
  /** The source's own unique id for this finding, when it has one. */
  readonly findingUid?: string;
  readonly title: string;
  readonly description?: string;
  readonly severity: Severity;
  /** The source's own severity, verbatim (e.g. Wazuh level 10, Suricata severity 1). */
  readonly sourceSeverity?: string;
  readonly ruleId?: string;
  readonly ruleName?: string;
  readonly category?: string;
  /** When the activity happened, ISO 8601 UTC. */
  readonly occurredAt: string;
  /** When the source detected it, ISO 8601 UTC. */
  readonly detectedAt: string;
  readonly observables: readonly Observable[];
  readonly attacks: readonly AttackRef[];
  /** The original payload, as received. */
  readonly raw: unknown;
}

/** The canonical, stored alert (an OCSF Detection Finding in spirit). */
export interface Alert extends ParsedAlert {
  readonly id: string;
  readonly tenantId: string;
  /** Monotonic store sequence: the order alerts became durable in. */
  readonly seq: number;
  readonly fingerprint: string;
  readonly receivedAt: string;
  readonly assets: readonly AssetContext[];
}
