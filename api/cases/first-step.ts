// A new case's state without asking its workflow: the start answers with it, so the start does
// not wait for the worker's first workflow task.
import type { CaseView } from '../../contract/case-view';
import type { StartCaseInput } from '../../contract/messages';
import { caseView, startCase as enterFirstStep } from '../../workflows/machine';

/**
 * The view a case's workflow answers right after it starts: the same state machine, the same
 * input, the first step entered when the case row was written (`openedAt`). The flags are those a
 * new run sets (every patch of case.workflow.ts is in a new history).
 */
export function firstStepView(input: StartCaseInput, row: { workflowId: string; openedAt: Date }): CaseView {
  // As a new run of the case workflow does: the per-person rule on entering the first step, the other two after.
  const { state } = enterFirstStep(input, row.workflowId, row.openedAt.getTime(), { personSteps: true });
  Object.assign(state, { waitRemindersFromEntry: true, calendarDates: true });
  return caseView(state, Date.now());
}
