import { pathToFileURL } from 'node:url';
import { buildProgram } from './cli/program.ts';
import { VigilError } from './core/errors.ts';

/** Entry point of the `vigil` command and of `npm start`. */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    if (error instanceof VigilError && error.kind === 'user') {
      process.stderr.write(`vigil: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

// Run when executed directly (`node --import tsx src/main.ts …`), not when imported by bin/vigil.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runCli(process.argv);
}
