import type { AttackRef, Observable, ParsedAlert } from '../../core/alert.ts';
import type { Severity } from '../../core/severity.ts';

/** The fields of a ParsedAlert, with optional ones allowed to be `undefined` while a parser fills them. */
export interface AlertFields {
  readonly source: string;
  readonly findingUid: string | undefined;
  readonly title: string;
  readonly description?: string | undefined;
  readonly severity: Severity;
  readonly sourceSeverity?: string | undefined;
  readonly ruleId?: string | undefined;
  readonly ruleName?: string | undefined;
  readonly category?: string | undefined;
  readonly occurredAt: string;
  readonly detectedAt: string;
  readonly observables: readonly Observable[];
  readonly attacks: readonly AttackRef[];
  readonly raw: unknown;
}

/** A ParsedAlert without `undefined` members (exactOptionalPropertyTypes); readonly by type, not frozen (hot path). */
export function buildAlert(f: AlertFields): ParsedAlert {
  const a: { -readonly [K in keyof ParsedAlert]: ParsedAlert[K] } = {
    source: f.source,
    title: f.title,
    severity: f.severity,
    occurredAt: f.occurredAt,
    detectedAt: f.detectedAt,
    observables: f.observables,
    attacks: f.attacks,
    raw: f.raw,
  };
  if (f.findingUid !== undefined) a.findingUid = f.findingUid;
  if (f.description !== undefined) a.description = f.description;
  if (f.sourceSeverity !== undefined) a.sourceSeverity = f.sourceSeverity;
  if (f.ruleId !== undefined) a.ruleId = f.ruleId;
  if (f.ruleName !== undefined) a.ruleName = f.ruleName;
  if (f.category !== undefined) a.category = f.category;
  return a;
}
