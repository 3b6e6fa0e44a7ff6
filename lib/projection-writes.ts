// The projection's writes: one SQL statement records a batch of a case's transitions (its case
// row, visits, events and the messages it owes). Every write is idempotent: events by their
// unique eventKey (insert or nothing), visits by (case, visit), owed messages by key, the case
// row by id behind its revision, so a retried or replayed batch leaves the same rows. The case
// workflow's projection activity runs it for every transition, and the API for a case's first
// one, in the transaction that creates the case.
import { ApplicationFailure } from '@temporalio/common';
import { owedMessageKey } from '../contract/keys';
import type { ProjectionBatch, ProjectionResult, StepVisitRecord } from '../contract/projection';
import { caseKeysFor } from './case-keys';
import { Prisma, sql, type Database, type Statement } from './database';
import type { Keyring } from './keyring';
import type { Metrics } from './metrics';

/** A batch's visits with one row per visit: the last record of a visit wins, as in the workflow. */
function lastPerVisit(visits: StepVisitRecord[]): StepVisitRecord[] {
  return [...new Map(visits.map((v) => [v.visit, v])).values()];
}

/**
 * Records one batch in its own transaction: what it inserted, and the keys of the events recorded
 * for the first time. Throws InvalidProjection (not retryable) for a batch that can never apply.
 */
export async function recordBatch(
  db: Database,
  batch: ProjectionBatch,
  keys: Keyring,
): Promise<{ result: ProjectionResult; firstRecorded: Set<string> }> {
  const statement = await batchStatement(db, batch, keys);
  const rows = statement ? await sql<{ eventKey: string }>(db, statement.text, statement.values) : [];
  return recorded(batch, rows);
}

/** What a batch's statement answered, as a result and the set of events recorded first. */
export function recorded(
  batch: ProjectionBatch,
  rows: { eventKey: string }[],
): { result: ProjectionResult; firstRecorded: Set<string> } {
  return {
    result: { eventsInserted: rows.length, eventsAlreadyRecorded: batch.events.length - rows.length },
    firstRecorded: new Set(rows.map((row) => row.eventKey)),
  };
}

/**
 * The batch's writes as one SQL statement (one round trip, its own transaction unless it is part
 * of one), not yet run (`sql` or `sqlTransaction` runs it); null for a batch that
 * concerns no case. It answers the keys of the events recorded for the first time. The statement:
 * - locks the case row and reads its revision. A write that outlived its attempt (a local
 *   activity that timed out, then done again as an ordinary activity) must not take the row back
 *   to an older revision: then the case row, its links and the visits are left alone;
 * - writes the workflow-owned columns of the case row (personal data and the idempotency key
 *   belong to the API), and copies the due date to the partner links that do not hold it yet (a
 *   partner's list walks CasePartner in the case's due-date order; a link made meanwhile waits on
 *   the row's lock, see directory/partners.ts);
 * - upserts the visits by (case, visit), inserts the events that are new by their eventKey and
 *   returns their keys, so a retry never counts an event twice in the metrics;
 * - stores the messages the batch owes, once by key and in the batch's order (their ids order a
 *   case's partner updates), whatever the revision: a late write still owes them.
 * Instants travel as ISO text in one JSON parameter and are stored as UTC, as Prisma stores them.
 */
export async function batchStatement(
  db: Database,
  batch: ProjectionBatch,
  keys: Keyring,
): Promise<Statement | null> {
  const owed = batch.owed ?? [];
  const caseIds = new Set([
    ...batch.visits.map((v) => v.caseId),
    ...batch.events.map((e) => e.caseId),
    ...owed.map((m) => (m.kind === 'email' ? m.request.case.caseId : m.update.case.caseId)),
  ]);
  if (batch.case) caseIds.add(batch.case.id);
  if (caseIds.size > 1)
    throw ApplicationFailure.nonRetryable('A projection batch must concern one case', 'InvalidProjection');
  const [caseId] = caseIds;
  if (caseId === undefined) return null;
  const snapshot = batch.case;
  // The hold reason is free text a caseworker wrote (it may name a person): sealed with the case key.
  const holdReason =
    snapshot?.holdReason == null ? null : await caseKeysFor(db, keys).seal(snapshot.id, snapshot.holdReason);
  const input = JSON.stringify({
    case: snapshot ? { ...snapshot, holdReason, revision: snapshot.revision ?? null } : null,
    visits: lastPerVisit(batch.visits),
    events: batch.events.map((e) => ({ ...e, detail: e.detail ?? null })),
    owed: owed.map((m) => ({
      key: owedMessageKey(m),
      kind: m.kind,
      payload: m.kind === 'email' ? m.request : m.update,
    })),
    owedAt: batch.owedAt ?? null,
  });
  const statement = Prisma.sql`
    WITH batch AS (SELECT ${input}::jsonb AS b),
    snapshot AS (
      SELECT s.* FROM batch, jsonb_to_record(batch.b->'case') AS s(
        "id" text, "reference" text, "workflowId" text, "program" text, "country" text,
        "definitionId" text, "definitionVersion" int, "priority" text, "status" text,
        "currentStep" text, "currentVisit" int, "assignee" text, "dueAt" timestamptz,
        "holdReason" text, "closureReason" text, "closedAt" timestamptz, "revision" int)
      WHERE jsonb_typeof(batch.b->'case') = 'object'
    ),
    locked AS (SELECT "revision" FROM "Case" WHERE "id" = ${caseId} FOR UPDATE),
    gate AS (
      SELECT NOT EXISTS (
        SELECT 1 FROM locked, snapshot WHERE locked."revision" > snapshot."revision"
      ) AS open
    ),
    written AS (
      INSERT INTO "Case" AS c (
        "id", "reference", "workflowId", "program", "country", "definitionId", "definitionVersion",
        "priority", "status", "currentStep", "currentVisit", "assignee", "dueAt", "holdReason",
        "closureReason", "closedAt", "revision", "updatedAt")
      SELECT s."id", s."reference", s."workflowId", s."program", s."country", s."definitionId",
        s."definitionVersion", s."priority", s."status"::"CaseStatus", s."currentStep",
        s."currentVisit", s."assignee", s."dueAt" AT TIME ZONE 'UTC', s."holdReason",
        s."closureReason", s."closedAt" AT TIME ZONE 'UTC', COALESCE(s."revision", 0),
        now() AT TIME ZONE 'UTC'
      FROM snapshot s, gate WHERE gate.open
      ON CONFLICT ("id") DO UPDATE SET
        "program" = EXCLUDED."program", "country" = EXCLUDED."country",
        "definitionId" = EXCLUDED."definitionId", "definitionVersion" = EXCLUDED."definitionVersion",
        "priority" = EXCLUDED."priority", "status" = EXCLUDED."status",
        "currentStep" = EXCLUDED."currentStep", "currentVisit" = EXCLUDED."currentVisit",
        "assignee" = EXCLUDED."assignee", "dueAt" = EXCLUDED."dueAt",
        "holdReason" = EXCLUDED."holdReason", "closureReason" = EXCLUDED."closureReason",
        "closedAt" = EXCLUDED."closedAt", "updatedAt" = EXCLUDED."updatedAt",
        -- Absent from snapshots of runs that predate it: the row keeps its revision.
        "revision" = COALESCE((SELECT "revision" FROM snapshot), c."revision")
      RETURNING c."id"
    ),
    links AS (
      UPDATE "CasePartner" l SET "caseDueAt" = s."dueAt" AT TIME ZONE 'UTC'
      FROM snapshot s, gate
      WHERE gate.open AND l."caseId" = s."id"
        AND l."caseDueAt" IS DISTINCT FROM s."dueAt" AT TIME ZONE 'UTC'
    ),
    visits AS (
      INSERT INTO "StepVisit" ("caseId", "visit", "step", "kind", "enteredAt", "dueAt", "leftAt", "outcome", "actor")
      SELECT v."caseId", v."visit", v."step", v."kind", v."enteredAt" AT TIME ZONE 'UTC',
        v."dueAt" AT TIME ZONE 'UTC', v."leftAt" AT TIME ZONE 'UTC', v."outcome", v."actor"
      FROM batch, gate, jsonb_to_recordset(batch.b->'visits') AS v(
        "caseId" text, "visit" int, "step" text, "kind" text, "enteredAt" timestamptz, "dueAt" timestamptz,
        "leftAt" timestamptz, "outcome" text, "actor" text)
      WHERE gate.open
      ON CONFLICT ("caseId", "visit") DO UPDATE SET
        "step" = EXCLUDED."step", "kind" = COALESCE(EXCLUDED."kind", "StepVisit"."kind"),
        "enteredAt" = EXCLUDED."enteredAt", "dueAt" = EXCLUDED."dueAt",
        "leftAt" = EXCLUDED."leftAt", "outcome" = EXCLUDED."outcome", "actor" = EXCLUDED."actor"
    ),
    events AS (
      INSERT INTO "CaseEvent" ("id", "eventKey", "caseId", "kind", "step", "visit", "outcome", "actor", "detail", "occurredAt")
      SELECT gen_random_uuid(), e."eventKey", e."caseId", e."kind", e."step", e."visit", e."outcome",
        e."actor", e."detail", e."occurredAt" AT TIME ZONE 'UTC'
      FROM batch, jsonb_to_recordset(batch.b->'events') AS e(
        "eventKey" text, "caseId" text, "kind" text, "step" text, "visit" int, "outcome" text,
        "actor" text, "detail" jsonb, "occurredAt" timestamptz)
      ON CONFLICT ("eventKey") DO NOTHING
      RETURNING "eventKey"
    ),
    owed AS (
      INSERT INTO "OwedMessage" ("key", "caseId", "kind", "payload", "owedAt")
      SELECT o."key", ${caseId}, o."kind", o."payload", COALESCE((batch.b->>'owedAt')::timestamptz, now())
      FROM batch, ROWS FROM (jsonb_to_recordset(batch.b->'owed') AS ("key" text, "kind" text, "payload" jsonb))
        WITH ORDINALITY AS o("key", "kind", "payload", "n")
      ORDER BY o."n"
      ON CONFLICT ("key") DO NOTHING
    )
    SELECT "eventKey" FROM events`;
  return { text: statement.text, values: statement.values };
}

/** Counts the events a batch recorded for the first time (a retried batch counts nothing again). */
export function countNewEvents(metrics: Metrics, batch: ProjectionBatch, firstRecorded: Set<string>): void {
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
