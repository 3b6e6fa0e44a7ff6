// The outcome a step takes when the path does not say: the way forward. Not "the first outcome
// as written": a published version is stored as PostgreSQL jsonb, which keeps no key order, so
// a draft and its published version would walk differently. The rule reads only the step graph
// and the list of steps (arrays keep their order), so both walk alike.
import { outcomesOf } from '../definitions/registry';
import type { ResolvedDefinition, Step } from '../definitions/schema';

/**
 * The outcome that goes on without ending the case and without coming back (a return, a
 * follow-up that retries the step); failing that, one that comes back; failing that, one that
 * ends the case. Among those, the one that opens the most steps (the main line, not a side
 * branch that ends early), then the one whose target comes first after the step in the list.
 */
export function forwardOutcomes(definition: ResolvedDefinition): (step: Step) => string | undefined {
  const byId = new Map(definition.steps.map((s, i) => [s.id, { step: s, index: i }]));
  const chosen = new Map<string, string | undefined>();
  /** The steps reachable from `target` without passing through `stepId`, and whether an end is among them. */
  const onwards = (target: string, stepId: string): { steps: number; ends: boolean } => {
    const seen = new Set<string>([stepId]);
    const queue = [target];
    let ends = false;
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      if (seen.has(id)) continue;
      seen.add(id);
      const next = byId.get(id)?.step;
      if (next?.kind === 'end') ends = true;
      if (next) queue.push(...Object.values(outcomesOf(next)));
    }
    return { steps: seen.size - 1, ends };
  };
  const choose = (step: Step): string | undefined => {
    const here = byId.get(step.id)?.index ?? 0;
    const ranked = Object.entries(outcomesOf(step)).map(([outcome, target]) => {
      const position = byId.get(target)?.index ?? Number.MAX_SAFE_INTEGER;
      const ends = byId.get(target)?.step.kind === 'end';
      const reach = onwards(target, step.id);
      const back = !ends && !reach.ends;
      return { outcome, rank: [ends ? 2 : back ? 1 : 0, -reach.steps, position > here ? 0 : 1, position] };
    });
    ranked.sort((a, b) => compareRanks(a.rank, b.rank) || a.outcome.localeCompare(b.outcome));
    return ranked[0]?.outcome;
  };
  return (step) => {
    if (!chosen.has(step.id)) chosen.set(step.id, choose(step));
    return chosen.get(step.id);
  };
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
