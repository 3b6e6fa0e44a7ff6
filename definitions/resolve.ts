// Resolving a country overlay against its base: apply the changes in order, check that no
// outcome still points at a removed step, then validate the merged definition. Pure.
import { z } from 'zod';
import { MAX_STEPS } from './limits';
import { hasOwnKey } from './own';
import { changeStep } from './overlay-merge';
import { OverlayOrigins } from './overlay-origins';
import { applyReminderPolicy } from './overlay-policy';
import { applyTranslations, missingTranslations } from './overlay-translations';
import type { BaseDefinition, OverlayChange } from './overlay-schema';
import { AddStep, ChangeStep, MoveStep, Overlay, RemoveStep } from './overlay-schema';
import type { Problem } from './problems';
import { capProblems, problemsFromZod, suggestion } from './problems';
import type { Calendar, ResolvedDefinition, Retention } from './schema';
import type { ValidationResult } from './validate';
import { validateDefinition } from './validate';

type Json = Record<string, unknown>;
type Placed = { after?: string; before?: string };

const CHANGE_SCHEMAS = { add: AddStep, remove: RemoveStep, move: MoveStep, change: ChangeStep } as const;
const Envelope = Overlay.extend({ changes: z.array(z.unknown()).max(MAX_STEPS).default([]) });

/** The id of a country overlay's resolved definition: resettlement + KE → resettlement.ke. */
export function overlayId(baseId: string, country: string): string {
  return `${baseId}.${country.toLowerCase()}`;
}

function parseChange(raw: unknown, path: string): { change?: OverlayChange; problems: Problem[] } {
  const verb =
    raw && typeof raw === 'object'
      ? Object.keys(CHANGE_SCHEMAS).find((key) => hasOwnKey(raw, key))
      : undefined;
  if (!verb) return { problems: [{ path, message: 'a change must be one of add, remove, move or change' }] };
  const parsed = CHANGE_SCHEMAS[verb as keyof typeof CHANGE_SCHEMAS].safeParse(raw);
  return parsed.success
    ? { change: parsed.data, problems: [] }
    : { problems: problemsFromZod(parsed.error, raw, path) };
}

/** Where a step goes in the list; reports an unknown anchor or both anchors at once. */
function insertionIndex(steps: Json[], placed: Placed, path: string, problems: Problem[]): number {
  const ids = steps.map((step) => String(step.id));
  if (placed.after !== undefined && placed.before !== undefined) {
    problems.push({ path, message: 'give after or before, not both' });
    return steps.length;
  }
  const anchor = placed.after ?? placed.before;
  if (anchor === undefined) return steps.length;
  const index = ids.indexOf(anchor);
  if (index === -1) {
    problems.push({
      path: `${path}.${placed.after !== undefined ? 'after' : 'before'}`,
      message: `"${anchor}" is not a step${suggestion(anchor, ids)}`,
    });
    return steps.length;
  }
  return placed.after !== undefined ? index + 1 : index;
}

function applyChange(
  steps: Json[],
  change: OverlayChange,
  path: string,
  removed: Map<string, string>,
  origins: OverlayOrigins,
): Problem[] {
  const problems: Problem[] = [];
  const ids = steps.map((step) => String(step.id));
  const find = (id: string, at: string) => {
    const index = ids.indexOf(id);
    if (index === -1)
      problems.push({ path: at, message: `"${id}" is not a step of the base${suggestion(id, ids)}` });
    return index;
  };
  if ('add' in change) {
    if (ids.includes(change.add.id))
      problems.push({
        path: `${path}.add.id`,
        message: `"${change.add.id}" is already a step; use change to alter it`,
      });
    else {
      steps.splice(insertionIndex(steps, change, path, problems), 0, change.add as unknown as Json);
      origins.added(change.add.id, `${path}.add`);
    }
  } else if ('remove' in change) {
    const index = find(change.remove, `${path}.remove`);
    if (index !== -1) {
      steps.splice(index, 1);
      removed.set(change.remove, path);
    }
  } else if ('move' in change) {
    const index = find(change.move, `${path}.move`);
    if (index !== -1) {
      const [step] = steps.splice(index, 1);
      steps.splice(insertionIndex(steps, change, path, problems), 0, step as Json);
    }
  } else {
    const index = find(change.change, `${path}.change`);
    if (index !== -1) {
      const merged = changeStep(steps[index] as Json, change, path);
      steps[index] = merged.step;
      origins.changed(change.change, `${path}.set`, change.set as Json);
      problems.push(...merged.problems);
    }
  }
  return problems;
}

/** Problems for removed steps that remaining outcomes, timeouts or the start still point at. */
function danglingRemovals(steps: Json[], start: string, removed: Map<string, string>): Problem[] {
  return [...removed].flatMap(([id, path]) => {
    const pointers = steps.flatMap((step) =>
      Object.entries((step.outcomes ?? {}) as Record<string, string>)
        .filter(([, target]) => target === id)
        .map(([outcome]) => `${String(step.id)}.outcomes.${outcome}`),
    );
    if (start === id) pointers.unshift('start');
    if (pointers.length === 0) return [];
    return [
      {
        path: `${path}.remove`,
        message: `removes "${id}", but ${pointers.join(', ')} still go${pointers.length === 1 ? 'es' : ''} to it; change ${pointers.length === 1 ? 'it' : 'them'} in this overlay too`,
      },
    ];
  });
}

function unique(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter(
    (problem) =>
      !seen.has(`${problem.path}\n${problem.message}`) &&
      Boolean(seen.add(`${problem.path}\n${problem.message}`)),
  );
}

/**
 * A whole-value setting a country may replace (calendar, retention): the overlay's, else the
 * base's; no key at all when neither has one (older content keeps its hash).
 */
function overridden<K extends 'calendar' | 'retention'>(
  key: K,
  base: BaseDefinition | ResolvedDefinition,
  overlay: { calendar?: Calendar; retention?: Retention },
): Partial<Pick<ResolvedDefinition, K>> {
  const value = overlay[key] ?? base[key];
  return value ? ({ [key]: value } as Partial<Pick<ResolvedDefinition, K>>) : {};
}

/** Merges a base definition and a country overlay into one validated definition (id `<base>.<cc>`). */
export function resolveOverlay(
  base: BaseDefinition | ResolvedDefinition,
  overlayInput: unknown,
): ValidationResult {
  const envelope = Envelope.safeParse(overlayInput);
  if (!envelope.success) return { ok: false, problems: problemsFromZod(envelope.error, overlayInput) };
  const overlay = envelope.data;
  const problems: Problem[] = [];
  if (overlay.extends !== base.id) {
    problems.push({
      path: 'extends',
      message: `"${overlay.extends}" is not the base it was resolved against ("${base.id}")`,
    });
  }
  const steps = JSON.parse(JSON.stringify(base.steps)) as Json[];
  const removed = new Map<string, string>();
  const origins = new OverlayOrigins(steps, base.id);
  applyReminderPolicy(steps, overlay.reminders, origins);
  overlay.changes.forEach((raw, index) => {
    const { change, problems: parseProblems } = parseChange(raw, `changes[${index}]`);
    problems.push(...parseProblems);
    if (change) problems.push(...applyChange(steps, change, `changes[${index}]`, removed, origins));
  });
  const start = overlay.start ?? base.start;
  problems.push(...danglingRemovals(steps, start, removed));
  problems.push(...applyTranslations(steps, overlay.translations));
  const merged = validateDefinition({
    id: overlayId(base.id, overlay.country),
    program: base.program,
    title: overlay.title ?? `${base.title} (${overlay.country})`,
    country: overlay.country,
    timeZone: overlay.timeZone,
    ...overridden('calendar', base, overlay),
    ...overridden('retention', base, overlay),
    language: overlay.language ?? base.language,
    roles: [...new Set([...base.roles, ...overlay.roles])],
    start,
    steps,
    closureReasons: base.closureReasons,
  });
  const locate = (problem: Problem) => origins.locate(problem, steps);
  if (problems.length === 0 && merged.ok) {
    return {
      ...merged,
      warnings: unique([
        ...merged.warnings.map(locate),
        ...missingTranslations(merged.definition, base.language),
      ]),
    };
  }
  // A problem in the reminder policy appears on every step it was applied to: say it once.
  if (problems.length === 0) return { ok: false, problems: unique(merged.problems.map(locate)) };
  // The steps are broken already (and said so); the country facts can still be reported now.
  const countryFacts = merged.problems.filter((problem) => !/^(steps|start)\b/.test(problem.path));
  return { ok: false, problems: capProblems([...problems, ...countryFacts]) };
}
