// Where each step of a resolved overlay came from, so that a problem found in the merged
// definition is reported at the path in the file the program manager wrote (changes[1].set…)
// rather than at the merged list's steps[5]…, which exists in no file. Pure.
import type { Problem } from './problems';
import { formatPath } from './problems';

type Json = Record<string, unknown>;

/** A step added by a change, or a base step (its index in the base) that changes may have set properties of. */
interface StepOrigin {
  added?: string;
  baseIndex?: number;
  changes: { path: string; set: Json }[];
}

/** Records, change by change, which overlay entry wrote each step. */
export class OverlayOrigins {
  private readonly origins = new Map<string, StepOrigin>();

  constructor(
    baseSteps: readonly Json[],
    private readonly baseId: string,
  ) {
    baseSteps.forEach((step, index) => this.origins.set(String(step.id), { baseIndex: index, changes: [] }));
  }

  /** A step added at `path` (changes[0].add). */
  added(id: string, path: string): void {
    this.origins.set(id, { added: path, changes: [] });
  }

  /** Properties of a step set at `path` (changes[1].set). */
  changed(id: string, path: string, set: Json): void {
    this.origins.get(id)?.changes.push({ path, set });
  }

  /** The problem at the path of the file that wrote the offending part; steps the overlay never touched point into the base. */
  locate(problem: Problem, steps: readonly Json[]): Problem {
    const match = /^steps\[(\d+)\](.*)$/.exec(problem.path);
    const step = match ? steps[Number(match[1])] : undefined;
    const origin = step ? this.origins.get(String(step.id)) : undefined;
    if (!match || !step || !origin) return problem;
    const rest = segmentsOf(match[2] ?? '');
    for (const change of [...origin.changes].reverse()) {
      const within = pathWithin(change.set, rest, step);
      if (within) return { ...problem, path: joined(change.path, within) };
    }
    if (origin.added) return { ...problem, path: joined(origin.added, rest) };
    return {
      ...problem,
      path: formatPath(['steps', origin.baseIndex ?? 0, ...rest]),
      message: `(in the base "${this.baseId}", step "${String(step.id)}") ${problem.message}`,
    };
  }
}

function joined(prefix: string, rest: (string | number)[]): string {
  const tail = formatPath(rest);
  if (!tail || !prefix) return tail || prefix;
  return tail.startsWith('[') ? `${prefix}${tail}` : `${prefix}.${tail}`;
}

function segmentsOf(rest: string): (string | number)[] {
  return [...rest.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)].map((m) =>
    m[2] !== undefined ? Number(m[2]) : (m[1] as string),
  );
}

// Entries of these lists are merged by a key, so the merged index differs from the change's.
const LIST_KEYS: Record<string, string> = { reminders: 'id', fields: 'name' };

/**
 * The part of `rest` (a path inside the merged step) that the change's `set` wrote, translated
 * to indexes of the change's own lists; undefined when the change did not touch it.
 */
function pathWithin(set: Json, rest: (string | number)[], merged: Json): (string | number)[] | undefined {
  const [property, index, ...deeper] = rest;
  if (typeof property !== 'string' || !Object.hasOwn(set, property)) return undefined;
  const written = set[property];
  if (typeof index !== 'number' || !Array.isArray(written))
    return mappingPath(written, [property], rest.slice(1));
  const mergedList = Array.isArray(merged[property]) ? (merged[property] as Json[]) : [];
  const key = LIST_KEYS[property];
  const own = key
    ? written.findIndex((entry) => (entry as Json)[key] === mergedList[index]?.[key])
    : index - (mergedList.length - written.length); // notifications are appended
  if (own < 0 || own >= written.length) return undefined; // an entry this change did not write
  return [property, own, ...deeper];
}

/** Follows `rest` into a written mapping as far as the change wrote it. */
function mappingPath(
  written: unknown,
  prefix: (string | number)[],
  rest: (string | number)[],
): (string | number)[] {
  const path = [...prefix];
  let value = written;
  for (const segment of rest) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) break;
    path.push(segment);
    value = (value as Json)[segment as string];
  }
  return path;
}
