import type { SourceParser } from './parser.ts';
import { createMappingParser, getParser, PARSER_FORMATS } from './parsers/index.ts';

/**
 * Every format intake accepts: the built-in parsers plus one per generic JSON mapping in the config.
 * A bad mapping is a config error reported at start-up, naming every problem.
 */
export function intakeParsers(mappings: readonly unknown[]): SourceParser[] {
  const builtIn = PARSER_FORMATS.map((format) => getParser(format)).filter((p): p is SourceParser => p !== undefined);
  return [...builtIn, ...mappings.map((m) => createMappingParser(m))];
}
