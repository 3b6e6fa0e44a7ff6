// Running one case action as a caller: the one path the API routes and the web pages share,
// so both check access, ownership and the workflow's rules the same way.
import type { Client } from '@temporalio/client';
import type { Database } from '../../lib/database';
import type { CaseView } from '../../contract/case-view';
import {
  closeUpdate,
  completeStepUpdate,
  externalEventSignal,
  holdUpdate,
  reassignUpdate,
  resumeUpdate,
  type Actor,
  type CloseInput,
  type CompleteStepInput,
  type ExternalEventInput,
  type HoldInput,
  type ReassignInput,
  type ResumeInput,
} from '../../contract/messages';
import type { Principal } from '../access/roles';
import { audit, auditReadingRevision, type AuditAction } from '../audit';
import { caseAndActor, caseFor } from './access';
import { waitForProjection } from './projection-wait';
import { tellIfUntold } from './roster';
import { fromTemporalForCase, withinDeadline } from './temporal-errors';

export interface CaseActionContext {
  db: Database;
  temporal: Client;
  deadlineMs: number;
}

export type WorkflowHandle = ReturnType<Client['workflow']['getHandle']>;

/**
 * Runs one update as the caller (404/403 when the case is not theirs to see), audits it, and
 * maps a rejection to 409/422/403. Answers once the projection shows the change (at most 10 s;
 * after that the change stands and the list catches up moments later).
 */
export async function runCaseAction<B extends object>(
  { db, temporal, deadlineMs }: CaseActionContext,
  caller: Principal,
  caseId: string,
  action: AuditAction,
  body: B,
  run: (handle: WorkflowHandle, input: B & { actor: Actor }) => Promise<CaseView>,
  detail: Record<string, unknown> = {},
): Promise<CaseView> {
  const { row, actor } = await caseAndActor(db, caller, caseId);
  try {
    // People changed while Temporal was down: the case hears them before this action moves it.
    await tellIfUntold({ db, temporal, deadlineMs }, row);
    const view = await withinDeadline(temporal, deadlineMs, () =>
      run(temporal.workflow.getHandle(row.workflowId), { ...body, actor }),
    );
    // The audit row and the first read of the projected revision: one statement.
    const revision = view.projectedRevision;
    const projected = await auditReadingRevision(db, caller, action, row.id, detail);
    if (revision !== undefined && (projected ?? -1) < revision) await waitForProjection(db, row.id, revision);
    return view;
  } catch (err) {
    throw await fromTemporalForCase(err, db, caseId);
  }
}

/** Completes the case's current step with an outcome and the step's fields. */
export const completeStep = (
  ctx: CaseActionContext,
  caller: Principal,
  caseId: string,
  body: Omit<CompleteStepInput, 'actor'>,
) =>
  runCaseAction(
    ctx,
    caller,
    caseId,
    'case.complete_step',
    body,
    (h, input) => h.executeUpdate(completeStepUpdate, { args: [input] }),
    { step: body.step, outcome: body.outcome },
  );

/** Puts a case on hold. */
export const holdCase = (
  ctx: CaseActionContext,
  caller: Principal,
  caseId: string,
  body: Omit<HoldInput, 'actor'>,
) =>
  runCaseAction(ctx, caller, caseId, 'case.hold', body, (h, input) =>
    h.executeUpdate(holdUpdate, { args: [input] }),
  );

/** Resumes a case on hold. */
export const resumeCase = (
  ctx: CaseActionContext,
  caller: Principal,
  caseId: string,
  body: Omit<ResumeInput, 'actor'> = {},
) =>
  runCaseAction(ctx, caller, caseId, 'case.resume', body, (h, input) =>
    h.executeUpdate(resumeUpdate, { args: [input] }),
  );

/** Hands a case to another caseworker. */
export const reassignCase = (
  ctx: CaseActionContext,
  caller: Principal,
  caseId: string,
  body: Omit<ReassignInput, 'actor'>,
) =>
  runCaseAction(
    ctx,
    caller,
    caseId,
    'case.reassign',
    body,
    (h, input) => h.executeUpdate(reassignUpdate, { args: [input] }),
    { assignee: body.assignee },
  );

/** Closes a case early. */
export const closeCase = (
  ctx: CaseActionContext,
  caller: Principal,
  caseId: string,
  body: Omit<CloseInput, 'actor'>,
) =>
  runCaseAction(
    ctx,
    caller,
    caseId,
    'case.close',
    body,
    (h, input) => h.executeUpdate(closeUpdate, { args: [input] }),
    { reason: body.reason },
  );

/**
 * Delivers an external event (e.g. a State decision) to the case as a signal: accepted at once;
 * the workflow follows it, or records it as ignored with the reason (wrong step, unknown
 * outcome, missing data). The same eventId counts once.
 */
export async function deliverExternalEvent(
  { db, temporal, deadlineMs }: CaseActionContext,
  caller: Principal,
  caseId: string,
  body: ExternalEventInput,
) {
  const row = await caseFor(db, caller, caseId);
  try {
    await tellIfUntold({ db, temporal, deadlineMs }, row);
    await withinDeadline(temporal, deadlineMs, () =>
      temporal.workflow.getHandle(row.workflowId).signal(externalEventSignal, body),
    );
  } catch (err) {
    throw await fromTemporalForCase(err, db, row.id);
  }
  await audit(db, caller, 'case.external_event', row.id, {
    event: body.event,
    outcome: body.outcome,
    eventId: body.eventId,
  });
  return { caseId: row.id, eventId: body.eventId, accepted: true as const };
}
