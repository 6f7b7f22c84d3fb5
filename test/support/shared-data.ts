import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared/data beside the checkout (the project never copies it). */
export const sharedDataDir = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

/** The path of a shared data file, or a skip message when it is absent on this machine. */
export function sharedData(relative: string): { path: string; skip: string | false } {
  const path = sharedDataDir + relative;
  return { path, skip: existsSync(path) ? false : `shared data ${relative} not found at ${path}` };
}
