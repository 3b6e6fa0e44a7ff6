// The live state of a case (the workflow's CaseView, without what only the API uses) and the
// bodies of the case actions. Action bodies are the workflow's own input schemas minus the
// actor, which the API fills in from the API key.
import { CaseView, HISTORY_KEPT, HistoryEntry as WorkflowHistoryEntry } from '../../contract/case-view';
import {
  CloseInput,
  CompleteStepInput,
  ExternalEventInput,
  HoldInput,
  ReassignInput,
  ResumeInput,
} from '../../contract/messages';
import { z } from './common';

export const HistoryEntry = WorkflowHistoryEntry.openapi('HistoryEntry');

// projectedRevision is the API's own wait condition, not part of the answer.
export const CaseState = CaseView.omit({ projectedRevision: true })
  .extend({
    history: z.array(HistoryEntry).openapi({
      description: `The case's most recent step visits (at most ${HISTORY_KEPT}), oldest first; GET /v1/cases/{id} lists all`,
    }),
  })
  .openapi('CaseState');

export const CompleteStepBody = CompleteStepInput.omit({ actor: true }).openapi('CompleteStep');
export const ExternalEventBody = ExternalEventInput.openapi('ExternalEvent');
export const HoldBody = HoldInput.omit({ actor: true }).openapi('Hold');
export const ResumeBody = ResumeInput.omit({ actor: true }).openapi('Resume');
export const ReassignBody = ReassignInput.omit({ actor: true })
  .extend({ assignee: z.string().email().max(200) })
  .openapi('Reassign');
export const CloseBody = CloseInput.omit({ actor: true }).openapi('Close');

export const EventAccepted = z
  .object({ caseId: z.string(), eventId: z.string(), accepted: z.literal(true) })
  .openapi('EventAccepted');
