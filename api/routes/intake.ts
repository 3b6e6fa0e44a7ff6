// Intake: a manager saves a source's mapping (and gets its token once); KoboToolbox / ODK post
// submissions to the source's webhook; refused submissions are listed and retried.
import type { StartCaseDeps } from '../cases/start-case';
import { MANAGERS } from '../access/roles';
import { audit } from '../audit';
import { ConflictError, NotFoundError, RuleViolationError } from '../errors';
import { processSubmission, receiveSubmission, STUCK_AFTER_MS, type IntakeOutcome } from '../intake/receive';
import { authenticateSource, rotateSourceToken, saveSource, sourceFor } from '../intake/sources';
import { reply, type ApiRoutes } from '../route';
import {
  IntakeReceipt,
  RejectedList,
  SaveSourceBody,
  SourceParams,
  SourceSaved,
  Submission,
  SubmissionParams,
} from '../schemas/intake';
import { z } from '../schemas/common';

/** What intake starts cases with: the start-case service's dependencies. */
export type IntakeRouteDeps = StartCaseDeps;

const receipt = (outcome: IntakeOutcome) =>
  outcome.status === 'started'
    ? reply(outcome.repeat ? 200 : 201, {
        status: outcome.status,
        submissionId: outcome.submissionId,
        caseId: outcome.caseId,
      })
    : reply(202, outcome);

type IntakeProblem = { path: string; message: string };
const NOT_STARTED: IntakeProblem = {
  path: 'case',
  message: 'not started yet: Temporal or the database was unavailable when it arrived; retry it',
};

/** Declares the intake routes. */
export function intakeRoutes(routes: ApiRoutes, deps: IntakeRouteDeps): void {
  const { db, keys } = deps;

  routes.add({
    method: 'put',
    path: '/v1/intake/{source}/mapping',
    tag: 'intake',
    roles: MANAGERS,
    summary: "Create or replace an intake source's mapping (a new source's token is returned once)",
    params: SourceParams,
    body: SaveSourceBody,
    response: SourceSaved,
    statuses: { 200: 'Mapping replaced', 201: 'Source created; its token is shown once' },
    handler: async ({ caller, params, body }) => {
      const saved = await saveSource(db, caller, params.source, body);
      await audit(db, caller, 'intake.source_save', null, { source: params.source, created: saved.created });
      return reply(saved.created ? 201 : 200, { source: params.source, ...saved });
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/intake/{source}/token',
    tag: 'intake',
    roles: MANAGERS,
    summary: "Replace a source's token (the old one stops working at once); shown once",
    params: SourceParams,
    response: z.object({ source: z.string(), token: z.string() }),
    handler: async ({ caller, params }) => {
      await sourceFor(db, caller, params.source);
      const token = await rotateSourceToken(db, params.source);
      await audit(db, caller, 'intake.rotate_token', null, { source: params.source });
      return { source: params.source, token };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/intake/{source}',
    tag: 'intake',
    roles: 'public',
    summary:
      'A KoboToolbox / ODK REST-service submission (source token: Authorization: Token …, or basic auth); idempotent by _uuid',
    params: SourceParams,
    body: Submission,
    response: IntakeReceipt,
    statuses: {
      201: 'Case started',
      200: 'A repeat: the case this submission already started',
      202: 'Kept, not started: the submission does not map (listed for a manager)',
    },
    handler: async ({ params, body, req }) => {
      const source = await authenticateSource(db, params.source, req.get('authorization'));
      return receipt(await receiveSubmission(deps, source, body));
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/intake/{source}/rejected',
    tag: 'intake',
    roles: MANAGERS,
    summary:
      "A source's submissions that did not map (or could not start), with their problems (no answers), oldest first",
    params: SourceParams,
    response: RejectedList,
    handler: async ({ caller, params }) => {
      await sourceFor(db, caller, params.source);
      const stuck = { status: 'received', updatedAt: { lt: new Date(Date.now() - STUCK_AFTER_MS) } };
      const rows = await db.intakeSubmission.findMany({
        where: { sourceId: params.source, OR: [{ status: 'rejected' }, stuck] },
        orderBy: { receivedAt: 'asc' },
        take: 200,
      });
      return {
        submissions: rows.map((row) => ({
          id: row.id,
          key: row.key,
          formId: row.formId,
          attempts: row.attempts,
          receivedAt: row.receivedAt.toISOString(),
          updatedAt: row.updatedAt.toISOString(),
          status: row.status as 'rejected' | 'received',
          problems: row.status === 'received' ? [NOT_STARTED] : (row.problems as IntakeProblem[]),
        })),
      };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/intake/{source}/rejected/{submissionId}/retry',
    tag: 'intake',
    roles: MANAGERS,
    summary: 'Map a kept submission again (after the mapping was fixed) and start its case',
    params: SubmissionParams,
    response: IntakeReceipt,
    statuses: { 201: 'Case started' },
    handler: async ({ caller, params }) => {
      const source = await sourceFor(db, caller, params.source);
      const row = await db.intakeSubmission.findFirst({
        where: { id: params.submissionId, sourceId: source.id },
      });
      if (!row) throw new NotFoundError('submission', params.submissionId);
      if (row.status === 'started' || !row.payload)
        throw new ConflictError(`submission ${row.id} is ${row.status}, not waiting for a retry`);
      const submission = JSON.parse(keys.open(row.payload)) as Record<string, unknown>;
      const outcome = await processSubmission(deps, source, row.id, row.key, submission);
      await audit(db, caller, 'intake.retry', outcome.status === 'started' ? outcome.caseId : null, {
        source: source.id,
        submissionId: row.id,
        outcome: outcome.status,
      });
      if (outcome.status === 'rejected')
        throw new RuleViolationError('the submission still does not map', {
          rule: 'unmappable_submission',
          issues: outcome.problems,
        });
      return receipt({ ...outcome, repeat: false });
    },
  });
}
