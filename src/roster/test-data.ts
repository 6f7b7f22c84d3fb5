import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where tests and benchmarks find the shared external data (`../shared/data` from the repository root);
 * `skip` is false when it is there, else a message for `node:test` to show.
 */
const repoRoot = new URL('../../', import.meta.url);
export const sharedData = new URL('../shared/data/', repoRoot);

export function dataPath(relative: string): string {
  return fileURLToPath(new URL(relative, sharedData));
}

export function skipUnlessData(relative: string): false | string {
  return existsSync(dataPath(relative)) ? false : `shared data ${relative} is absent (expected under ../shared/data)`;
}
