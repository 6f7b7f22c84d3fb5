import { Command } from 'commander';
import { registerAdminCommands } from './admin-commands.ts';
import { registerIntakeCommands } from './intake-commands.ts';
import { registerServiceCommands } from './service-commands.ts';
import { registerWorkflowCommands } from './workflow-commands.ts';
import { registerDetectCommands } from './detect-commands.ts';
import { registerTriageCommands } from './triage-commands.ts';
import { registerRosterCommands } from './roster-commands.ts';

/**
 * The `vigil` command. Each context registers its own sub-commands from a `*-commands.ts` file;
 * this file only assembles them.
 */
export function buildProgram(): Command {
  const program = new Command('vigil').description('Vigil: 24/7 security operations').showHelpAfterError();
  registerServiceCommands(program);
  registerIntakeCommands(program);
  registerAdminCommands(program);
  registerWorkflowCommands(program);
  registerDetectCommands(program);
  registerTriageCommands(program);
  registerRosterCommands(program);
  return program;
}
