// `npm run migrate -- <command>`: move the running cases of a definition between versions.
//   dry-run <definitionId> --from N --to M [--map old=new …] [--due keep|from_entry|from_now] [--json]
// Talks to the database and Temporal of the configuration (without any: a running `npm start`).
// Exit codes: 0 ok, 2 usage (bad arguments, unknown definition or version).
import { userInfo } from 'node:os';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { loadConfig } from '../lib/config';
import { createDatabase } from '../lib/database';
import { loadKeyring } from '../lib/keyring';
import { configuredEndpoints } from '../lib/resources';
import { connectTemporal } from '../lib/temporal-client';
import { dryRunMigration } from '../api/migrations/dry-run';
import { ApiError } from '../api/errors';
import type { Principal } from '../api/access/roles';
import { DUE_DATE_POLICIES, MigrationPlan } from '../contract/migration';
import { formatDryRun } from './migration-format';

const EXIT = { ok: 0, usage: 2 } as const;

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new InvalidArgumentError('must be a version number (1, 2, …)');
  return value;
}

function mapping(text: string, previous: Record<string, string>): Record<string, string> {
  const match = /^([a-z][a-z0-9_]*)=([a-z][a-z0-9_]*)$/.exec(text);
  if (!match) throw new InvalidArgumentError('must be old_step=new_step');
  return { ...previous, [match[1] as string]: match[2] as string };
}

/** The operator at the terminal, acting as an admin (the CLI runs where the database is). */
function operator(): Principal {
  return {
    keyId: 'cli',
    principal: `${userInfo().username}@cli`,
    role: 'admin',
    countries: [],
    partnerId: null,
  };
}

interface PlanOptions {
  from: number;
  to: number;
  map: Record<string, string>;
  due: string;
  json?: boolean;
}

async function dryRun(definitionId: string, options: PlanOptions): Promise<number> {
  const plan = MigrationPlan.safeParse({
    definitionId,
    from: options.from,
    to: options.to,
    steps: options.map,
    dueDates: options.due,
  });
  if (!plan.success) {
    console.error(plan.error.issues.map((i) => `${i.path.join('.') || 'plan'}: ${i.message}`).join('\n'));
    return EXIT.usage;
  }
  const config = loadConfig();
  const endpoints = configuredEndpoints(config);
  const db = createDatabase(endpoints.databaseUrl);
  const keys = loadKeyring(config.PATHWAYS_KEYS, endpoints.dataDir);
  const temporal = await connectTemporal(endpoints.temporalAddress, config.TEMPORAL_NAMESPACE, keys);
  try {
    const report = await dryRunMigration({ db, temporal }, operator(), plan.data);
    console.log(options.json ? JSON.stringify(report, null, 2) : formatDryRun(report));
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ApiError) {
      console.error(err.message);
      return EXIT.usage;
    }
    throw err;
  } finally {
    await temporal.connection.close();
    await db.$disconnect();
  }
}

const program = new Command('migrate').exitOverride();
program
  .command('dry-run')
  .description('what moving the live cases of <definitionId> from --from to --to would do; changes nothing')
  .argument('<definitionId>')
  .requiredOption('--from <version>', 'the version the cases are on', positiveInteger)
  .requiredOption('--to <version>', 'the version to move them to', positiveInteger)
  .option('--map <old=new>', 'a removed or renamed step and where its cases go (repeatable)', mapping, {})
  .option('--due <policy>', `the current step's deadline: ${DUE_DATE_POLICIES.join(', ')}`, 'keep')
  .option('--json', 'print the report as JSON')
  .action(async (definitionId: string, options: PlanOptions) => {
    process.exitCode = await dryRun(definitionId, options);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  else {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  }
});
