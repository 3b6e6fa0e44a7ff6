// Which step visits count as which milestone of UNHCR's monthly resettlement statistics: the
// step says its milestone (and optionally which outcomes reach it). Pure.
import type { Step } from './schema';
import type { Milestone } from './vocabulary';

/** The outcomes a decision is counted by, as the statistics name them. */
export const DECISION_OUTCOMES = ['accepted', 'rejected', 'deferred'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** Whether an outcome is one a decision is counted by. */
export function isDecisionOutcome(outcome: string): outcome is DecisionOutcome {
  return (DECISION_OUTCOMES as readonly string[]).includes(outcome);
}

/** The milestone a visit of `step` that left by `outcome` reaches; undefined when none. */
export function milestoneReached(
  step: Pick<Step, 'milestone' | 'milestoneOutcomes'>,
  outcome: string,
): Milestone | undefined {
  if (step.milestone === undefined) return undefined;
  if (step.milestoneOutcomes !== undefined && !step.milestoneOutcomes.includes(outcome)) return undefined;
  if (step.milestone === 'decision' && !isDecisionOutcome(outcome)) return undefined;
  return step.milestone;
}
