// Projection activities: the case workflow records its transitions, reminders and controls in
// PostgreSQL so the API can list and filter cases without asking Temporal. Every write is
// idempotent: events by their unique eventKey (insert or nothing), visits by (case, visit),
// the case row by id — a retried or replayed batch leaves the same rows.
import { ApplicationFailure } from '@temporalio/common';
import { database, type Database } from '../lib/database';
import { keyring, type Keyring } from '../lib/keyring';
import type { CaseEventRecord, CaseSnapshot, StepVisitRecord } from '../workflows/machine/state';

/** One transaction's worth of projection writes, in the order the workflow produced them. */
export interface ProjectionBatch {
  case?: CaseSnapshot;
  visits: StepVisitRecord[];
  events: CaseEventRecord[];
}

/** What a batch changed: events inserted now vs. already present from an earlier attempt. */
export interface ProjectionResult {
  eventsInserted: number;
  eventsAlreadyRecorded: number;
}

const date = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

async function upsertCase(tx: Database, keys: Keyring, snapshot: CaseSnapshot): Promise<void> {
  // Only workflow-owned columns: personal data and the idempotency key belong to the API. The
  // hold reason is free text a caseworker wrote (it may name a person): sealed.
  const owned = {
    program: snapshot.program, country: snapshot.country, definitionId: snapshot.definitionId,
    definitionVersion: snapshot.definitionVersion, priority: snapshot.priority, status: snapshot.status,
    currentStep: snapshot.currentStep, currentVisit: snapshot.currentVisit, assignee: snapshot.assignee,
    dueAt: date(snapshot.dueAt), holdReason: snapshot.holdReason === null ? null : keys.seal(snapshot.holdReason), closureReason: snapshot.closureReason,
    closedAt: date(snapshot.closedAt),
    // Absent from snapshots of runs that predate it: the row keeps its revision.
    ...(snapshot.revision === undefined ? {} : { revision: snapshot.revision }),
  };
  await tx.case.upsert({
    where: { id: snapshot.id },
    create: { id: snapshot.id, reference: snapshot.reference, workflowId: snapshot.workflowId, ...owned },
    update: owned,
  });
}

async function upsertVisit(tx: Database, visit: StepVisitRecord): Promise<void> {
  const values = {
    step: visit.step, enteredAt: new Date(visit.enteredAt), dueAt: date(visit.dueAt), leftAt: date(visit.leftAt),
    outcome: visit.outcome, actor: visit.actor,
  };
  await tx.stepVisit.upsert({
    where: { caseId_visit: { caseId: visit.caseId, visit: visit.visit } },
    create: { caseId: visit.caseId, visit: visit.visit, ...values },
    update: values,
  });
}

/** Applies one batch in a transaction; throws InvalidProjection (not retryable) for a batch that can never apply. */
export async function applyProjectionBatch(db: Database, batch: ProjectionBatch, keys: Keyring = keyring()): Promise<ProjectionResult> {
  const caseIds = new Set([...batch.visits.map((v) => v.caseId), ...batch.events.map((e) => e.caseId)]);
  if (batch.case) caseIds.add(batch.case.id);
  if (caseIds.size > 1) throw ApplicationFailure.nonRetryable('A projection batch must concern one case', 'InvalidProjection');
  return db.$transaction(async (tx) => {
    if (batch.case) await upsertCase(tx as Database, keys, batch.case);
    for (const visit of batch.visits) await upsertVisit(tx as Database, visit);
    const { count } = await tx.caseEvent.createMany({
      data: batch.events.map((e) => ({
        eventKey: e.eventKey, caseId: e.caseId, kind: e.kind, step: e.step ?? null, visit: e.visit ?? null,
        outcome: e.outcome ?? null, actor: e.actor ?? null, occurredAt: new Date(e.occurredAt),
        ...(e.detail ? { detail: e.detail } : {}),
      })),
      skipDuplicates: true,
    });
    return { eventsInserted: count, eventsAlreadyRecorded: batch.events.length - count };
  });
}

/** The projection activities over a database (default: the process-wide client). */
export function projectionActivities(db: () => Database = database) {
  return {
    /** Records one batch of case transitions idempotently. */
    async applyProjection(batch: ProjectionBatch): Promise<ProjectionResult> {
      return applyProjectionBatch(db(), batch);
    },
  };
}

export type ProjectionActivities = ReturnType<typeof projectionActivities>;
