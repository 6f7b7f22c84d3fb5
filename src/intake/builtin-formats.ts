import type { SourceParser } from './parser.ts';
import { suricataParser } from './parsers/suricata-parser.ts';
import { wazuhParser } from './parsers/wazuh-parser.ts';

/** Every built-in source format. Config mappings are added beside them by the composition root. */
export function builtinParsers(): SourceParser[] {
  return [wazuhParser, suricataParser];
}
