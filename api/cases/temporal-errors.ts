// Turns what the Temporal client throws into API errors: an update rejected by the case
// workflow's validator names the broken rule (its failure's detail), which decides 409, 422 or
// 403 (api/errors.ts, RULE_ERROR_CODES).
import {
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { Database } from '../../lib/database';
import { isRuleName, type RuleViolation } from '../../contract/rules';
import { ApiError, DependencyUnavailableError, NotFoundError, ruleError, temporalOutage } from '../errors';

/**
 * The rule a rejected update broke: the workflow rejects with an ApplicationFailure of type
 * RuleViolation whose first detail is the RuleViolation; anything else is invalid input.
 */
export function brokenRule(err: WorkflowUpdateFailedError): RuleViolation {
  const cause = err.cause;
  const message = cause?.message ?? err.message;
  const detail =
    cause instanceof ApplicationFailure
      ? (cause.details?.[0] as { rule?: unknown; path?: unknown } | undefined)
      : undefined;
  return {
    rule: isRuleName(detail?.rule) ? detail.rule : 'invalid_input',
    message,
    ...(typeof detail?.path === 'string' ? { path: detail.path } : {}),
  };
}

/** Maps a Temporal client error for one case to an ApiError (rethrows what it does not know). */
export function fromTemporal(err: unknown, caseId: string): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof WorkflowUpdateFailedError) {
    const { rule, message, path } = brokenRule(err);
    return ruleError(rule, message, { caseId, ...(path ? { path } : {}) });
  }
  if (err instanceof WorkflowNotFoundError) return new NotFoundError('case', caseId);
  // No worker took the update before the deadline: the case cannot move right now.
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
    return new DependencyUnavailableError('temporal', err);
  const outage = temporalOutage(err);
  if (outage) return new DependencyUnavailableError(outage, err);
  throw err;
}

/**
 * Like fromTemporal, for a case whose row exists: its workflow is gone only because the case
 * closed (the workflow ends then), which is a conflict (409 case_closed), not "not found".
 */
export async function fromTemporalForCase(err: unknown, db: Database, caseId: string): Promise<ApiError> {
  const mapped = fromTemporal(err, caseId);
  if (!(err instanceof WorkflowNotFoundError)) return mapped;
  const row = await db.case.findUnique({ where: { id: caseId }, select: { status: true } });
  return row?.status === 'closed'
    ? ruleError('case_closed', `case_closed: case ${caseId} is closed`, { caseId })
    : mapped;
}

/** Default time a Temporal call may take before the API answers 503. */
export const TEMPORAL_DEADLINE_MS = 15_000;

/** Runs Temporal calls under a deadline, so a server or worker that does not answer becomes a 503, not a hang. */
export function withinDeadline<R>(temporal: Client, ms: number, fn: () => Promise<R>): Promise<R> {
  return temporal.withDeadline(Date.now() + ms, fn);
}
