// Starting a case: one transaction writes the Case row (personal data sealed) with its partners
// and people, and records the case's first transition as its workflow will make it (the first
// visit, its events, the messages it owes); then one workflow whose id derives from the case id
// starts, told that its first transition is recorded. Repeating a start (same Idempotency-Key or
// reference) finds the row and re-issues the start with USE_EXISTING, so a start that failed
// half-way heals and a second workflow is never created.
import { randomBytes } from 'node:crypto';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import {
  isUniqueViolation,
  sql,
  sqlTransaction,
  type Case,
  type CasePartner,
  type Database,
  type Prisma,
} from '../../lib/database';
import type { Metrics } from '../../lib/metrics';
import { batchStatement, countNewEvents, recorded } from '../../lib/projection-writes';
import type { OwedMessagesBell } from '../../lib/owed-messages-bell';
import { caseKeysFor } from '../../lib/case-keys';
import { casePersonalData, principalOf } from '../../lib/case-personal-data';
import type { Keyring } from '../../lib/keyring';
import { pinnedDefinition } from '../../definitions/pinned';
import type { ResolvedDefinition } from '../../definitions/schema';
import { caseWorkflowId } from '../../contract/keys';
import type { CasePeopleInput, StartCaseInput } from '../../contract/messages';
import { caseStartSearchAttributes } from '../../contract/search-attributes';
import { caseWorkflowV2 } from '../../workflows/case.workflow';
import { inScope, type Principal } from '../access/roles';
import { auditStatementOf } from '../audit';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../errors';
import { caseFor } from './access';
import type { Applicant, StartCaseBody } from '../schemas/cases';
import { fromTemporal, TEMPORAL_DEADLINE_MS, withinDeadline } from './temporal-errors';
import { peopleAtStart, rosterOf } from './roster';
import { firstTransition } from './first-step';
import { checkCountryProcess, latestDefinition } from './start-process';
import type { CaseView } from '../../contract/case-view';
import { caseView } from '../../workflows/machine';

export type CaseRow = Prisma.CaseGetPayload<{ include: { partners: true } }>;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new case id: C- and 12 Crockford base32 characters (random, not personal). */
export function newCaseId(): string {
  return `C-${[...randomBytes(12)].map((b) => CROCKFORD[b % 32]).join('')}`;
}

/** Whether a case exists with this reference or idempotency key (one statement past Prisma). */
async function startedBefore(db: Database, reference: string, idempotencyKey?: string): Promise<boolean> {
  const rows = await sql(db, 'SELECT 1 FROM "Case" WHERE reference = $1 OR "idempotencyKey" = $2 LIMIT 1', [
    reference,
    idempotencyKey ?? null,
  ]);
  return rows.length > 0;
}

/** Finds the case a repeated start refers to, by idempotency key or reference. */
export async function findRepeat(
  db: Database,
  reference: string,
  idempotencyKey?: string,
): Promise<CaseRow | null> {
  const include = { partners: true } as const;
  if (idempotencyKey) {
    const byKey = await db.case.findUnique({ where: { idempotencyKey }, include });
    if (byKey) return byKey;
  }
  return db.case.findUnique({ where: { reference }, include });
}

/** A case just created: its row, the input its workflow starts with, and its first view. */
export interface CreatedCase {
  row: CaseRow;
  input: StartCaseInput;
  view: CaseView;
  /** The personal data the case now holds, as a read of it would answer (the caller just gave it). */
  applicant: Applicant;
  /** Whether the first transition owes messages (emails, partner updates) for the relay. */
  owesMessages: boolean;
}

/** The workflow input of a case (its first transition recorded with the row only when `recordedAtStart`). */
function inputOf(
  row: Pick<
    CaseRow,
    'id' | 'reference' | 'definitionVersion' | 'country' | 'priority' | 'assignee' | 'openedAt'
  > & {
    partners: Pick<CaseRow['partners'][number], 'partnerId' | 'role'>[];
  },
  definition: ResolvedDefinition,
  people: CasePeopleInput['people'],
  startedBy: string,
  recordedAtStart: boolean,
): StartCaseInput & { openedAt: string } {
  return {
    caseId: row.id,
    reference: row.reference,
    definition,
    definitionVersion: row.definitionVersion,
    country: row.country,
    priority: row.priority as StartCaseInput['priority'],
    assignee: row.assignee,
    partners: row.partners.map((p) => ({
      partnerId: p.partnerId,
      role: p.role as StartCaseInput['partners'][number]['role'],
    })),
    // The applicant stays in PostgreSQL: no workflow code reads it, so it is not sent.
    people,
    startedBy,
    openedAt: row.openedAt.toISOString(),
    ...(recordedAtStart ? { recordedAtStart } : {}),
  };
}

/**
 * Creates the case row, its partner links and its people, and records its first transition, in
 * one transaction; returns null when the reference or key already exists. `metrics` counts the
 * events recorded (as the worker's projection counts the later ones).
 */
export async function createCaseRow(
  db: Database,
  keys: Keyring,
  caller: Principal,
  body: StartCaseBody,
  idempotencyKey: string | undefined,
  metrics?: Metrics,
): Promise<CreatedCase | null> {
  const { row: version, definition } = await latestDefinition(db, body);
  const country = body.country ?? definition.country;
  if (!country)
    throw new RuleViolationError('the case needs a country: give country', { rule: 'missing_country' });
  await checkCountryProcess(db, body, definition, country);
  if (!inScope(caller, country))
    throw new ForbiddenError(`your key does not cover country ${country}`, { country });
  const partnerIds = body.partners.map((p) => p.partnerId);
  const known =
    partnerIds.length === 0
      ? []
      : await sql<{ id: string }>(db, 'SELECT id FROM "Partner" WHERE id = ANY($1)', [partnerIds]);
  const unknown = partnerIds.filter((id) => !known.some((k) => k.id === id));
  if (unknown.length > 0)
    throw new RuleViolationError(`unknown partner ${unknown.join(', ')}`, {
      rule: 'unknown_partner',
      partners: unknown,
    });
  const id = newCaseId();
  // The case's own key is made with it (one transaction); the applicant is sealed with that key.
  // The links carry the case's list keys (a partner's list walks them): the same instant on both.
  const openedAt = new Date();
  const caseKeys = caseKeysFor(db, keys);
  const key = caseKeys.newKey(id);
  const people = peopleAtStart(key.ring, body.applicant, caller.principal);
  const fields = {
    id,
    reference: body.reference,
    definitionVersion: version.version,
    country,
    priority: body.priority,
    assignee: body.assignee,
    openedAt,
    partners: body.partners,
  };
  const input = inputOf(fields, definition, people.roster, caller.principal, true);
  const first = firstTransition(input, caseWorkflowId(id));
  const recordFirst = await batchStatement(db, first.batch, keys);
  if (!recordFirst) throw new Error(`case ${id}: its first transition concerns no case`);
  try {
    const [, [row], partners, , firstRecorded] = (await sqlTransaction(db, [
      {
        text: `INSERT INTO "CaseKey" ("caseId", "wrappedKey", "createdAt")
          VALUES ($1, $2, $3::timestamptz AT TIME ZONE 'UTC')`,
        values: [key.row.caseId, key.row.wrappedKey, openedAt.toISOString()],
      },
      {
        text: `INSERT INTO "Case" (id, reference, "workflowId", "idempotencyKey", program, country,
            "definitionId", "definitionVersion", priority, assignee, "currentStep", "personalData",
            "openedAt", "updatedAt")
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
            $13::timestamptz AT TIME ZONE 'UTC', $13::timestamptz AT TIME ZONE 'UTC')
          RETURNING *`,
        values: [
          id,
          body.reference,
          caseWorkflowId(id),
          idempotencyKey ?? null,
          definition.program,
          country,
          version.definitionId,
          version.version,
          body.priority,
          body.assignee,
          definition.start,
          // The dependants are the case's people (CasePerson rows): the applicant's data is the principal's.
          key.ring.seal(JSON.stringify(principalOf(body.applicant))),
          openedAt.toISOString(),
        ],
      },
      {
        text: `INSERT INTO "CasePartner" ("caseId", "partnerId", role, consent, "caseDueAt", "caseOpenedAt")
          SELECT $1, p."partnerId", p.role, ARRAY(SELECT jsonb_array_elements_text(p.consent)), NULL,
            $3::timestamptz AT TIME ZONE 'UTC'
          FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS ("partnerId" text, role text, consent jsonb))
            WITH ORDINALITY AS p("partnerId", role, consent, n)
          ORDER BY p.n
          RETURNING *`,
        values: [id, JSON.stringify(body.partners), openedAt.toISOString()],
      },
      {
        text: `INSERT INTO "CasePerson" (id, "caseId", relationship, "personalData", "addedBy", "addedAt")
          SELECT p.id, $1, p.relationship, p."personalData", p."addedBy", p."addedAt" AT TIME ZONE 'UTC'
          FROM jsonb_to_recordset($2::jsonb)
            AS p(id text, relationship text, "personalData" text, "addedBy" text, "addedAt" timestamptz)`,
        values: [id, JSON.stringify(people.rows)],
      },
      recordFirst,
      auditStatementOf(caller, 'case.start', id, {
        reference: body.reference,
        definitionId: version.definitionId,
      }),
    ])) as [unknown, [Case], CasePartner[], unknown, { eventKey: string }[]];
    caseKeys.remember(id, key.ring);
    if (metrics) countNewEvents(metrics, first.batch, recorded(first.batch, firstRecorded).firstRecorded);
    return {
      row: { ...row, partners },
      input,
      view: caseView(first.state, Date.now()),
      // What casePersonalData reads back: the principal's fields and the dependants as sealed.
      applicant: {
        ...principalOf(body.applicant),
        ...(people.dependants.length > 0 ? { dependants: people.dependants } : {}),
      } as Applicant,
      owesMessages: (first.batch.owed?.length ?? 0) > 0,
    };
  } catch (err) {
    // Another start with this reference or key made the case first.
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** The applicant of a case row with the case's dependants as they are now (lib/case-personal-data.ts). */
export async function applicantOf(
  db: Database,
  keys: Keyring,
  row: { id: string; personalData: string | null },
): Promise<Applicant | undefined> {
  return (await casePersonalData(db, keys, row)) as Applicant | undefined;
}

/**
 * Starts (or finds) the case's workflow, never a second one for the same case; returns its input.
 * `input` is the one made with the row (its first transition recorded); without it (a start that
 * heals one that failed half-way), the input is made from the row and the run records its first
 * transition itself: the same rows, so nothing is recorded or owed twice.
 */
export async function startCaseWorkflow(
  db: Database,
  temporal: Client,
  taskQueue: string,
  row: CaseRow,
  startedBy: string,
  { deadlineMs = TEMPORAL_DEADLINE_MS, input: made }: { deadlineMs?: number; input?: StartCaseInput } = {},
): Promise<StartCaseInput> {
  const input = made ?? (await inputFromRow(db, row, startedBy));
  try {
    await withinDeadline(temporal, deadlineMs, () =>
      temporal.workflow.start(caseWorkflowV2, {
        workflowId: row.workflowId,
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: caseStartSearchAttributes({
          status: 'open',
          program: row.program,
          country: row.country,
          step: null,
          priority: row.priority,
          dueAt: null,
        }),
      }),
    );
  } catch (err) {
    // A closed case's workflow has finished: REJECT_DUPLICATE refuses a restart, which is right.
    if ((err as Error).name === 'WorkflowExecutionAlreadyStartedError') return input;
    throw fromTemporal(err, row.id);
  }
  return input;
}

/** The input of a case whose row exists: its pinned definition and its people as they are now. */
async function inputFromRow(db: Database, row: CaseRow, startedBy: string): Promise<StartCaseInput> {
  const definition = await pinnedDefinition(db, row);
  if (!definition)
    throw new Error(`Definition ${row.definitionId} version ${row.definitionVersion} is not published`);
  return inputOf(row, definition, await rosterOf(db, row.id), startedBy, false);
}

export interface StartCaseDeps {
  db: Database;
  keys: Keyring;
  temporal: Client;
  taskQueue: string;
  deadlineMs: number;
  /** Counts the events a start records (the process's metrics). */
  metrics?: Metrics;
  /** Rung when a start owes messages: the delivery relay of this process (if any) sends them at once. */
  bell?: OwedMessagesBell;
}

/**
 * The start-case service (the API's POST /v1/cases and intake): creates the case once per
 * reference or idempotency key, starts its workflow (healing a start that failed half-way) and
 * audits a new case. `repeat` is true when an earlier start had made the case; `input` is what
 * the workflow was started with; `created` is a new case's first view and applicant.
 */
export async function startCase(
  { db, keys, temporal, taskQueue, deadlineMs, metrics, bell }: StartCaseDeps,
  caller: Principal,
  body: StartCaseBody,
  idempotencyKey: string | undefined,
): Promise<{ row: CaseRow; repeat: boolean; input: StartCaseInput; created?: CreatedCase }> {
  const created = (await startedBefore(db, body.reference, idempotencyKey))
    ? null
    : await createCaseRow(db, keys, caller, body, idempotencyKey, metrics);
  if (created?.owesMessages) bell?.ring();
  // Not created: an earlier (or concurrent) start with this reference or key has the case.
  const row = created?.row ?? (await findRepeat(db, body.reference, idempotencyKey));
  if (!row) throw new NotFoundError('case', body.reference);
  const repeat = created === null;
  if (repeat) await caseFor(db, caller, row.id);
  const input = await startCaseWorkflow(db, temporal, taskQueue, row, caller.principal, {
    deadlineMs,
    ...(created ? { input: created.input } : {}),
  });
  return { row, repeat, input, ...(created ? { created } : {}) };
}
