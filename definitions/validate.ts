// Validation of a resolved definition: structure (zod) and meaning (graph, roles, durations),
// every problem at once, each with a path and a plain reason. Pure.
import { z } from 'zod';
import { isValidTimeZone } from './duration';
import { StepGraph } from './graph';
import type { Problem } from './problems';
import { problemsFromZod, suggestion } from './problems';
import { ResolvedDefinition, Step } from './schema';
import { checkStep } from './step-checks';

/** The outcome of validating: the parsed definition (defaults filled in), or every problem. */
export type ValidationResult =
  | { ok: true; definition: ResolvedDefinition; problems: [] }
  | { ok: false; problems: Problem[] };

// Steps are parsed one by one so that one broken step does not hide the problems of the rest.
const Envelope = ResolvedDefinition.extend({ steps: z.array(z.unknown()).min(1) });

/** Validates a resolved (or base) definition and reports every problem with its path. */
export function validateDefinition(input: unknown): ValidationResult {
  const envelope = Envelope.safeParse(input);
  const rawSteps = Array.isArray((input as { steps?: unknown } | null)?.steps) ? (input as { steps: unknown[] }).steps : [];
  const problems: Problem[] = envelope.success ? [] : problemsFromZod(envelope.error, input);
  const steps: Step[] = [];
  rawSteps.forEach((raw, index) => {
    const parsed = Step.safeParse(raw);
    if (parsed.success) steps.push(parsed.data);
    else problems.push(...problemsFromZod(parsed.error, raw, `steps[${index}]`));
  });
  if (envelope.success) {
    const allStepsParsed = steps.length === rawSteps.length;
    const definition = { ...envelope.data, steps };
    problems.push(...checkMeaning(definition, rawSteps, allStepsParsed));
    if (problems.length === 0) return { ok: true, definition, problems: [] };
  }
  return { ok: false, problems };
}

function rawIds(rawSteps: unknown[]): string[] {
  return rawSteps
    .map((raw) => (raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined))
    .filter((id): id is string => typeof id === 'string');
}

function checkMeaning(definition: ResolvedDefinition, rawSteps: unknown[], allStepsParsed: boolean): Problem[] {
  const problems: Problem[] = [];
  const stepIds = new Set(rawIds(rawSteps));
  const roles = new Set(definition.roles);
  problems.push(...duplicates(definition.roles, (index, role) => ({ path: `roles[${index}]`, message: `"${role}" is listed twice` })));
  problems.push(...duplicates(definition.steps.map((step) => step.id), (index, id, first) => ({
    path: `steps[${index}].id`, message: `"${id}" is already the id of steps[${first}]; step ids must be unique`,
  })));
  if (!stepIds.has(definition.start)) {
    problems.push({ path: 'start', message: `"${definition.start}" is not a step${suggestion(definition.start, stepIds)}` });
  }
  if (!isValidTimeZone(definition.timeZone)) {
    problems.push({ path: 'timeZone', message: `"${definition.timeZone}" is not an IANA time zone such as Africa/Nairobi${suggestion(definition.timeZone, knownTimeZones())}` });
  }
  const graph = new StepGraph(definition.steps);
  const indexOf = new Map(rawIds(rawSteps).map((id, index) => [id, index] as const));
  for (const step of definition.steps) {
    const path = `steps[${indexOf.get(step.id) ?? '?'}]`;
    problems.push(...checkStep(step, { path, stepIds, roles, canReach: (from, to) => graph.canReach(from, to) }));
  }
  if (allStepsParsed && stepIds.has(definition.start)) problems.push(...checkFlow(definition, graph, indexOf));
  return problems;
}

function checkFlow(definition: ResolvedDefinition, graph: StepGraph, indexOf: Map<string, number>): Problem[] {
  const ends = definition.steps.filter((step) => step.kind === 'end').map((step) => step.id);
  if (ends.length === 0) return [{ path: 'steps', message: 'there is no end step, so no case can ever close' }];
  const reachable = graph.reachableFrom(definition.start);
  const canEnd = graph.leadingTo(ends);
  const problems: Problem[] = [];
  for (const step of definition.steps) {
    const path = `steps[${indexOf.get(step.id)}]`;
    if (!reachable.has(step.id)) {
      problems.push({ path, message: `"${step.id}" cannot be reached from the start step "${definition.start}"; no outcome goes to it` });
    } else if (!canEnd.has(step.id)) {
      problems.push({ path, message: `"${step.id}" is caught in a loop with no exit: no path of outcomes from it reaches an end step` });
    }
  }
  return problems;
}

function duplicates(values: string[], problem: (index: number, value: string, first: number) => Problem): Problem[] {
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
