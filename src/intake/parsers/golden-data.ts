import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The project's external test data lives beside the checkout, in `../shared/data` (never copied into the
 * repository). Tests and benchmarks read it from there and skip, saying why, when it is absent.
 */
const REPO_ROOT = new URL('../../../', import.meta.url);
export const SHARED_DATA = new URL('../shared/data/', REPO_ROOT);

export const WAZUH_ALERTS = 'alerts/wazuh/ossec_spiral.jsonl';
export const SURICATA_EVE = 'alerts/suricata/eve-spiral.jsonl';

/** Absolute path of a shared data file, or undefined when it is not there. */
export function sharedDataFile(relative: string): string | undefined {
  const path = fileURLToPath(new URL(relative, SHARED_DATA));
  return existsSync(path) ? path : undefined;
}

/** The reason to give `test(..., { skip })` when a shared data file is missing, or false when present. */
export function skipUnlessData(relative: string): string | false {
  return sharedDataFile(relative) === undefined
    ? `shared test data absent: ${fileURLToPath(new URL(relative, SHARED_DATA))} (tests read ../shared/data beside the checkout)`
    : false;
}

/** Non-empty lines of a shared JSONL file (empty when absent). */
export function sharedDataLines(relative: string): string[] {
  const path = sharedDataFile(relative);
  if (path === undefined) return [];
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim().length > 0);
}
