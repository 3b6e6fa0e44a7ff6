// Erasure on request: an admin or supervisor of the case's country asks (with a reason code), a
// different one approves, and the approval crypto-shreds the case (activities/erasure/shred.ts).
// Only closed cases: a running case still needs its data — close it first. Audited, codes only.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { shredCase, type ErasureReason } from '../../activities/erasure/shred';
import type { Database } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';
import type { Principal } from '../access/roles';
import { audit } from '../audit';
import { CaseErasedError, ConflictError, ForbiddenError } from '../errors';
import type { Erasure } from '../schemas/erasure';
import { caseWithPersonalData } from './access';
import { fromTemporal, TEMPORAL_DEADLINE_MS, withinDeadline } from './temporal-errors';

/**
 * A closed case may still owe its last messages (the relay has not delivered them yet), or its
 * workflow (of a run recorded before owed messages) may still be sending them: erasing then would
 * leave them unable to read the case. 409 until they are out (a workflow Temporal no longer keeps
 * has finished too).
 */
async function refuseWhileRunning(
  db: Database,
  temporal: Client,
  row: { id: string; workflowId: string },
): Promise<void> {
  const stillSending = () =>
    new ConflictError(`case ${row.id} is closed but still sending its last messages: approve again shortly`, {
      rule: 'case_still_running',
    });
  const owed = await db.owedMessage.count({ where: { caseId: row.id, nextAttemptAt: { not: null } } });
  if (owed > 0) throw stillSending();
  try {
    const described = await withinDeadline(temporal, TEMPORAL_DEADLINE_MS, () =>
      temporal.workflow.getHandle(row.workflowId).describe(),
    );
    if (described.status.name === 'RUNNING') throw stillSending();
  } catch (err) {
    if (err instanceof ConflictError) throw err;
    if (err instanceof WorkflowNotFoundError) return;
    throw fromTemporal(err, row.id);
  }
}

async function closedCase(db: Database, caller: Principal, caseId: string) {
  const row = await caseWithPersonalData(db, caller, caseId);
  if (row.status !== 'closed')
    throw new ConflictError(
      `case ${row.id} is ${row.status}: close it before its personal data can be erased`,
      {
        rule: 'case_not_closed',
      },
    );
  return row;
}

/** Records a request to erase the case's personal data; it waits for a second person. */
export async function requestErasure(
  db: Database,
  caller: Principal,
  caseId: string,
  reason: ErasureReason,
): Promise<Erasure> {
  const row = await closedCase(db, caller, caseId);
  const created = await db.erasureRequest.createManyAndReturn({
    data: [{ caseId: row.id, reason, requestedBy: caller.principal }],
    skipDuplicates: true,
  });
  const request = created[0];
  if (!request)
    throw new ConflictError(`an erasure of case ${row.id} is already requested: approve it`, {
      rule: 'erasure_pending',
    });
  await audit(db, caller, 'case.request_erasure', row.id, { reason });
  return {
    caseId: row.id,
    status: 'requested',
    reason,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt.toISOString(),
  };
}

/** Approves a pending request (by someone other than its requester) and erases the case at once. */
export async function approveErasure(
  db: Database,
  keys: Keyring,
  temporal: Client,
  caller: Principal,
  caseId: string,
  now = new Date(),
): Promise<Erasure> {
  const row = await closedCase(db, caller, caseId);
  const request = await db.erasureRequest.findUnique({ where: { caseId: row.id } });
  if (!request)
    throw new ConflictError(`no erasure of case ${row.id} is requested: request it first`, {
      rule: 'no_erasure_request',
    });
  if (request.requestedBy === caller.principal)
    throw new ForbiddenError('an erasure must be approved by a second person, not the one who requested it', {
      rule: 'four_eyes',
    });
  await refuseWhileRunning(db, temporal, row);
  const reason = request.reason as ErasureReason;
  const erased = await shredCase(db, keys, row.id, now, {
    principal: caller.principal,
    reason,
    detail: { requestedBy: request.requestedBy, role: caller.role, keyId: caller.keyId },
  });
  if (!erased) throw new CaseErasedError(row.id);
  return {
    caseId: row.id,
    status: 'erased',
    reason,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt.toISOString(),
    approvedBy: caller.principal,
    erasedAt: now.toISOString(),
  };
}
