// `definitions simulate` and `definitions compare`: a virtual case walked through a definition
// file (resolved as `publish` would) or a published version (`resettlement.ke@3`, or the latest).
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { checkDefinitionFiles } from '../definitions/load';
import { DefinitionError } from '../definitions/problems';
import type { ResolvedDefinition } from '../definitions/schema';
import {
  LANGUAGES,
  PARTNER_ROLES,
  PRIORITIES,
  type Language,
  type PartnerRole,
  type Priority,
} from '../definitions/vocabulary';
import { CASE_FIELDS, PARTNER_EVENTS } from '../contract/partner-sharing';
import type { Database } from '../lib/database';
import { compareTimelines } from '../simulation/compare';
import { comparisonTable, timelineGantt, timelineTable } from '../simulation/format';
import { simulationStart } from '../simulation/local-time';
import {
  defaultPartners,
  parseOverdueText,
  parsePathText,
  type SimulatedPartner,
  type SimulationRequest,
} from '../simulation/plan';
import { simulate, type Timeline } from '../simulation/timeline';

/** A wrong argument: printed with the usage exit code. */
export class UsageError extends Error {}

interface SimulateOptions {
  priority: Priority;
  path: string;
  overdue: string;
  lang?: Language;
  start?: string;
  partner: SimulatedPartner[];
  format: 'table' | 'gantt' | 'json';
}

const PUBLISHED = /^([a-z][a-z0-9-]*(?:\.[a-z]{2})?)(?:@(\d+))?$/;

function oneOf<T extends string>(values: readonly T[], what: string) {
  return (text: string): T => {
    if ((values as readonly string[]).includes(text)) return text as T;
    throw new InvalidArgumentError(`${what} is one of ${values.join(', ')}`);
  };
}

/** `referring` or `referring:country,priority,givenName`: a partner subscribed to every event. */
function partnerOption(text: string, previous: SimulatedPartner[] = []): SimulatedPartner[] {
  const [role = '', fields] = text.split(':');
  oneOf(PARTNER_ROLES, 'the partner role')(role);
  const listed = fields === undefined ? [...CASE_FIELDS] : fields.split(',').filter(Boolean);
  if (listed.some((f) => !/^[a-zA-Z][a-zA-Z0-9_]*$/.test(f)))
    throw new InvalidArgumentError('fields are names such as country,priority,givenName');
  const partner: SimulatedPartner = {
    role: role as PartnerRole,
    profile: { fields: listed, events: [...PARTNER_EVENTS] },
    consent: true,
    webhook: true,
  };
  return [...previous, partner];
}

/** A definition file (resolved against its base as `publish` does) or a published `id[@version]`. */
async function loadDefinition(
  spec: string,
  database: () => Database,
): Promise<{ definition: ResolvedDefinition; version: number | null; label: string }> {
  if (existsSync(spec)) {
    const { loaded, failed } = checkDefinitionFiles([spec]);
    const first = loaded[0];
    if (first) return { definition: first.definition, version: null, label: basename(spec) };
    throw new DefinitionError(
      failed.flatMap(({ problems }) => problems.map((p) => ({ ...p, file: basename(spec) }))),
      `${basename(spec)} does not validate`,
    );
  }
  const match = PUBLISHED.exec(spec);
  if (!match) throw new UsageError(`no such file: ${spec}`);
  const [, id = '', version] = match;
  const store = await import('../definitions/store.js');
  const found =
    version === undefined
      ? await store.latestVersion(id, database())
      : await store.getVersion(id, Number(version), database());
  if (!found) throw new UsageError(`no such file, and no published definition "${spec}"`);
  return { definition: found.definition, version: found.version, label: `${id} v${found.version}` };
}

function requestFor(definition: ResolvedDefinition, options: SimulateOptions): SimulationRequest {
  const at = simulationStart(options.start, definition.timeZone, Date.now());
  if (at === undefined)
    throw new UsageError(`--start ${options.start} is not YYYY-MM-DD or YYYY-MM-DDTHH:MM`);
  return {
    priority: options.priority,
    path: parsePathText(options.path),
    overdue: parseOverdueText(options.overdue),
    ...(options.lang ? { language: options.lang } : {}),
    partners: options.partner.length > 0 ? options.partner : defaultPartners(),
    start: at,
  };
}

function printed(timeline: Timeline, format: SimulateOptions['format']): string {
  if (format === 'json') return `${JSON.stringify(timeline, null, 2)}\n`;
  return format === 'gantt' ? timelineGantt(timeline) : timelineTable(timeline);
}

function withSimulationOptions(command: Command): Command {
  return command
    .requiredOption('--priority <priority>', PRIORITIES.join(' | '), oneOf(PRIORITIES, 'the priority'))
    .option('--path <choices>', 'step:outcome,… (steps not on it take their first outcome)', '')
    .option('--overdue <steps>', 'step=3d,…: the step is completed that long after its due date', '')
    .option(
      '--lang <language>',
      `language of the staff messages (${LANGUAGES.join(', ')})`,
      oneOf(LANGUAGES, 'the language'),
    )
    .option(
      '--start <date>',
      'when the case starts, local time (YYYY-MM-DD or YYYY-MM-DDTHH:MM; default tomorrow 09:00)',
    )
    .option(
      '--partner <role[:fields]>',
      'a partner of the case and its profile fields (repeatable)',
      partnerOption,
      [],
    );
}

/** Adds `simulate` and `compare` to the definitions command line. */
export function addSimulationCommands(
  program: Command,
  database: () => Database,
  setExitCode: (code: number) => void,
): void {
  withSimulationOptions(
    program
      .command('simulate')
      .description('walk a virtual case through a definition file or a published version (no publishing)')
      .argument('<definition>', 'a definition file, or a published id such as resettlement.ke@3'),
  )
    .option(
      '--format <format>',
      'table | gantt | json',
      oneOf(['table', 'gantt', 'json'] as const, 'the format'),
      'table',
    )
    .action(async (spec: string, options: SimulateOptions) => {
      const { definition, version } = await loadDefinition(spec, database);
      process.stdout.write(
        printed(simulate(definition, requestFor(definition, options), version), options.format),
      );
      setExitCode(0);
    });
  withSimulationOptions(
    program
      .command('compare')
      .description('the same virtual case through two versions: days per step, reminders added and removed')
      .argument('<before>', 'a definition file or a published id such as resettlement.ke@3')
      .argument('<after>', 'a definition file (e.g. the draft) or a published id'),
  )
    .option('--format <format>', 'table | json', oneOf(['table', 'json'] as const, 'the format'), 'table')
    .action(async (first: string, second: string, options: SimulateOptions) => {
      const before = await loadDefinition(first, database);
      const after = await loadDefinition(second, database);
      const comparison = compareTimelines(
        simulate(before.definition, requestFor(before.definition, options), before.version),
        simulate(after.definition, requestFor(after.definition, options), after.version),
      );
      const { before: _b, after: _a, ...changes } = comparison;
      process.stdout.write(
        options.format === 'json'
          ? `${JSON.stringify(changes, null, 2)}\n`
          : comparisonTable(comparison, [before.label, after.label]),
      );
      setExitCode(0);
    });
}
