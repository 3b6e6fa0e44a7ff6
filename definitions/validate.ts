// Validation of a resolved definition: structure (zod) and meaning (graph, roles, durations),
// every problem at once, each with a path and a plain reason. Pure.
import { z } from 'zod';
import { calendarProblems } from './calendar-checks';
import { isValidTimeZone } from './duration';
import { MAX_LIST_ENTRIES, MAX_PROBLEMS, MAX_STEPS, MAX_SUGGESTIONS } from './limits';
import { StepGraph } from './graph';
import type { Problem } from './problems';
import { capProblems, closest, problemsFromZod, suggestion, withSuggestionBudget } from './problems';
import { outcomesOf } from './registry';
import { ResolvedDefinition, Step } from './schema';
import { checkStep } from './step-checks';
import { jointStepProblems } from './together';
import { definitionWarnings } from './warnings';

/** The outcome of validating: the parsed definition (defaults filled in), or every problem. */
export type ValidationResult =
  | { ok: true; definition: ResolvedDefinition; problems: []; warnings: Problem[] }
  | { ok: false; problems: Problem[] };

// Steps are parsed one by one so that one broken step does not hide the problems of the rest.
const Envelope = ResolvedDefinition.extend({ steps: z.array(z.unknown()).min(1).max(MAX_STEPS) });

/** A parsed step and its position in the file, for paths. */
interface PlacedStep {
  step: Step;
  path: string;
}

/** Validates a resolved (or base) definition and reports every problem with its path (the first MAX_PROBLEMS). */
export function validateDefinition(input: unknown): ValidationResult {
  return withSuggestionBudget(MAX_SUGGESTIONS, () => validateWithinBudget(input));
}

function validateWithinBudget(input: unknown): ValidationResult {
  const envelope = Envelope.safeParse(input);
  const raw = (input ?? {}) as { steps?: unknown; roles?: unknown };
  // Past the limit (already a problem of the envelope) the steps are not looked at one by one.
  const rawSteps = Array.isArray(raw.steps) ? (raw.steps as unknown[]).slice(0, MAX_STEPS) : [];
  const problems: Problem[] = envelope.success ? [] : problemsFromZod(envelope.error, input);
  const placed: PlacedStep[] = [];
  rawSteps.forEach((rawStep, index) => {
    const parsed = Step.safeParse(rawStep);
    if (parsed.success) placed.push({ step: parsed.data, path: `steps[${index}]` });
    // Past the most problems reported, more are not worth describing.
    else if (problems.length <= MAX_PROBLEMS)
      problems.push(...problemsFromZod(parsed.error, rawStep, `steps[${index}]`));
    else problems.push({ path: `steps[${index}]`, message: 'has problems' });
  });
  const stepIds = new Set(rawSteps.map(idOf).filter((id): id is string => id !== undefined));
  const graph = new StepGraph(placed.map(({ step }) => step));
  if (!envelope.success) {
    // The top is broken, but the roles may still be readable: check the steps against them anyway.
    const roles = Array.isArray(raw.roles)
      ? raw.roles.slice(0, MAX_LIST_ENTRIES).filter((role): role is string => typeof role === 'string')
      : undefined;
    if (roles)
      problems.push(...checkSteps(placed, stepIds, new Set(roles), graph, placed.length === rawSteps.length));
    return { ok: false, problems: capProblems(problems) };
  }
  const definition = { ...envelope.data, steps: placed.map(({ step }) => step) };
  problems.push(...checkTop(definition, stepIds));
  problems.push(...calendarProblems(definition));
  problems.push(
    ...checkSteps(placed, stepIds, new Set(definition.roles), graph, placed.length === rawSteps.length),
    ...jointStepProblems(placed),
  );
  if (placed.length === rawSteps.length && stepIds.has(definition.start))
    problems.push(...checkFlow(definition, placed, graph, problems));
  return problems.length === 0
    ? { ok: true, definition, problems: [], warnings: definitionWarnings(definition) }
    : { ok: false, problems: capProblems(problems) };
}

function idOf(rawStep: unknown): string | undefined {
  const id = rawStep && typeof rawStep === 'object' ? (rawStep as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function checkTop(definition: ResolvedDefinition, stepIds: ReadonlySet<string>): Problem[] {
  const problems = duplicates(definition.roles, (index, role) => ({
    path: `roles[${index}]`,
    message: `"${role}" is listed twice`,
  }));
  problems.push(
    ...duplicates(
      definition.steps.map((step) => step.id),
      (index, id, first) => ({
        path: `steps[${index}].id`,
        message: `"${id}" is already the id of steps[${first}]; step ids must be unique`,
      }),
    ),
  );
  if (!stepIds.has(definition.start)) {
    problems.push({
      path: 'start',
      message: `"${definition.start}" is not a step${suggestion(definition.start, stepIds)}`,
    });
  }
  if (!isValidTimeZone(definition.timeZone)) {
    problems.push({
      path: 'timeZone',
      message: `"${definition.timeZone}" is not an IANA time zone such as Africa/Nairobi${suggestion(definition.timeZone, knownTimeZones())}`,
    });
  }
  return problems;
}

function checkSteps(
  placed: PlacedStep[],
  stepIds: ReadonlySet<string>,
  roles: ReadonlySet<string>,
  graph: StepGraph,
  complete: boolean,
): Problem[] {
  // With a step that did not parse, the graph lacks its outcomes: do not blame the others for it.
  const canReach = (from: string, to: string) => !complete || graph.canReach(from, to);
  return placed.flatMap(({ step, path }) => checkStep(step, { path, stepIds, roles, canReach }));
}

/** An outcome that goes to no step, and the step it most likely meant. */
interface DanglingOutcome {
  path: string;
  meant?: string;
}

function danglingOutcomes(placed: PlacedStep[], stepIds: ReadonlySet<string>): DanglingOutcome[] {
  return placed.flatMap(({ step, path }) =>
    Object.entries(outcomesOf(step))
      .filter(([, target]) => !stepIds.has(target))
      .map(([outcome, target]) => ({ path: `${path}.outcomes.${outcome}`, meant: closest(target, stepIds) })),
  );
}

/** The steps as they would be with every mistyped outcome going where it most likely meant. */
function repairedSteps(placed: PlacedStep[], stepIds: ReadonlySet<string>): Step[] {
  return placed.map(({ step }) => {
    if (!('outcomes' in step)) return step;
    const outcomes = Object.fromEntries(
      Object.entries(step.outcomes).map(([outcome, target]) => [
        outcome,
        stepIds.has(target) ? target : (closest(target, stepIds) ?? target),
      ]),
    );
    return { ...step, outcomes } as Step;
  });
}

/**
 * Steps that cannot be reached, or cannot end, only because an outcome is mistyped are not
 * reported one by one: the mistyped outcome's problem says how many follow from it.
 */
function checkFlow(
  definition: ResolvedDefinition,
  placed: PlacedStep[],
  graph: StepGraph,
  earlier: Problem[],
): Problem[] {
  const ends = definition.steps.filter((step) => step.kind === 'end').map((step) => step.id);
  if (ends.length === 0)
    return [{ path: 'steps', message: 'there is no end step, so no case can ever close' }];
  const stepIds = new Set(definition.steps.map((step) => step.id));
  const dangling = danglingOutcomes(placed, stepIds);
  const repaired = dangling.length === 0 ? graph : new StepGraph(repairedSteps(placed, stepIds));
  const reachableNow = graph.reachableFrom(definition.start);
  const reachable = repaired.reachableFrom(definition.start);
  const canEnd = repaired.leadingTo(ends);
  const followers = placed.filter(({ step }) => !reachableNow.has(step.id) && reachable.has(step.id)).length;
  const cause = earlier.find((problem) =>
    dangling.some((d) => d.meant !== undefined && d.path === problem.path),
  );
  if (cause && followers > 0) {
    cause.message += ` (until this is fixed, ${followers} step${followers === 1 ? '' : 's'} after it cannot be reached)`;
  }
  const problems: Problem[] = [];
  for (const { step, path } of placed) {
    if (!reachable.has(step.id)) {
      problems.push({
        path,
        message: `"${step.id}" cannot be reached from the start step "${definition.start}"; no outcome goes to it`,
      });
    } else if (!canEnd.has(step.id)) {
      problems.push({
        path,
        message: `"${step.id}" is caught in a loop with no exit: no path of outcomes from it reaches an end step`,
      });
    }
  }
  return problems;
}

function duplicates(
  values: string[],
  problem: (index: number, value: string, first: number) => Problem,
): Problem[] {
  const firstIndex = new Map<string, number>();
  return values.flatMap((value, index) => {
    const first = firstIndex.get(value);
    if (first === undefined) {
      firstIndex.set(value, index);
      return [];
    }
    return [problem(index, value, first)];
  });
}

function knownTimeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}
