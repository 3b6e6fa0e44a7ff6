// The step graph of a definition: outcomes are edges. Used to check that every step can be
// reached, that every path can end, and that "returned" really loops back. Pure.
import { outcomesOf } from './registry';
import type { Step } from './schema';

/** Outcome edges between steps, by step id; targets that are not steps are left out. */
export class StepGraph {
  private readonly next = new Map<string, string[]>();
  private readonly previous = new Map<string, string[]>();

  constructor(steps: readonly Step[]) {
    const ids = new Set(steps.map((step) => step.id));
    for (const step of steps) {
      const targets = Object.values(outcomesOf(step)).filter((target) => ids.has(target));
      this.next.set(step.id, targets);
      for (const target of targets)
        this.previous.set(target, [...(this.previous.get(target) ?? []), step.id]);
    }
  }

  /** Every step reachable from `from`, `from` included. */
  reachableFrom(from: string): Set<string> {
    return walk([from], (id) => this.next.get(id) ?? []);
  }

  /** Every step from which some path leads to one of `targets`, the targets included. */
  leadingTo(targets: Iterable<string>): Set<string> {
    return walk([...targets], (id) => this.previous.get(id) ?? []);
  }

  /** True when some path of outcomes leads from one step to another. */
  canReach(from: string, to: string): boolean {
    return this.reachableFrom(from).has(to);
  }
}

function walk(starts: string[], neighbours: (id: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...starts];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...neighbours(id));
  }
  return seen;
}
