/**
 * Offline hunting: events read from files go through one engine, in file order (so correlations span
 * files), and each match is reported with where its event came from. Correlation windows still open at
 * the end of the input are decided then.
 */
import { readEventFile } from './event-reader.ts';
import type { EvaluateMeta, SigmaEngine } from './sigma/engine.ts';
import type { SigmaMatch } from './sigma/match.ts';
import type { Logsource } from './sigma/rule-model.ts';

export interface EventOrigin {
  readonly file: string;
  /** 1-based position of the event in its file. */
  readonly position: number;
  /** Line the event starts on. */
  readonly line: number;
}

export type HuntRecord =
  | { readonly kind: 'match'; readonly match: SigmaMatch; readonly origin: EventOrigin | undefined }
  | { readonly kind: 'read-error'; readonly reason: string; readonly origin: EventOrigin };

export interface HuntOptions {
  readonly logsource?: Logsource;
  readonly stdin?: AsyncIterable<Buffer | string>;
}

export async function* huntFiles(engine: SigmaEngine, files: readonly string[], options: HuntOptions = {}): AsyncGenerator<HuntRecord> {
  const origins = new WeakMap<object, EventOrigin>();
  const meta: EvaluateMeta | undefined = options.logsource !== undefined ? { logsource: options.logsource } : undefined;
  const report = (m: SigmaMatch): HuntRecord => ({ kind: 'match', match: m, origin: origins.get(m.event) });
  for (const file of files) {
    for await (const rec of readEventFile(file, options.stdin)) {
      const origin = { file, position: rec.position, line: rec.line };
      if (rec.kind === 'error') {
        yield { kind: 'read-error', reason: rec.reason, origin };
        continue;
      }
      origins.set(rec.event, origin);
      for (const m of engine.evaluate(rec.event, meta)) yield report(m);
    }
  }
  for (const m of engine.flush(Infinity)) yield report(m);
}

/** The NDJSON line printed for a match. */
export function matchLine(match: SigmaMatch, origin: EventOrigin | undefined): string {
  const c = match.correlation;
  return JSON.stringify({
    ruleId: match.ruleId,
    title: match.title,
    level: match.level ?? null,
    kind: match.kind,
    tags: match.tags,
    time: match.time,
    file: origin?.file ?? null,
    position: origin?.position ?? null,
    line: origin?.line ?? null,
    ...(c !== undefined
      ? { correlation: { type: c.type, group: c.group, value: c.value, firstTime: c.firstTime, lastTime: c.lastTime, matches: c.matches.length } }
      : {}),
    event: match.event,
  });
}
