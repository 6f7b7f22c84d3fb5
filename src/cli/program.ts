import { Command } from 'commander';

/**
 * The `vigil` command. Each context registers its own sub-commands from a `*-command(s).ts` file;
 * this file only assembles them.
 */
export function buildProgram(): Command {
  const program = new Command('vigil').description('Vigil: 24/7 security operations').showHelpAfterError();
  return program;
}
