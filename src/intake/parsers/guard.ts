import type { ParseOutcome, SourceParser } from '../parser.ts';
import { parseError } from '../parser.ts';

type ParseFn = (record: unknown, receivedAt: string) => ParseOutcome;

/**
 * Wraps a parse function so that it never throws, whatever the input (a getter that throws, a cyclic
 * value, a bug). Parsers are written not to throw; this is the last line, and it names the format.
 */
export function guardedParser(format: string, input: SourceParser['input'], parse: ParseFn): SourceParser {
  return {
    format,
    input,
    parse(record: unknown, receivedAt: string): ParseOutcome {
      try {
        return parse(record, receivedAt);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return parseError(`${format}: record could not be parsed (${message})`);
      }
    },
  };
}

/** "path: problem", the shape of every parse error reason. */
export function fieldError(path: string, problem: string): ParseOutcome {
  return parseError(`${path}: ${problem}`);
}
