// What a partner is told about a closed case: that it is closed, why (a reason code and its
// words, never the free-text comment of the person who closed it) and the last partner-visible
// status it had. Pure: the case machine and the API's partner view both use it.
import type { ResolvedDefinition, Step } from './schema';
import type { ClosureReason } from './vocabulary';

/** The partner-visible status of every closed case. */
export const CLOSED_STATUS = 'Closed';

/** The partner-visible label of a case on a step: "Closed" once closed; undefined on an internal step. */
export function partnerStatusOf(
  step: Pick<Step, 'partnerStatus'> | null | undefined,
  closed: boolean,
): string | undefined {
  return closed ? CLOSED_STATUS : step?.partnerStatus;
}

/** Words for the reasons of an early closure (an end step's own title describes its reason). */
export const CLOSURE_DESCRIPTIONS: Record<ClosureReason, string> = {
  withdrawn: 'Withdrawn',
  not_eligible: 'Not eligible',
  rejected: 'Rejected',
  duplicate: 'Duplicate of another case',
  deceased: 'Deceased',
  other: 'Closed for another reason',
};

/** Why a case closed, as partners see it. */
export interface Closure {
  reason: string;
  description: string;
}

/** The closure of a case that closed with `reason` while on `stepId` (an end step, or any step for an early closure). */
export function closureOf(definition: ResolvedDefinition, reason: string, stepId: string | null): Closure {
  const step = definition.steps.find((s) => s.id === stepId);
  if (step?.kind === 'end') return { reason, description: step.title };
  const words = Object.hasOwn(CLOSURE_DESCRIPTIONS, reason)
    ? CLOSURE_DESCRIPTIONS[reason as ClosureReason]
    : undefined;
  return { reason, description: words ?? reason };
}

/** The partner-visible label of the last visited step that had one (end steps excluded); null when none. */
export function lastPartnerStatus(
  definition: ResolvedDefinition,
  visitedStepIds: readonly string[],
): string | null {
  for (let i = visitedStepIds.length - 1; i >= 0; i--) {
    const step = definition.steps.find((s) => s.id === visitedStepIds[i]);
    if (step && step.kind !== 'end' && step.partnerStatus !== undefined) return step.partnerStatus;
  }
  return null;
}
