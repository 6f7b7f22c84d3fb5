import type { ParsedAlert } from '../core/alert.ts';
import type { StoredRef } from '../store/alert-batch.ts';
import type { Clock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import type { NewAlert } from '../store/index.ts';
import type { AssetEnricher } from './asset-enricher.ts';
import { fingerprintOf } from './fingerprint.ts';
import type { IntakeWriter } from './intake-writer.ts';
import type { ParseOutcome, RawEvent, SourceParser } from './parser.ts';
import type { InputRecord, RecordError, RecordPosition, SplitRecords } from './records.ts';

export interface IngestSummary {
  readonly format: string;
  /** New alerts stored. */
  readonly accepted: number;
  /** Alerts recognised as already stored (or repeated within the batch). */
  readonly duplicates: number;
  /** Records refused; `errors` says which and why. */
  readonly rejected: number;
  /** Records kept as raw events (not alerts), for detection. */
  readonly events: number;
  readonly errors: readonly RecordError[];
  /** Positions of the duplicate records (at most the first 1,000). */
  readonly duplicatePositions: readonly RecordPosition[];
  /** Ids of the stored alerts, in input order (at most the first 1,000). */
  readonly alertIds: readonly string[];
}

/** A parse outcome with where its record sat; `text` is the record's JSON text when it is the payload. */
export interface PositionedOutcome {
  readonly position: RecordPosition;
  readonly outcome: ParseOutcome;
  readonly text?: string | undefined;
}

/** What intake did with a body, and every alert it stored (the summary lists at most 1,000). */
export interface DetailedIngest {
  readonly summary: IngestSummary;
  readonly stored: readonly StoredRef[];
}

/** Told about every durable alert and event, after commit (e.g. to publish on the bus). */
export type StoredListener = (tenantId: string, alerts: readonly StoredRef[], eventsStored: number) => void;

const LIST_CAP = 1_000;

/**
 * The intake path: parse each record with its format's parser, turn alerts into canonical Alerts
 * (ids, fingerprint, receivedAt, asset context), store alerts and raw events durably in one commit, and
 * only then report what happened to each record.
 */
export class IntakeService {
  private readonly writer: IntakeWriter;
  private readonly enricher: AssetEnricher;
  private readonly clock: Clock;
  private readonly listeners: StoredListener[] = [];

  constructor(deps: { writer: IntakeWriter; enricher: AssetEnricher; clock: Clock }) {
    this.writer = deps.writer;
    this.enricher = deps.enricher;
    this.clock = deps.clock;
  }

  onStored(listener: StoredListener): void {
    this.listeners.push(listener);
  }

  /** Tells the listeners about alerts and events made durable here, or by an intake worker thread. */
  notifyStored(tenantId: string, alerts: readonly StoredRef[], eventsStored: number): void {
    if (alerts.length === 0 && eventsStored === 0) return;
    for (const listener of this.listeners) listener(tenantId, alerts, eventsStored);
  }

  /** `receivedAtMs` defaults to now; a body sent to an intake thread carries the time its request came in. */
  async ingest(tenantId: string, parser: SourceParser, input: SplitRecords, receivedAtMs = this.clock.now().getTime()): Promise<IngestSummary> {
    return this.announce(tenantId, await this.ingestUnannounced(tenantId, parser, input, receivedAtMs));
  }

  /**
   * Intake without telling this service's listeners: for an intake thread, whose caller on the request
   * thread announces the stored alerts there (`notifyStored`).
   */
  async ingestUnannounced(tenantId: string, parser: SourceParser, input: SplitRecords, receivedAtMs: number): Promise<DetailedIngest> {
    const receivedAt = new Date(receivedAtMs).toISOString();
    const outcomes = input.records.map((record) => {
      const outcome = parseRecord(parser, record, receivedAt);
      // The original text is the payload only when the parser kept the record itself as `raw`.
      const text = outcome.kind === 'alert' && outcome.alert.raw === record.value ? record.text : undefined;
      return { position: record.position, outcome, text };
    });
    return this.store(tenantId, parser.format, outcomes, input.errors, receivedAtMs);
  }

  /** Intake of records some other unpacker already parsed (Splunk HEC bodies mix formats). */
  async ingestParsed(tenantId: string, format: string, outcomes: readonly PositionedOutcome[], receivedAtMs = this.clock.now().getTime()): Promise<IngestSummary> {
    return this.announce(tenantId, await this.store(tenantId, format, outcomes, [], receivedAtMs));
  }

  private announce(tenantId: string, detailed: DetailedIngest): IngestSummary {
    this.notifyStored(tenantId, detailed.stored, detailed.summary.events);
    return detailed.summary;
  }

  private async store(
    tenantId: string,
    format: string,
    outcomes: readonly PositionedOutcome[],
    preErrors: readonly RecordError[],
    receivedAtMs: number,
  ): Promise<DetailedIngest> {
    const receivedAt = new Date(receivedAtMs).toISOString();
    const errors: RecordError[] = [...preErrors];
    const parsed: { position: RecordPosition; alert: ParsedAlert; text: string | undefined }[] = [];
    const events: RawEvent[] = [];
    for (const { position, outcome, text } of outcomes) {
      if (outcome.kind === 'alert') parsed.push({ position, alert: outcome.alert, text });
      else if (outcome.kind === 'event') events.push(outcome.event);
      else errors.push({ position, reason: outcome.reason });
    }

    const assetsOf = await this.enricher.lookup(tenantId, receivedAtMs);
    const alerts: NewAlert[] = parsed.map(({ alert, text }) => {
      const rawJson = text ?? JSON.stringify(alert.raw ?? null);
      return {
        ...alert,
        id: newId(receivedAtMs),
        tenantId,
        fingerprint: fingerprintOf(alert.source, rawJson),
        receivedAt,
        assets: assetsOf(alert.observables),
        rawJson,
      };
    });

    const result =
      alerts.length === 0 && events.length === 0
        ? { stored: [], duplicates: [], eventsStored: 0 }
        : await this.writer.write({ tenantId, alerts, events, receivedAt: receivedAtMs });

    errors.sort((a, b) => a.position.index - b.position.index);
    const summary: IngestSummary = {
      format,
      accepted: result.stored.length,
      duplicates: result.duplicates.length,
      rejected: errors.length,
      events: result.eventsStored,
      errors,
      duplicatePositions: result.duplicates
        .slice(0, LIST_CAP)
        .map((i) => parsed[i]?.position)
        .filter((p): p is RecordPosition => p !== undefined),
      alertIds: result.stored.slice(0, LIST_CAP).map((a) => a.id),
    };
    return { summary, stored: result.stored };
  }
}

function parseRecord(parser: SourceParser, record: InputRecord, receivedAt: string) {
  if (parser.input === 'line' && typeof record.value !== 'string') {
    return { kind: 'error', reason: `format ${parser.format} expects text lines, got ${jsonType(record.value)}` } as const;
  }
  if (parser.input === 'json' && (record.value === null || typeof record.value !== 'object' || Array.isArray(record.value))) {
    return { kind: 'error', reason: `expected a JSON object, got ${jsonType(record.value)}` } as const;
  }
  try {
    return parser.parse(record.value, receivedAt);
  } catch (error) {
    // Parsers are written not to throw; if one does, the record is rejected, not the batch.
    return { kind: 'error', reason: `parser ${parser.format} failed: ${(error as Error).message}` } as const;
  }
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
