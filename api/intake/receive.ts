// Receiving a submission: claim its key (Kobo `_uuid`) once per source, map it, and start its case
// through the start-case service with an idempotency key derived from the source and the key, so
// retries and concurrent duplicates find the one case. A submission that does not map is kept
// sealed with its problems (paths and question names only) until a manager retries it.
import { Prisma } from '../../lib/database';
import type { Problem } from '../../definitions/problems';
import type { Principal } from '../access/roles';
import { audit } from '../audit';
import { startCase, type StartCaseDeps } from '../cases/start-case';
import { ApiError, MalformedRequestError } from '../errors';
import { answerOf, mapSubmission, type Submission } from './mapper';
import { mappingOf, type SourceRow } from './sources';

export type IntakeOutcome =
  | { status: 'started'; submissionId: string; caseId: string; repeat: boolean }
  | { status: 'rejected'; submissionId: string; problems: Problem[] };

/** The principal a source starts cases as: its own name, its countries. */
export function sourcePrincipal(source: SourceRow): Principal {
  const id = `intake:${source.id}`;
  return { keyId: id, principal: id, role: 'program_manager', countries: source.countries, partnerId: null };
}

/** The idempotency key of a submission's case: derived from the source and the submission's key. */
export const intakeIdempotencyKey = (sourceId: string, key: string) =>
  `intake:${sourceId}:${key}`.slice(0, 200);

// Refusals of the start-case service that a fixed mapping can cure become problems; others propagate.
function refusalProblem(err: unknown): Problem | undefined {
  if (!(err instanceof ApiError) || !['rule_violation', 'forbidden'].includes(err.code)) return undefined;
  return { path: 'case', message: err.message };
}

/** A received submission older than this whose case has not started is listed for a manager. */
export const STUCK_AFTER_MS = 2 * 60_000;

// The first claim keeps the submission sealed until its case starts: if Temporal or the database
// fails after this, the submission waits for Kobo's retry or a manager's, never lost.
async function claim(deps: StartCaseDeps, source: SourceRow, key: string, submission: Submission) {
  const where = { sourceId_key: { sourceId: source.id, key } };
  const formId = answerOf(submission, '_xform_id_string')?.slice(0, 200) ?? null;
  try {
    return await deps.db.intakeSubmission.create({
      data: {
        sourceId: source.id,
        key,
        formId,
        status: 'received',
        payload: deps.keys.seal(JSON.stringify(submission)),
      },
    });
  } catch (err) {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
    return deps.db.intakeSubmission.update({ where, data: { attempts: { increment: 1 } } });
  }
}

/** Maps a submission and starts its case, or keeps it sealed with its problems. */
export async function processSubmission(
  deps: StartCaseDeps,
  source: SourceRow,
  submissionId: string,
  key: string,
  submission: Submission,
): Promise<IntakeOutcome> {
  const { db, keys } = deps;
  const mapped = mapSubmission(mappingOf(source), submission, source.id);
  let problems = mapped.ok ? [] : mapped.problems;
  if (mapped.ok) {
    const idempotencyKey = intakeIdempotencyKey(source.id, key);
    try {
      const { row, repeat } = await startCase(deps, sourcePrincipal(source), mapped.body, idempotencyKey);
      if (row.idempotencyKey === idempotencyKey) {
        await db.intakeSubmission.update({
          where: { id: submissionId },
          data: {
            status: 'started',
            caseId: row.id,
            payload: null,
            problems: Prisma.DbNull,
            stepData: Object.keys(mapped.stepData).length ? keys.seal(JSON.stringify(mapped.stepData)) : null,
          },
        });
        return { status: 'started', submissionId, caseId: row.id, repeat };
      }
      problems = [{ path: 'case.reference', message: 'is already the reference of another case' }];
    } catch (err) {
      const problem = refusalProblem(err);
      if (!problem) throw err;
      problems = [problem];
    }
  }
  // Never over a concurrent attempt that started the case (a retry racing a mapping change).
  await db.intakeSubmission.updateMany({
    where: { id: submissionId, status: { not: 'started' } },
    data: {
      status: 'rejected',
      payload: keys.seal(JSON.stringify(submission)),
      problems: problems as unknown as Prisma.InputJsonValue,
    },
  });
  return { status: 'rejected', submissionId, problems };
}

/** Receives a submission from a source's webhook: once per key; a repeat answers with the same case. */
export async function receiveSubmission(
  deps: StartCaseDeps,
  source: SourceRow,
  submission: Submission,
): Promise<IntakeOutcome> {
  const mapping = mappingOf(source);
  const key = answerOf(submission, mapping.key);
  if (!key || key.length > 200)
    throw new MalformedRequestError('the submission has no key to tell it apart', {
      issues: [{ path: `body.${mapping.key}`, message: 'is required (1–200 characters)' }],
    });
  const claimed = await claim(deps, source, key, submission);
  if (claimed.status === 'started' && claimed.caseId)
    return { status: 'started', submissionId: claimed.id, caseId: claimed.caseId, repeat: true };
  const outcome = await processSubmission(deps, source, claimed.id, key, submission);
  if (outcome.status === 'rejected')
    await audit(deps.db, sourcePrincipal(source), 'intake.reject', null, {
      source: source.id,
      submissionId: claimed.id,
      problems: outcome.problems.length,
    });
  return outcome;
}
