// Moving a case: complete its step, deliver an external event, hold, resume, reassign, close.
// Updates go to the case workflow, whose validator answers with the broken rule.
import type { Client } from '@temporalio/client';
import type { Database } from '../../lib/database';
import {
  closeUpdate, completeStepUpdate, externalEventSignal, holdUpdate, reassignUpdate, resumeUpdate, type CaseView,
} from '../../workflows/messages';
import { CASE_HANDLERS, SUPERVISORS, type Principal } from '../access/roles';
import { audit, type AuditAction } from '../audit';
import { actorFor, caseFor } from '../cases/access';
import { waitForProjection } from '../cases/projection-wait';
import { fromTemporalForCase, withinDeadline } from '../cases/temporal-errors';
import type { ApiRoutes } from '../route';
import {
  CaseState, CloseBody, CompleteStepBody, EventAccepted, ExternalEventBody, HoldBody, ReassignBody, ResumeBody,
} from '../schemas/case-state';
import { CaseIdParams } from '../schemas/common';

export interface CaseActionDeps {
  db: Database;
  temporal: Client;
  deadlineMs: number;
}

/** Declares the routes that change a case. */
export function caseActionRoutes(routes: ApiRoutes, { db, temporal, deadlineMs }: CaseActionDeps): void {
  /**
   * Runs one update as the caller, audits it, and maps a rejection to 409/422/403. Answers once
   * the projection shows the change (at most 10 s; after that the change stands and the list
   * catches up moments later).
   */
  const act = async <B extends object>(
    caller: Principal, caseId: string, action: AuditAction, body: B,
    run: (handle: ReturnType<Client['workflow']['getHandle']>, input: B & { actor: Awaited<ReturnType<typeof actorFor>> }) => Promise<CaseView>,
    detail: Record<string, unknown> = {},
  ): Promise<CaseView> => {
    const row = await caseFor(db, caller, caseId);
    const actor = await actorFor(db, caller, row);
    try {
      const view = await withinDeadline(temporal, deadlineMs, () => run(temporal.workflow.getHandle(row.workflowId), { ...body, actor }));
      await audit(db, caller, action, caseId, detail);
      if (view.projectedRevision !== undefined) await waitForProjection(db, row.id, view.projectedRevision);
      return view;
    } catch (err) {
      throw await fromTemporalForCase(err, db, caseId);
    }
  };

  routes.add({
    method: 'post', path: '/v1/cases/{caseId}/complete-step', tag: 'case actions', roles: CASE_HANDLERS,
    summary: 'Complete the current step with an outcome (409 wrong step or closed, 422 rule violation)',
    params: CaseIdParams, body: CompleteStepBody, response: CaseState,
    handler: ({ caller, params, body }) => act(caller, params.caseId, 'case.complete_step', body,
      (h, input) => h.executeUpdate(completeStepUpdate, { args: [input] }), { step: body.step, outcome: body.outcome }),
  });

  routes.add({
    method: 'post', path: '/v1/cases/{caseId}/events', tag: 'case actions', roles: [...CASE_HANDLERS, 'partner'],
    summary: 'Deliver an external event (e.g. a State decision); the same eventId counts once',
    params: CaseIdParams, body: ExternalEventBody, response: EventAccepted, statuses: { 202: 'Event accepted' },
    handler: async ({ caller, params, body }) => {
      const row = await caseFor(db, caller, params.caseId);
      try {
        await withinDeadline(temporal, deadlineMs, () => temporal.workflow.getHandle(row.workflowId).signal(externalEventSignal, body));
      } catch (err) {
        throw await fromTemporalForCase(err, db, row.id);
      }
      await audit(db, caller, 'case.external_event', row.id, { event: body.event, outcome: body.outcome, eventId: body.eventId });
      return { caseId: row.id, eventId: body.eventId, accepted: true as const };
    },
  });

  routes.add({
    method: 'post', path: '/v1/cases/{caseId}/hold', tag: 'case actions', roles: CASE_HANDLERS,
    summary: 'Put a case on hold (e.g. security screening)', params: CaseIdParams, body: HoldBody, response: CaseState,
    handler: ({ caller, params, body }) => act(caller, params.caseId, 'case.hold', body,
      (h, input) => h.executeUpdate(holdUpdate, { args: [input] })),
  });

  routes.add({
    method: 'post', path: '/v1/cases/{caseId}/resume', tag: 'case actions', roles: CASE_HANDLERS,
    summary: 'Resume a case on hold', params: CaseIdParams, body: ResumeBody, response: CaseState,
    handler: ({ caller, params, body }) => act(caller, params.caseId, 'case.resume', body,
      (h, input) => h.executeUpdate(resumeUpdate, { args: [input] })),
  });

  routes.add({
    method: 'post', path: '/v1/cases/{caseId}/reassign', tag: 'case actions', roles: SUPERVISORS,
    summary: 'Reassign a case to another caseworker', params: CaseIdParams, body: ReassignBody, response: CaseState,
    handler: ({ caller, params, body }) => act(caller, params.caseId, 'case.reassign', body,
      (h, input) => h.executeUpdate(reassignUpdate, { args: [input] }), { assignee: body.assignee }),
  });

  routes.add({
    method: 'post', path: '/v1/cases/{caseId}/close', tag: 'case actions', roles: SUPERVISORS,
    summary: 'Close a case early (withdrawn, not eligible, rejected, …)', params: CaseIdParams, body: CloseBody, response: CaseState,
    handler: ({ caller, params, body }) => act(caller, params.caseId, 'case.close', body,
      (h, input) => h.executeUpdate(closeUpdate, { args: [input] }), { reason: body.reason }),
  });
}
