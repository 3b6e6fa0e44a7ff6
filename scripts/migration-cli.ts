// `npm run migrate -- <command>`: move the running cases of a definition between versions.
//   dry-run <definitionId> --from N --to M [--map old=new …] [--due keep|from_entry|from_now] [--json]
//   apply   <definitionId> --from N --to M [--map old=new …] [--due …] [--paused]   (shows progress)
//   status | pause | resume <definitionId> --from N --to M
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
import { applyMigration, migrationProgress, steerMigration } from '../api/migrations/apply';
import { ApiError } from '../api/errors';
import type { Principal } from '../api/access/roles';
import type { Client } from '@temporalio/client';
import type { Database } from '../lib/database';
import { DUE_DATE_POLICIES, MigrationPlan } from '../contract/migration';
import { formatDryRun, formatProgress } from './migration-format';

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
  map?: Record<string, string>;
  due?: string;
  json?: boolean;
}

type Connected = { db: Database; temporal: Client; taskQueue: string };

/** Parses the plan, connects, runs `work`, and maps what is wrong with the plan to the usage exit code. */
async function withPlan(
  definitionId: string,
  options: PlanOptions,
  work: (deps: Connected, plan: MigrationPlan) => Promise<void>,
): Promise<number> {
  const plan = MigrationPlan.safeParse({
    definitionId,
    from: options.from,
    to: options.to,
    steps: options.map ?? {},
    dueDates: options.due ?? 'keep',
  });
  if (!plan.success) {
    console.error(plan.error.issues.map((i) => `${i.path.join('.') || 'plan'}: ${i.message}`).join('\n'));
    return EXIT.usage;
  }
  const config = loadConfig();
  const endpoints = configuredEndpoints(config);
  const db = createDatabase(endpoints.databaseUrl);
  const keys = loadKeyring(config.PATHWAYS_KEYS, endpoints.dataDir);
  const temporal = await connectTemporal(endpoints.temporalAddress, config.TEMPORAL_NAMESPACE, keys, db);
  try {
    await work({ db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE }, plan.data);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ApiError) {
      const { problems = [] } = (err.details ?? {}) as { problems?: { path: string; message: string }[] };
      console.error([err.message, ...problems.map((p) => `  ${p.path}: ${p.message}`)].join('\n'));
      return EXIT.usage;
    }
    throw err;
  } finally {
    await temporal.connection.close();
    await db.$disconnect();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts (or joins) the migration and prints its progress until it is done or paused. */
async function apply(deps: Connected, plan: MigrationPlan, paused: boolean): Promise<void> {
  let progress = await applyMigration(deps, operator(), plan, paused);
  let shown = '';
  for (;;) {
    const line = `${progress.state.padEnd(8)} ${progress.done}/${progress.total} done, ${progress.moved} moved, ${progress.skippedCount ?? progress.skipped.length} skipped`;
    if (line !== shown) console.log(line);
    shown = line;
    if (progress.state === 'done' || progress.state === 'paused') break;
    await sleep(500);
    progress = await migrationProgress(deps, operator(), plan);
  }
  console.log(formatProgress(progress));
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
    process.exitCode = await withPlan(definitionId, options, async (deps, plan) => {
      const report = await dryRunMigration(deps, operator(), plan);
      console.log(options.json ? JSON.stringify(report, null, 2) : formatDryRun(report));
    });
  });

program
  .command('apply')
  .description('move the live cases of <definitionId> from --from to --to, showing progress')
  .argument('<definitionId>')
  .requiredOption('--from <version>', 'the version the cases are on', positiveInteger)
  .requiredOption('--to <version>', 'the version to move them to', positiveInteger)
  .option('--map <old=new>', 'a removed or renamed step and where its cases go (repeatable)', mapping, {})
  .option('--due <policy>', `the current step's deadline: ${DUE_DATE_POLICIES.join(', ')}`, 'keep')
  .option('--paused', 'list the cases and move nothing until resumed')
  .action(async (definitionId: string, options: PlanOptions & { paused?: boolean }) => {
    process.exitCode = await withPlan(definitionId, options, (deps, plan) =>
      apply(deps, plan, options.paused === true),
    );
  });

for (const action of ['status', 'pause', 'resume'] as const)
  program
    .command(action)
    .description(action === 'status' ? 'where the migration stands' : `${action} the migration`)
    .argument('<definitionId>')
    .requiredOption('--from <version>', 'the version the cases are on', positiveInteger)
    .requiredOption('--to <version>', 'the version to move them to', positiveInteger)
    .action(async (definitionId: string, options: PlanOptions) => {
      process.exitCode = await withPlan(definitionId, options, async (deps, plan) => {
        const progress =
          action === 'status'
            ? await migrationProgress(deps, operator(), plan)
            : await steerMigration(deps, operator(), plan, action);
        console.log(formatProgress(progress));
      });
    });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  else {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  }
});
