import { userError } from '../core/errors.ts';
import type { FormatRegistry } from './format-registry.ts';
import type { IngestSummary, IntakeService } from './intake-service.ts';
import type { SourceParser } from './parser.ts';
import { createRawEventParser } from './raw-event-parser.ts';
import { recordsFromValue, splitJsonBody, splitLines, type SplitRecords } from './records.ts';

/** What a request body holds: alerts of a format, or raw events of a source (for detection). */
export type BodyTarget = { readonly kind: 'alerts'; readonly format: string } | { readonly kind: 'events'; readonly source: string };

/**
 * Intake of whole request bodies (`POST /api/v1/alerts` and `/api/v1/events`): in process, or by the
 * intake pool's threads (threads/intake-pool.ts), which parse and write beside the request thread.
 */
export interface BodyIntake {
  ingestBody(tenantId: string, target: BodyTarget, body: Uint8Array, receivedAtMs?: number): Promise<IngestSummary>;
  /** The tenant's asset inventory changed: threads holding their own copy of it reload it. */
  invalidateAssets(tenantId: string): void;
  close(): Promise<void>;
}

export function parserFor(formats: FormatRegistry, target: BodyTarget): SourceParser {
  return target.kind === 'alerts' ? formats.require(target.format) : createRawEventParser(target.source);
}

const utf8 = new TextDecoder('utf-8');

/** Records of a body: JSON (object, array or NDJSON) for JSON formats; lines, or a JSON array of strings, for line formats. */
export function splitBody(parser: SourceParser, body: Uint8Array | string): SplitRecords {
  const text = typeof body === 'string' ? body : utf8.decode(body);
  if (text.trim() === '') throw userError('empty_body', 'the request body is empty');
  if (parser.input === 'json') return splitJsonBody(text);
  if (text.trimStart().startsWith('[')) {
    try {
      return recordsFromValue(JSON.parse(text) as unknown);
    } catch {
      // Not JSON after all: a line that happens to start with '['.
    }
  }
  return splitLines(text);
}

/** Bodies parsed and written on the request's own thread (PostgreSQL, in-memory SQLite, tests). */
export class InProcessBodyIntake implements BodyIntake {
  private readonly intake: IntakeService;
  private readonly formats: FormatRegistry;

  constructor(intake: IntakeService, formats: FormatRegistry) {
    this.intake = intake;
    this.formats = formats;
  }

  ingestBody(tenantId: string, target: BodyTarget, body: Uint8Array, receivedAtMs?: number): Promise<IngestSummary> {
    const parser = parserFor(this.formats, target);
    return this.intake.ingest(tenantId, parser, splitBody(parser, body), receivedAtMs);
  }

  invalidateAssets(): void {
    // Nothing to do: in process, intake uses the service's own asset index, which the asset service resets.
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
