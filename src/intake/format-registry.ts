import { userError } from '../core/errors.ts';
import type { SourceParser } from './parser.ts';

/** The formats intake understands: built-in parsers plus the generic JSON mappings from the config. */
export class FormatRegistry {
  private readonly parsers = new Map<string, SourceParser>();

  constructor(parsers: readonly SourceParser[]) {
    for (const parser of parsers) this.parsers.set(parser.format, parser);
  }

  names(): string[] {
    return [...this.parsers.keys()].sort();
  }

  /** Configured mappings by name, for Splunk HEC sourcetypes that name them. */
  mappings(): Record<string, SourceParser> {
    const builtIn = new Set(['wazuh', 'suricata', 'elastic', 'ocsf', 'cef', 'syslog']);
    return Object.fromEntries([...this.parsers].filter(([name]) => !builtIn.has(name)));
  }

  has(format: string): boolean {
    return this.parsers.has(format);
  }

  /** The parser of a format, or a 400 that lists the supported formats. */
  require(format: string | undefined): SourceParser {
    const parser = format === undefined ? undefined : this.parsers.get(format);
    if (parser === undefined) {
      throw userError(
        'unknown_format',
        `${format === undefined || format === '' ? 'no format given' : `unknown format "${format}"`}: supported formats are ${this.names().join(', ')}`,
        400,
        { supported: this.names() },
      );
    }
    return parser;
  }
}
