import { loadConfig } from '../config.ts';
import { createVigil, type Vigil } from '../vigil.ts';

export interface GlobalOptions {
  readonly config?: string;
  readonly database?: string;
}

/** Opens Vigil for a one-shot command (no listener): config file, then env, then --database. */
export async function openVigil(options: GlobalOptions): Promise<Vigil> {
  const config = loadConfig({
    file: options.config,
    overrides: options.database === undefined ? undefined : { database: { url: options.database } },
  });
  return createVigil(config, { logger: false });
}

/** Runs a command body against an opened Vigil and always closes it. */
export async function withVigil<T>(options: GlobalOptions, body: (vigil: Vigil) => Promise<T>): Promise<T> {
  const vigil = await openVigil(options);
  try {
    return await body(vigil);
  } finally {
    await vigil.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
