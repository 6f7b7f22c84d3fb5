import type { Command } from 'commander';
import { isRole, type Role } from '../core/roles.ts';
import { userError } from '../core/errors.ts';
import { printJson, withVigil, type GlobalOptions } from './open-vigil.ts';

const roleOption = (value: string): Role => {
  if (!isRole(value)) throw userError('bad_role', `unknown role ${value}`);
  return value;
};

export function registerAdminCommands(program: Command): void {
  const tenant = program.command('tenant').description('tenants (organisations)');
  tenant
    .command('create')
    .argument('<id>', 'tenant id: lower-case letters, digits, dashes')
    .requiredOption('--name <name>', 'display name')
    .option('--time-zone <tz>', 'IANA time zone', 'UTC')
    .option('--country <cc>', 'country code for the holiday calendar (e.g. GB, US, DE)')
    .option('--config <file>', 'config file')
    .option('--database <url>', 'SQLite file path or postgres:// URL')
    .action(async (id: string, options: GlobalOptions & { name: string; timeZone: string; country?: string }) => {
      await withVigil(options, (vigil) =>
        vigil.identities.createTenant({
          id,
          name: options.name,
          timeZone: options.timeZone,
          settings: options.country === undefined ? {} : { country: options.country },
        }),
      );
      printJson({ id, created: true });
    });
  tenant
    .command('list')
    .option('--config <file>', 'config file')
    .option('--database <url>', 'SQLite file path or postgres:// URL')
    .action(async (options: GlobalOptions) => {
      printJson(await withVigil(options, (vigil) => vigil.store.tenants.list()));
    });

  program
    .command('user')
    .description('users')
    .command('create')
    .requiredOption('--email <email>', 'e-mail (the sign-in name)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--tenant <tenant>', 'tenant to grant')
    .requiredOption('--role <role>', 't1, t2, t3, manager, admin, mssp, viewer', roleOption)
    .option('--password-stdin', 'read a password from stdin (for console sign-in)')
    .option('--config <file>', 'config file')
    .option('--database <url>', 'SQLite file path or postgres:// URL')
    .action(async (options: GlobalOptions & { email: string; name: string; tenant: string; role: Role; passwordStdin?: boolean }) => {
      const password = options.passwordStdin === true ? (await readStdin()).trim() : undefined;
      const id = await withVigil(options, (vigil) =>
        vigil.identities.createUser({
          email: options.email,
          name: options.name,
          ...(password === undefined ? {} : { password }),
          memberships: [{ tenantId: options.tenant, role: options.role }],
        }),
      );
      printJson({ id });
    });

  program
    .command('token')
    .description('API tokens')
    .command('create')
    .description('create a token; the secret is printed once')
    .option('--tenant <tenant>', 'service token for this tenant (with --role)')
    .option('--role <role>', 'service token role, e.g. ingest', roleOption)
    .option('--user <email>', "a user's personal token (acts with the user's roles)")
    .requiredOption('--name <name>', 'what the token is for')
    .option('--config <file>', 'config file')
    .option('--database <url>', 'SQLite file path or postgres:// URL')
    .action(async (options: GlobalOptions & { tenant?: string; role?: Role; user?: string; name: string }) => {
      const issued = await withVigil(options, async (vigil) => {
        if (options.user !== undefined) {
          const user = await vigil.store.identities.findUserByEmail(options.user);
          if (user === undefined) throw userError('unknown_user', `no user ${options.user}`);
          return vigil.identities.createUserToken(user.id, options.name);
        }
        if (options.tenant === undefined || options.role === undefined) {
          throw userError('bad_token_request', 'give --user EMAIL, or --tenant T --role R');
        }
        return vigil.identities.createServiceToken(options.tenant, options.role, options.name);
      });
      printJson(issued);
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}
