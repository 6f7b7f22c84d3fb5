/**
 * Source-format parsers of the intake: one `SourceParser` per format, plus the Splunk HEC unpacker and the
 * generic JSON mapping. See README.md beside this file for the field and severity mappings.
 */
import type { SourceParser } from '../parser.ts';
import { cefParser } from './cef-parser.ts';
import { elasticParser } from './elastic-parser.ts';
import { ocsfParser } from './ocsf-parser.ts';
import { suricataParser } from './suricata-parser.ts';
import { syslogParser } from './syslog-parser.ts';
import { wazuhParser } from './wazuh-parser.ts';

/** Built-in record formats (configured JSON mappings add their own names). */
export const PARSER_FORMATS = ['wazuh', 'suricata', 'elastic', 'ocsf', 'cef', 'syslog'] as const;
export type ParserFormat = (typeof PARSER_FORMATS)[number];

const PARSERS: Readonly<Record<ParserFormat, SourceParser>> = {
  wazuh: wazuhParser,
  suricata: suricataParser,
  elastic: elasticParser,
  ocsf: ocsfParser,
  cef: cefParser,
  syslog: syslogParser,
};

export function isParserFormat(format: string): format is ParserFormat {
  return (PARSER_FORMATS as readonly string[]).includes(format);
}

/** The built-in parser for `format`, or undefined (the caller answers 400 with PARSER_FORMATS). */
export function getParser(format: string): SourceParser | undefined {
  return isParserFormat(format) ? PARSERS[format] : undefined;
}

export { wazuhParser, suricataParser, elasticParser, ocsfParser, cefParser, syslogParser };
export { createSyslogParser } from './syslog-parser.ts';
export type { SyslogParserOptions } from './syslog-parser.ts';
export { createMappingParser } from './mapping-parser.ts';
export { FieldMappingSchema, MappingFieldsSchema, MAPPING_FIELD_NAMES, validateMapping } from './mapping-schema.ts';
export type { FieldMapping, FieldMappingInput, MappingFieldName } from './mapping-schema.ts';
export { unpackHec, parserForSourcetype } from './hec-unpack.ts';
export type { HecMeta, HecOptions, HecResult } from './hec-unpack.ts';
export { splitConcatenatedJson } from './json-stream.ts';
export type { JsonChunk } from './json-stream.ts';
export { toIsoUtc, epochToIso } from './time-normalise.ts';
export type { TimeOptions } from './time-normalise.ts';
export { wazuhLevelSeverity, suricataSeverity, cefSeverity, elasticSeverity, ocsfSeverity } from './severity-bands.ts';
