// The roster a case workflow knows: its dependants' ids and relationships (no personal data),
// for the steps done once per person. A change to the people is stored first, with the case row
// marked "not yet told" (peopleUntoldSince) in the same transaction; then the case is told. When
// Temporal cannot be reached the mark stays, and the next action on the case or the API's sweep
// tells it. Each roster carries the row's people revision, so one overtaken on the way is ignored.
import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { casePeopleSignal, type CasePeopleInput } from '../../contract/messages';
import { RELATIONSHIPS, type Relationship } from '../../definitions/vocabulary';
import type { Database, Prisma } from '../../lib/database';
import type { DependantData } from '../../lib/case-personal-data';
import type { Keyring } from '../../lib/keyring';
import type { Logger } from '../../lib/logger';
import { runPeriodically } from '../../lib/periodic';
import { DependencyUnavailableError } from '../errors';
import type { Applicant } from '../schemas/cases';
import { fromTemporal, withinDeadline } from './temporal-errors';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new person id: P- and 10 Crockford base32 characters (random, not personal). */
export const newPersonId = () => `P-${[...randomBytes(10)].map((b) => CROCKFORD[b % 32]).join('')}`;

/**
 * The dependants given at a case's start as CasePerson rows of the new case (sealed), a
 * millisecond apart so that the order given is the order they are listed and told in; the
 * roster those rows make (what rosterOf would read back); and the dependants as a reader of the
 * case's personal data will see them (what was sealed, with the relationship).
 */
export function peopleAtStart(
  keys: Keyring,
  applicant: Applicant,
  addedBy: string,
  now = Date.now(),
): {
  rows: (Omit<Prisma.CasePersonCreateWithoutCaseInput, 'addedAt'> & { addedAt: Date })[];
  roster: CasePeopleInput['people'];
  dependants: DependantData[];
} {
  const given = (applicant.dependants ?? []).map((dependant) => ({ id: newPersonId(), ...dependant }));
  const sealed = given.map(({ givenName, familyName, birthDate }) => ({
    givenName,
    familyName,
    ...(birthDate ? { birthDate } : {}),
  }));
  const rows = given.map(({ id, relationship }, index) => ({
    id,
    relationship,
    personalData: keys.seal(JSON.stringify(sealed[index])),
    addedBy,
    addedAt: new Date(now + index),
  }));
  return {
    rows,
    roster: given.map(({ id, relationship }) => ({ id, relationship })),
    dependants: given.map(({ relationship }, index) => ({ ...sealed[index], relationship })),
  };
}

const isRelationship = (value: string): value is Relationship =>
  (RELATIONSHIPS as readonly string[]).includes(value);

/** The case's active dependants as the workflow knows them, in the order they were added. */
export async function rosterOf(db: Database, caseId: string): Promise<CasePeopleInput['people']> {
  const dependants = await db.casePerson.findMany({
    where: { caseId, removedAt: null },
    select: { id: true, relationship: true },
    orderBy: [{ addedAt: 'asc' }, { id: 'asc' }],
  });
  return dependants.flatMap((d) =>
    isRelationship(d.relationship) ? [{ id: d.id, relationship: d.relationship }] : [],
  );
}

/** Marks a change to the case's people (inside the change's transaction): a new revision, not yet told. */
export function peopleChanged(tx: Prisma.TransactionClient, caseId: string) {
  return tx.case.update({
    where: { id: caseId },
    data: { peopleRevision: { increment: 1 }, peopleUntoldSince: new Date() },
    select: { peopleRevision: true },
  });
}

export interface TellContext {
  db: Database;
  temporal: Client;
  deadlineMs: number;
}

/**
 * Tells the case workflow its roster as of the row's people revision and clears the mark, unless
 * the people changed again meanwhile (that change tells its own). A closed case, or one whose
 * workflow has not started (its start reads the roster), needs nothing. 503 when Temporal is down.
 */
export async function tellCase({ db, temporal, deadlineMs }: TellContext, caseId: string): Promise<void> {
  const row = await db.case.findUniqueOrThrow({
    where: { id: caseId },
    select: { workflowId: true, status: true, peopleRevision: true },
  });
  if (row.status !== 'closed') {
    const roster: CasePeopleInput = { people: await rosterOf(db, caseId), revision: row.peopleRevision };
    try {
      await withinDeadline(temporal, deadlineMs, () =>
        temporal.workflow.getHandle(row.workflowId).signal(casePeopleSignal, roster),
      );
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw fromTemporal(err, caseId);
    }
  }
  await db.case.updateMany({
    where: { id: caseId, peopleRevision: row.peopleRevision },
    data: { peopleUntoldSince: null },
  });
}

/** Tells the case first when its people changed while Temporal was down (before the next action on it). */
export async function tellIfUntold(
  ctx: TellContext,
  row: { id: string; peopleUntoldSince: Date | null },
): Promise<void> {
  if (row.peopleUntoldSince) await tellCase(ctx, row.id);
}

/** How often the API process looks for cases whose people changed while Temporal was down. */
export const SWEEP_EVERY_MS = 30_000;
const SWEEP_BATCH = 100;

/**
 * Tells each case whose people are not yet told, oldest change first; stops at the first
 * sign that Temporal is still unreachable (the next sweep tries again).
 */
export async function tellUntoldCases(ctx: TellContext): Promise<{ told: number; unreachable: boolean }> {
  const untold = await ctx.db.case.findMany({
    where: { peopleUntoldSince: { not: null } },
    select: { id: true },
    orderBy: { peopleUntoldSince: 'asc' },
    take: SWEEP_BATCH,
  });
  let told = 0;
  for (const { id } of untold) {
    try {
      await tellCase(ctx, id);
      told += 1;
    } catch (err) {
      if (err instanceof DependencyUnavailableError) return { told, unreachable: true };
      throw err;
    }
  }
  return { told, unreachable: false };
}

/** Runs the sweep every SWEEP_EVERY_MS in this process; returns the function that stops it. */
export function startPeopleSweep(ctx: TellContext, logger: Logger, everyMs = SWEEP_EVERY_MS): () => void {
  const sweep = async () => {
    const { told, unreachable } = await tellUntoldCases(ctx);
    if (told > 0 || unreachable) logger.info({ told, unreachable }, 'Told cases their people');
  };
  return runPeriodically(sweep, logger, { everyMs, failure: 'Telling cases their people failed' });
}
