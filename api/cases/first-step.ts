// A new case's first transition without asking its workflow: the start records it (the case
// row's projection, the first visit, its events and the messages they owe) in the transaction
// that creates the case, and answers with its view, so neither waits for the worker.
import type { StartCaseInput } from '../../contract/messages';
import type { ProjectionBatch } from '../../contract/projection';
import { projectionBatchOf, startCase as enterFirstStep, type CaseState } from '../../workflows/machine';

/** The first transition of a case as its workflow makes it, and the batch that records it. */
export interface FirstTransition {
  state: CaseState;
  batch: ProjectionBatch;
}

/**
 * What a new run of the case workflow does on start with the same input: the same state machine,
 * the first step entered when the case was opened (`input.openedAt`), the messages owed then.
 * The flags are those a new run sets (every patch of case.workflow.ts is in a new history).
 */
export function firstTransition(
  input: StartCaseInput & { openedAt: string },
  workflowId: string,
): FirstTransition {
  // As a new run does: the per-person rule on entering the first step, the other two after.
  const { state, effects } = enterFirstStep(input, workflowId, Date.parse(input.openedAt), {
    personSteps: true,
  });
  Object.assign(state, { waitRemindersFromEntry: true, calendarDates: true });
  const batch = projectionBatchOf(effects, input.openedAt);
  // A start always records at least its case_started event.
  if (!batch) throw new Error(`case ${input.caseId}: its start records nothing`);
  return { state, batch };
}
