// `npm run keys -- create --role admin --principal you@example.org [--countries KE,UG] [--partner id]`
// creates an API key and prints it once; `list` shows keys (never secrets); `revoke <id>`.
import { Command } from 'commander';
import { closeDatabase, database } from '../lib/database';
import { createApiKey, revokeApiKey } from '../api/access/api-keys';
import { RoleSchema } from '../api/access/roles';

const program = new Command('keys').description('Pathways API keys');

program
  .command('create')
  .requiredOption('--role <role>', 'admin, program_manager, supervisor, caseworker or partner')
  .requiredOption('--principal <who>', 'staff email, or partner id')
  .option('--countries <codes>', 'comma-separated ISO country codes, or *', '')
  .option('--partner <id>', 'partner organisation (partner keys)')
  .action(async (opts: { role: string; principal: string; countries: string; partner?: string }) => {
    const role = RoleSchema.parse(opts.role);
    const countries = opts.countries
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const created = await createApiKey(database(), {
      principal: opts.principal,
      role,
      countries,
      partnerId: opts.partner ?? null,
    });
    console.log(
      `Created ${role} key ${created.id} for ${opts.principal}. Store it now; it is not shown again:\n\n  ${created.key}\n`,
    );
  });

program.command('list').action(async () => {
  for (const k of await database().apiKey.findMany({ orderBy: { createdAt: 'asc' } })) {
    console.log(
      `${k.id}  pw_${k.prefix}_…  ${k.role.padEnd(15)} ${k.principal}  ${k.countries.join(',') || '-'}${k.revokedAt ? '  (revoked)' : ''}`,
    );
  }
});

program
  .command('revoke')
  .argument('<id>')
  .action(async (id: string) => {
    console.log((await revokeApiKey(database(), id)) ? `Revoked ${id}` : `No live key ${id}`);
  });

program
  .parseAsync()
  .then(closeDatabase)
  .catch(async (err: unknown) => {
    console.error((err as Error).message);
    await closeDatabase();
    process.exit(1);
  });
