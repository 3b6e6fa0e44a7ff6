// The projection's one statement against the run's PostgreSQL: what a batch writes, to the
// millisecond, and what a repeat of it leaves unchanged. The list and the case page read these
// rows; a wrong instant or a lost visit is what a caseworker would see.
import { randomBytes } from 'node:crypto';
import { applyProjectionBatch } from '../../activities/projection';
import type { CaseSnapshot, ProjectionBatch, StepVisitRecord } from '../../contract/projection';
import { closeDatabase, database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { miniSnapshot } from '../support/case-fixtures';

const run = randomBytes(3).toString('hex');
const caseId = `proj-${run}`;
const partnerId = `ngo-proj-${run}`;
const entered = '2026-03-01T09:15:30.123Z';
const due = '2026-03-15T17:00:00.000Z';
const left = '2026-03-02T11:00:00.456Z';

const snapshot = (over: Partial<CaseSnapshot> = {}): CaseSnapshot =>
  miniSnapshot(caseId, { reference: `PROJ-${run}`, dueAt: due, ...over });

/** The first visit as the case's start records it: entered, not yet left. */
const firstVisit: StepVisitRecord = {
  caseId,
  visit: 1,
  step: 'assessment',
  enteredAt: entered,
  dueAt: due,
  leftAt: null,
  outcome: null,
  actor: null,
};

afterAll(closeDatabase);

it('writes a new case row, its visit and its events with their instants as given', async () => {
  const db = database();
  const batch: ProjectionBatch = {
    case: snapshot(),
    visits: [firstVisit],
    events: [
      {
        eventKey: `${caseId}/started`,
        caseId,
        kind: 'case_started',
        occurredAt: entered,
        detail: { rule: 'r1', count: 2, urgent: false },
      },
    ],
  };
  expect(await applyProjectionBatch(db, batch, keyring())).toEqual({
    eventsInserted: 1,
    eventsAlreadyRecorded: 0,
  });
  const row = await db.case.findUniqueOrThrow({ where: { id: caseId } });
  expect(row).toMatchObject({
    status: 'open',
    currentStep: 'assessment',
    revision: 1,
    assignee: 'amina@pathways.test',
  });
  expect(row.dueAt?.toISOString()).toBe(due);
  const visit = await db.stepVisit.findUniqueOrThrow({ where: { caseId_visit: { caseId, visit: 1 } } });
  expect([visit.enteredAt.toISOString(), visit.dueAt?.toISOString(), visit.leftAt]).toEqual([
    entered,
    due,
    null,
  ]);
  const event = await db.caseEvent.findUniqueOrThrow({ where: { eventKey: `${caseId}/started` } });
  expect([event.occurredAt.toISOString(), event.detail]).toEqual([
    entered,
    { rule: 'r1', count: 2, urgent: false },
  ]);
});

it('keeps the last record of a visit left and entered in one batch, seals the hold reason and moves the links', async () => {
  const db = database();
  await db.partner.create({
    data: { id: partnerId, name: 'NGO', kind: 'ngo', contactEmail: 'ngo@pathways.test', sharingProfile: {} },
  });
  await db.casePartner.create({
    data: {
      caseId,
      partnerId,
      role: 'referring',
      consent: [],
      caseDueAt: new Date(due),
      caseOpenedAt: new Date(entered),
    },
  });
  const nextDue = '2026-03-20T17:00:00.000Z';
  const batch: ProjectionBatch = {
    case: snapshot({
      status: 'on_hold',
      currentStep: 'review',
      currentVisit: 2,
      dueAt: nextDue,
      holdReason: 'Waiting for Amani Bench to return',
      revision: 2,
    }),
    visits: [
      firstVisit,
      {
        caseId,
        visit: 1,
        step: 'assessment',
        enteredAt: entered,
        dueAt: due,
        leftAt: left,
        outcome: 'assessed',
        actor: 'amina@pathways.test',
      },
      {
        caseId,
        visit: 2,
        step: 'review',
        enteredAt: left,
        dueAt: nextDue,
        leftAt: null,
        outcome: null,
        actor: null,
      },
    ],
    events: [
      { eventKey: `${caseId}/completed-1`, caseId, kind: 'step_completed', occurredAt: left },
      { eventKey: `${caseId}/entered-2`, caseId, kind: 'step_entered', occurredAt: left },
    ],
  };
  expect(await applyProjectionBatch(db, batch, keyring())).toEqual({
    eventsInserted: 2,
    eventsAlreadyRecorded: 0,
  });
  // A repeat (a retried attempt) changes nothing and records nothing twice.
  expect(await applyProjectionBatch(db, batch, keyring())).toEqual({
    eventsInserted: 0,
    eventsAlreadyRecorded: 2,
  });

  const visits = await db.stepVisit.findMany({ where: { caseId }, orderBy: { visit: 'asc' } });
  expect(visits.map((v) => [v.visit, v.step, v.outcome, v.leftAt?.toISOString() ?? null])).toEqual([
    [1, 'assessment', 'assessed', left],
    [2, 'review', null, null],
  ]);
  const row = await db.case.findUniqueOrThrow({ where: { id: caseId } });
  expect([row.status, row.currentStep, row.revision, row.dueAt?.toISOString()]).toEqual([
    'on_hold',
    'review',
    2,
    nextDue,
  ]);
  expect(row.holdReason).toMatch(/^v1\./);
  expect(row.holdReason).not.toContain('Amani');
  const link = await db.casePartner.findUniqueOrThrow({ where: { caseId_partnerId: { caseId, partnerId } } });
  expect(link.caseDueAt?.toISOString()).toBe(nextDue);
  // The API's columns are not the projection's: the reference and workflow id stay as they were.
  expect([row.reference, row.workflowId]).toEqual([`PROJ-${run}`, `case-${caseId}`]);
});

it('refuses a batch about two cases without writing anything', async () => {
  const db = database();
  const batch: ProjectionBatch = {
    case: snapshot({ revision: 3, currentStep: 'elsewhere' }),
    visits: [],
    events: [{ eventKey: `${caseId}/other`, caseId: `${caseId}-other`, kind: 'note', occurredAt: left }],
  };
  await expect(applyProjectionBatch(db, batch, keyring())).rejects.toThrow('must concern one case');
  expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).currentStep).toBe('review');
});
