// Moving a case: complete its step, deliver an external event, hold, resume, reassign, close.
// Updates go to the case workflow, whose validator answers with the broken rule.
import type { Client } from '@temporalio/client';
import type { Database } from '../../lib/database';
import { CASE_HANDLERS, SUPERVISORS } from '../access/roles';
import {
  closeCase,
  completeStep,
  deliverExternalEvent,
  holdCase,
  reassignCase,
  resumeCase,
} from '../cases/act';
import type { ApiRoutes } from '../route';
import {
  CaseState,
  CloseBody,
  CompleteStepBody,
  EventAccepted,
  ExternalEventBody,
  HoldBody,
  ReassignBody,
  ResumeBody,
} from '../schemas/case-state';
import { CaseIdParams } from '../schemas/common';

export interface CaseActionDeps {
  db: Database;
  temporal: Client;
  deadlineMs: number;
}

/** Declares the routes that change a case. */
export function caseActionRoutes(routes: ApiRoutes, { db, temporal, deadlineMs }: CaseActionDeps): void {
  const ctx = { db, temporal, deadlineMs };

  routes.add({
    method: 'post',
    path: '/v1/cases/{caseId}/complete-step',
    tag: 'case actions',
    roles: CASE_HANDLERS,
    summary: 'Complete the current step with an outcome (409 wrong step or closed, 422 rule violation)',
    params: CaseIdParams,
    body: CompleteStepBody,
    response: CaseState,
    handler: ({ caller, params, body }) => completeStep(ctx, caller, params.caseId, body),
  });

  routes.add({
    method: 'post',
    path: '/v1/cases/{caseId}/events',
    tag: 'case actions',
    roles: [...CASE_HANDLERS, 'partner'],
    summary: 'Deliver an external event (e.g. a State decision); the same eventId counts once',
    params: CaseIdParams,
    body: ExternalEventBody,
    response: EventAccepted,
    statuses: { 202: 'Event accepted' },
    handler: ({ caller, params, body }) => deliverExternalEvent(ctx, caller, params.caseId, body),
  });

  routes.add({
    method: 'post',
    path: '/v1/cases/{caseId}/hold',
    tag: 'case actions',
    roles: CASE_HANDLERS,
    summary: 'Put a case on hold (e.g. security screening)',
    params: CaseIdParams,
    body: HoldBody,
    response: CaseState,
    handler: ({ caller, params, body }) => holdCase(ctx, caller, params.caseId, body),
  });

  routes.add({
    method: 'post',
    path: '/v1/cases/{caseId}/resume',
    tag: 'case actions',
    roles: CASE_HANDLERS,
    summary: 'Resume a case on hold',
    params: CaseIdParams,
    body: ResumeBody,
    response: CaseState,
    handler: ({ caller, params, body }) => resumeCase(ctx, caller, params.caseId, body),
  });

  routes.add({
    method: 'post',
    path: '/v1/cases/{caseId}/reassign',
    tag: 'case actions',
    roles: SUPERVISORS,
    summary: 'Reassign a case to another caseworker',
    params: CaseIdParams,
    body: ReassignBody,
    response: CaseState,
    handler: ({ caller, params, body }) => reassignCase(ctx, caller, params.caseId, body),
  });

  routes.add({
    method: 'post',
    path: '/v1/cases/{caseId}/close',
    tag: 'case actions',
    roles: SUPERVISORS,
    summary: 'Close a case early (withdrawn, not eligible, rejected, …)',
    params: CaseIdParams,
    body: CloseBody,
    response: CaseState,
    handler: ({ caller, params, body }) => closeCase(ctx, caller, params.caseId, body),
  });
}
