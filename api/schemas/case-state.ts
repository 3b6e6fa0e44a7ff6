// The live state of a case (the workflow's CaseView) and the bodies of the case actions.
// Action bodies are the workflow's own input schemas minus the actor, which the API fills in
// from the API key.
import { CloseInput, CompleteStepInput, ExternalEventInput, HoldInput, ReassignInput, ResumeInput } from '../../workflows/messages';
import { z } from './common';

export const HistoryEntry = z.object({
  visit: z.number().int(),
  step: z.string(),
  kind: z.string(),
  enteredAt: z.string(),
  dueAt: z.string().optional(),
  leftAt: z.string().optional(),
  outcome: z.string().optional(),
  actor: z.string().optional(),
}).openapi('HistoryEntry');

export const CaseState = z.object({
  caseId: z.string(),
  reference: z.string(),
  definitionId: z.string(),
  definitionVersion: z.number().int(),
  status: z.enum(['open', 'on_hold', 'closed']),
  currentStep: z.string().nullable(),
  currentStepKind: z.string().nullable(),
  visit: z.number().int(),
  assignee: z.string(),
  priority: z.string(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  holdReason: z.string().nullable(),
  closureReason: z.string().nullable(),
  pendingReminders: z.array(z.object({ rule: z.string(), kind: z.string(), occurrence: z.number().int(), at: z.string(), to: z.string() })),
  history: z.array(HistoryEntry),
}).openapi('CaseState');

export const CompleteStepBody = CompleteStepInput.omit({ actor: true }).openapi('CompleteStep');
export const ExternalEventBody = ExternalEventInput.openapi('ExternalEvent');
export const HoldBody = HoldInput.omit({ actor: true }).openapi('Hold');
export const ResumeBody = ResumeInput.omit({ actor: true }).openapi('Resume');
export const ReassignBody = ReassignInput.omit({ actor: true }).extend({ assignee: z.string().email().max(200) }).openapi('Reassign');
export const CloseBody = CloseInput.omit({ actor: true }).openapi('Close');

export const EventAccepted = z.object({ caseId: z.string(), eventId: z.string(), accepted: z.literal(true) }).openapi('EventAccepted');
