// Joint steps (`together: <key>`): the cases of one family group wait for each other on entering
// a step with the same key. What a definition says about them, and what validation tells a
// program manager. Pure: the case workflow reads `jointKeysAhead`.
import { StepGraph } from './graph';
import { outcomesOf } from './registry';
import type { Problem } from './problems';
import type { ResolvedDefinition, Step } from './schema';

/** The joint key of a step, or undefined when it is not joint. */
export function jointKeyOf(step: Step): string | undefined {
  return step.kind === 'end' ? undefined : step.together;
}

/** Whether a case waiting on this joint step has its deadline and reminders paused (the default). */
export function pausesWhileWaiting(step: Step): boolean {
  return step.pauseWhileWaiting !== false;
}

/**
 * The joint keys a case may still reach after the step it is on (the step itself only when an
 * outcome leads back to it): the barriers this case still holds its family at.
 */
export function jointKeysAhead(definition: ResolvedDefinition, stepId: string): string[] {
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const step = byId.get(stepId);
  if (!step) return [];
  const graph = new StepGraph(definition.steps);
  const ahead = new Set<string>();
  for (const next of Object.values(outcomesOf(step)))
    for (const id of graph.reachableFrom(next)) {
      const key = byId.get(id) ? jointKeyOf(byId.get(id) as Step) : undefined;
      if (key !== undefined) ahead.add(key);
    }
  return [...ahead].sort();
}

/** Problems of joint steps in one definition: an end step cannot be joint; pauseWhileWaiting needs a key. */
export function jointStepProblems(steps: readonly { step: Step; path: string }[]): Problem[] {
  return steps.flatMap(({ step, path }): Problem[] => {
    if (step.kind === 'end' && step.together !== undefined)
      return [
        {
          path: `${path}.together`,
          message: 'an end step cannot be joint: a closed case no longer holds its family',
        },
      ];
    if (step.together === undefined && step.pauseWhileWaiting !== undefined)
      return [
        {
          path: `${path}.pauseWhileWaiting`,
          message: 'applies only to a joint step: add together: <key> or remove it',
        },
      ];
    return [];
  });
}

/**
 * A joint step that a branch can skip, explained: a step that comes strictly after it (reached
 * from it, never leading back to it) that a case can also reach without passing it. Leaving the
 * process early (an end step) is not a skip: a closed member stops holding its family anyway.
 */
export function skippableJointSteps(definition: ResolvedDefinition): Problem[] {
  const graph = new StepGraph(definition.steps);
  return definition.steps.flatMap((step, index): Problem[] => {
    const key = jointKeyOf(step);
    if (key === undefined || step.id === definition.start) return [];
    const around = new StepGraph(definition.steps.filter((other) => other.id !== step.id));
    const withoutIt = around.reachableFrom(definition.start);
    const leadingBack = graph.leadingTo([step.id]);
    const skipped = definition.steps
      .filter((later) => later.kind !== 'end' && later.id !== step.id)
      .filter((later) => graph.canReach(step.id, later.id) && !leadingBack.has(later.id))
      .filter((later) => withoutIt.has(later.id))
      .map((later) => later.id);
    if (skipped.length === 0) return [];
    return [
      {
        path: `steps[${index}].together`,
        message: `the joint step "${step.id}" (together: ${key}) can be skipped: a case can reach ${skipped.slice(0, 5).join(', ')} without passing it, and then no longer holds its family at "${key}" (nor waits there)`,
        severity: 'warning',
      },
    ];
  });
}

/** Warnings across a program's definitions: a joint key used by one step only can meet nothing else. */
export function programJointWarnings(definitions: readonly ResolvedDefinition[]): Map<string, Problem[]> {
  const uses = new Map<string, { definition: string; index: number }[]>();
  for (const definition of definitions)
    definition.steps.forEach((step, index) => {
      const key = jointKeyOf(step);
      if (key === undefined) return;
      const place = `${definition.program}/${key}`;
      uses.set(place, [...(uses.get(place) ?? []), { definition: definition.id, index }]);
    });
  const warnings = new Map<string, Problem[]>();
  for (const [place, used] of uses) {
    const [only] = used;
    if (used.length !== 1 || !only) continue;
    const [program, key] = place.split('/');
    warnings.set(only.definition, [
      ...(warnings.get(only.definition) ?? []),
      {
        path: `steps[${only.index}].together`,
        message: `the joint key "${key}" is used by this step only in program ${program}: a case here waits only for family members on this same step (check the key if it should meet another definition's step)`,
        severity: 'warning',
      },
    ]);
  }
  return warnings;
}
