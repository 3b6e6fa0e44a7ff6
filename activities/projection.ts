// Projection activities: the case workflow records its transitions, reminders and controls in
// PostgreSQL so the API can list and filter cases without asking Temporal. Every write is
// idempotent: events by their unique eventKey (insert or nothing), visits by (case, visit),
// the case row by id — a retried or replayed batch leaves the same rows.
import { ApplicationFailure } from '@temporalio/common';
import { database, type Database } from '../lib/database';
import { caseKeysFor } from '../lib/case-keys';
import { keyring, type Keyring } from '../lib/keyring';
import type { Metrics } from '../lib/metrics';
import type {
  CaseSnapshot,
  ProjectionActivities,
  ProjectionBatch,
  ProjectionResult,
  StepVisitRecord,
} from '../contract/projection';

export type { ProjectionActivities, ProjectionBatch, ProjectionResult };

const date = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

async function upsertCase(tx: Database, snapshot: CaseSnapshot, holdReason: string | null): Promise<void> {
  // Only workflow-owned columns: personal data and the idempotency key belong to the API. The
  // hold reason is free text a caseworker wrote (it may name a person): sealed with the case key.
  const owned = {
    program: snapshot.program,
    country: snapshot.country,
    definitionId: snapshot.definitionId,
    definitionVersion: snapshot.definitionVersion,
    priority: snapshot.priority,
    status: snapshot.status,
    currentStep: snapshot.currentStep,
    currentVisit: snapshot.currentVisit,
    assignee: snapshot.assignee,
    dueAt: date(snapshot.dueAt),
    holdReason,
    closureReason: snapshot.closureReason,
    closedAt: date(snapshot.closedAt),
    // Absent from snapshots of runs that predate it: the row keeps its revision.
    ...(snapshot.revision === undefined ? {} : { revision: snapshot.revision }),
  };
  await tx.case.upsert({
    where: { id: snapshot.id },
    create: { id: snapshot.id, reference: snapshot.reference, workflowId: snapshot.workflowId, ...owned },
    update: owned,
  });
  await copyDueDateToLinks(tx, snapshot.id, owned.dueAt);
}

// A partner's list walks CasePartner in the case's due-date order, so each link keeps a copy of
// the due date, written in the case row's transaction (the row is locked: a link made meanwhile
// waits, see directory/partners.ts). Links already holding it are left alone.
async function copyDueDateToLinks(tx: Database, caseId: string, dueAt: Date | null): Promise<void> {
  const stale =
    dueAt === null
      ? { caseDueAt: { not: null } }
      : { OR: [{ caseDueAt: null }, { caseDueAt: { not: dueAt } }] };
  await tx.casePartner.updateMany({ where: { caseId, ...stale }, data: { caseDueAt: dueAt } });
}

async function upsertVisit(tx: Database, visit: StepVisitRecord): Promise<void> {
  const values = {
    step: visit.step,
    enteredAt: new Date(visit.enteredAt),
    dueAt: date(visit.dueAt),
    leftAt: date(visit.leftAt),
    outcome: visit.outcome,
    actor: visit.actor,
  };
  await tx.stepVisit.upsert({
    where: { caseId_visit: { caseId: visit.caseId, visit: visit.visit } },
    create: { caseId: visit.caseId, visit: visit.visit, ...values },
    update: values,
  });
}

/** Whether the case row already shows a later revision than the snapshot (the row is locked until commit). */
async function supersededRow(tx: Database, snapshot: CaseSnapshot): Promise<boolean> {
  if (snapshot.revision === undefined) return false;
  const rows = await tx.$queryRaw<{ revision: number | null }[]>`
    SELECT "revision" FROM "Case" WHERE "id" = ${snapshot.id} FOR UPDATE`;
  const current = rows[0]?.revision;
  return current !== undefined && current !== null && current > snapshot.revision;
}

/** Applies one batch in a transaction; throws InvalidProjection (not retryable) for a batch that can never apply. */
export async function applyProjectionBatch(
  db: Database,
  batch: ProjectionBatch,
  keys: Keyring,
): Promise<ProjectionResult> {
  const { result } = await recordBatch(db, batch, keys);
  return result;
}

/** The batch's writes, and the events this attempt recorded for the first time. */
async function recordBatch(
  db: Database,
  batch: ProjectionBatch,
  keys: Keyring,
): Promise<{ result: ProjectionResult; firstRecorded: Set<string> }> {
  const caseIds = new Set([...batch.visits.map((v) => v.caseId), ...batch.events.map((e) => e.caseId)]);
  if (batch.case) caseIds.add(batch.case.id);
  if (caseIds.size > 1)
    throw ApplicationFailure.nonRetryable('A projection batch must concern one case', 'InvalidProjection');
  const snapshot = batch.case;
  // Sealed before the transaction: the case key may have to be read (or made) first.
  const holdReason =
    snapshot?.holdReason == null ? null : await caseKeysFor(db, keys).seal(snapshot.id, snapshot.holdReason);
  return db.$transaction(async (tx) => {
    // A write that outlived its attempt (a local activity that timed out, then done again as an
    // ordinary activity) must not take the row back to an older revision of the case.
    if (!(snapshot && (await supersededRow(tx as Database, snapshot)))) {
      if (snapshot) await upsertCase(tx as Database, snapshot, holdReason);
      for (const visit of batch.visits) await upsertVisit(tx as Database, visit);
    }
    // The rows inserted now (an event an earlier attempt recorded is skipped): one statement
    // that also tells the metrics which events are new, so a retry never counts twice.
    const inserted = await tx.caseEvent.createManyAndReturn({
      data: batch.events.map((e) => ({
        eventKey: e.eventKey,
        caseId: e.caseId,
        kind: e.kind,
        step: e.step ?? null,
        visit: e.visit ?? null,
        outcome: e.outcome ?? null,
        actor: e.actor ?? null,
        occurredAt: new Date(e.occurredAt),
        ...(e.detail ? { detail: e.detail } : {}),
      })),
      skipDuplicates: true,
      select: { eventKey: true },
    });
    return {
      result: {
        eventsInserted: inserted.length,
        eventsAlreadyRecorded: batch.events.length - inserted.length,
      },
      firstRecorded: new Set(inserted.map((row) => row.eventKey)),
    };
  });
}

/** What the projection writes with: the worker's database, keys and metrics. */
export interface ProjectionDeps {
  db: Database;
  keys: Keyring;
  metrics?: Metrics;
}

/** Counts the events a batch recorded for the first time (a retried batch counts nothing again). */
function countNewEvents(metrics: Metrics, batch: ProjectionBatch, firstRecorded: Set<string>): void {
  for (const event of batch.events) {
    if (!firstRecorded.has(event.eventKey)) continue;
    metrics.caseEvents.inc({ kind: event.kind });
    if (event.kind === 'step_completed') metrics.stepsCompleted.inc();
    if (event.kind === 'case_started')
      metrics.casesStarted.inc({
        program: batch.case?.program ?? 'unknown',
        country: batch.case?.country ?? 'unknown',
      });
  }
}

/** The projection activities (default: the environment's shared client and keys, for tests). */
export function projectionActivities(deps?: ProjectionDeps): ProjectionActivities {
  return {
    /** Records one batch of case transitions idempotently. */
    async applyProjection(batch: ProjectionBatch): Promise<ProjectionResult> {
      const { db, keys, metrics } = deps ?? { db: database(), keys: keyring() };
      const { result, firstRecorded } = await recordBatch(db, batch, keys);
      if (metrics) countNewEvents(metrics, batch, firstRecorded);
      return result;
    },
  };
}
