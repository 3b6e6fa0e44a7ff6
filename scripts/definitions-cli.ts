// `npm run definitions -- <command>`: validate, publish, draw, list and simulate process definitions.
// Exit codes: 0 ok, 1 a definition is invalid, 2 usage (bad arguments, unknown file or id).
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { loadConfig } from '../lib/config';
import { createDatabase, type Database } from '../lib/database';
import { configuredEndpoints } from '../lib/resources';
import { mermaidDiagram } from '../definitions/diagram';
import { checkDefinitionFiles, definitionFiles } from '../definitions/load';
import { DefinitionError, formatProblem } from '../definitions/problems';
import type { ResolvedDefinition } from '../definitions/schema';
import { SimulationError } from '../simulation/plan';
import { addSimulationCommands, UsageError } from './definitions-simulate';

const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

// Opened on first use (validate needs none). Without DATABASE_URL: the embedded database of a running `npm start`.
let opened: Database | undefined;
const database = () => (opened ??= createDatabase(configuredEndpoints(loadConfig()).databaseUrl));

function requireFiles(files: string[]): void {
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new UsageError(`no such file: ${missing.join(', ')}`);
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new InvalidArgumentError('must be a version number (1, 2, …)');
  return value;
}

async function validate(files: string[]): Promise<number> {
  requireFiles(files);
  const { loaded, failed } = checkDefinitionFiles(files);
  for (const { file, definition, warnings } of loaded) {
    const warned =
      warnings.length > 0 ? `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : '';
    console.log(`ok       ${basename(file)} → ${definition.id} (${definition.steps.length} steps${warned})`);
    for (const warning of warnings) console.log(`  ${formatProblem(warning)}`);
  }
  for (const { file, problems } of failed) {
    console.log(`invalid  ${basename(file)}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    for (const problem of problems) console.log(`  ${formatProblem(problem)}`);
  }
  return failed.length > 0 ? EXIT.invalid : EXIT.ok;
}

async function publish(file: string, by: string): Promise<number> {
  requireFiles([file]);
  const { loaded, failed } = checkDefinitionFiles([file]);
  for (const { problems } of failed)
    for (const problem of problems) console.log(formatProblem({ ...problem, file: basename(file) }));
  const first = loaded[0];
  if (!first) return EXIT.invalid;
  for (const warning of first.warnings) console.log(formatProblem(warning));
  const { publishDefinition } = await import('../definitions/store.js');
  const published = await publishDefinition(
    first.definition,
    { publishedBy: by, source: first.source },
    database(),
  );
  const what = published.created ? 'published' : 'unchanged, already';
  console.log(
    `${what} ${published.definitionId} version ${published.version} (sha256 ${published.contentHash.slice(0, 12)}) by ${published.publishedBy}`,
  );
  return EXIT.ok;
}

async function diagram(id: string, options: { version?: number; dir?: string }): Promise<number> {
  let definition: ResolvedDefinition | undefined;
  let title: string | undefined;
  if (options.dir) {
    if (options.version !== undefined)
      throw new UsageError('--version reads published versions; leave out --dir');
    requireFiles([options.dir]);
    const { loaded, failed } = checkDefinitionFiles(definitionFiles(options.dir));
    definition = loaded.find((entry) => entry.definition.id === id)?.definition;
    if (!definition && failed.length > 0)
      throw new DefinitionError(
        failed.flatMap(({ file, problems }) => problems.map((p) => ({ ...p, file: basename(file) }))),
      );
  } else {
    const store = await import('../definitions/store.js');
    const version =
      options.version === undefined
        ? await store.latestVersion(id, database())
        : await store.getVersion(id, options.version, database());
    definition = version?.definition;
    if (version) title = `${version.definition.title} (${id} version ${version.version})`;
  }
  if (!definition)
    throw new UsageError(`no definition "${id}"${options.version ? ` version ${options.version}` : ''}`);
  process.stdout.write(mermaidDiagram(definition, { title }));
  return EXIT.ok;
}

async function list(): Promise<number> {
  const { listDefinitions } = await import('../definitions/store.js');
  const definitions = await listDefinitions(database());
  if (definitions.length === 0) console.log('no definitions published yet');
  for (const entry of definitions) {
    const versions = `${entry.versions} version${entry.versions === 1 ? '' : 's'}`;
    console.log(
      `${entry.definitionId.padEnd(28)} v${String(entry.latestVersion).padEnd(4)} ${versions.padEnd(12)} ${entry.publishedAt.toISOString()}`,
    );
  }
  return EXIT.ok;
}

/** Builds the command line; each action reports its exit code. */
function definitionsProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('definitions')
    .description('Validate, publish, draw, list and simulate Pathways process definitions')
    .exitOverride()
    .showHelpAfterError();
  program
    .command('validate')
    .description('check definition files (overlays are resolved against their base)')
    .argument('<files...>', 'YAML or JSON definition files')
    .action(async (files: string[]) => setExitCode(await validate(files)));
  program
    .command('publish')
    .description('publish a definition file as a new immutable version')
    .argument('<file>', 'YAML or JSON definition file')
    .option('--by <name>', 'who publishes it', userInfo().username || 'cli')
    .action(async (file: string, options: { by: string }) => setExitCode(await publish(file, options.by)));
  program
    .command('diagram')
    .description('print the Mermaid flowchart of a definition')
    .argument('<id>', 'definition id, e.g. resettlement.ke')
    .option('--version <n>', 'a published version (default: the latest)', positiveInteger)
    .option('--dir <folder>', 'read definition files from this folder instead of the database')
    .action(async (id: string, options: { version?: number; dir?: string }) =>
      setExitCode(await diagram(id, options)),
    );
  program
    .command('list')
    .description('list published definitions and their latest versions')
    .action(async () => setExitCode(await list()));
  addSimulationCommands(program, database, setExitCode);
  return program;
}

async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  try {
    await definitionsProgram((code) => {
      exitCode = code;
    }).parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      console.error(`definitions: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof SimulationError) {
      for (const problem of error.problems) console.error(`definitions: ${problem.path}: ${problem.message}`);
      return EXIT.usage;
    }
    if (error instanceof DefinitionError) {
      console.error(error.message);
      return EXIT.invalid;
    }
    throw error;
  } finally {
    await opened?.$disconnect();
  }
  return exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const refused =
      (error as { code?: string; cause?: { code?: string } })?.code === 'ECONNREFUSED' ||
      (error as { cause?: { code?: string } })?.cause?.code === 'ECONNREFUSED' ||
      /ECONNREFUSED|Can't reach database server/.test(String(error));
    if (refused)
      console.error('definitions: cannot reach the database: start `npm start` first, or set DATABASE_URL');
    else console.error(error instanceof Error ? error.message : error);
    process.exitCode = EXIT.invalid;
  },
);
