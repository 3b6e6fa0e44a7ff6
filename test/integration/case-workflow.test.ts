// The case workflow for real: Temporal dev server, the run's PostgreSQL, the real projection
// and notification activities, and an SMTP mailbox. A case goes through several steps, a
// hold, a reassign and an external event, then closes; the projection rows tell the story.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomBytes } from 'node:crypto';
import { emailOnlyDeps } from '../support/real-activities';
import { applyProjectionBatch, projectionActivities } from '../../activities/projection';
import { createMetrics } from '../../lib/metrics';
import { closeDatabase, database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { startMailbox, type Mailbox } from '../../lib/mailbox/server';
import { caseWorkflowV2 } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import {
  closeUpdate,
  completeStepUpdate,
  externalEventSignal,
  holdUpdate,
  reassignUpdate,
  resumeUpdate,
} from '../../contract/messages';
import { miniCase } from '../support/case-fixtures';
import { runningCaseWorker, settled } from '../support/case-worker';
import { freePort } from '../support/notifications';
import { eventually } from '../support/processes';
import { devServerEnvironment } from '../support/temporal';

jest.setTimeout(120_000);

const run = randomBytes(3).toString('hex');
const caseId = `int-${run}`;
const amina = { id: `amina.${run}@pathways.test`, roles: ['caseworker'] };
const juma = { id: `juma.${run}@pathways.test`, roles: ['caseworker'] };
const grace = { id: `grace.${run}@pathways.test`, roles: ['supervisor'] };

let env: TestWorkflowEnvironment;
let mailbox: Mailbox;
let worker: { stop(): Promise<void> } | undefined;

beforeAll(async () => {
  env = await devServerEnvironment();
  mailbox = await startMailbox({ port: await freePort() });
  await database().staff.createMany({
    data: [
      { name: 'Amina', email: amina.id, roles: ['caseworker'], countries: ['KE'] },
      { name: 'Juma', email: juma.id, roles: ['caseworker'], countries: ['KE'], language: 'fr' },
      { name: 'Grace', email: grace.id, roles: ['supervisor'], countries: ['KE'] },
    ],
  });
  worker = await runningCaseWorker(env, `cases-${run}`, emailOnlyDeps(mailbox.url));
});

afterAll(async () => {
  await worker?.stop();
  await env?.teardown();
  await mailbox?.stop();
  await closeDatabase();
});

it('projects every transition, control and message of a case into PostgreSQL', async () => {
  const handle = await env.client.workflow.start(caseWorkflowV2, {
    taskQueue: `cases-${run}`,
    workflowId: caseWorkflowId(caseId),
    args: [miniCase(caseId, { reference: `KE-INT-${run}`, assignee: amina.id, partners: [] })],
  });
  await handle.executeUpdate(completeStepUpdate, {
    args: [{ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' }, actor: amina }],
  });
  await handle.executeUpdate(holdUpdate, { args: [{ reason: 'security screening', actor: grace }] });
  await handle.executeUpdate(resumeUpdate, { args: [{ actor: grace }] });
  await handle.executeUpdate(reassignUpdate, { args: [{ assignee: juma.id, actor: grace }] });
  // On the real server a rejected update leaves no trace at all in the history.
  const before = await settled(handle);
  for (const attempt of [
    { step: 'assessment', outcome: 'assessed', data: {}, actor: grace },
    { step: 'review', outcome: 'approved', data: {}, actor: amina },
    { step: 'review', outcome: 'maybe', data: {}, actor: grace },
  ]) {
    await expect(handle.executeUpdate(completeStepUpdate, { args: [attempt] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
  }
  expect((await handle.fetchHistory()).events).toHaveLength(before);
  await handle.executeUpdate(completeStepUpdate, {
    args: [{ step: 'review', outcome: 'approved', data: {}, actor: grace }],
  });
  await handle.signal(externalEventSignal, {
    event: 'state_decision',
    outcome: 'accepted',
    data: {},
    eventId: `sd-${run}`,
  });
  await handle.signal(externalEventSignal, {
    event: 'state_decision',
    outcome: 'accepted',
    data: {},
    eventId: `sd-${run}`,
  });
  await handle.executeUpdate(closeUpdate, { args: [{ reason: 'withdrawn', actor: grace }] });
  const final = await handle.result(); // the workflow ends only after every effect ran

  const db = database();
  const row = await db.case.findUniqueOrThrow({ where: { id: caseId } });
  expect(row).toMatchObject({
    reference: `KE-INT-${run}`,
    workflowId: `case-${caseId}`,
    status: 'closed',
    closureReason: 'withdrawn',
    currentStep: 'travel',
    currentVisit: 4,
    assignee: juma.id,
    definitionId: 'mini.ke',
    country: 'KE',
    dueAt: null,
    holdReason: null,
  });
  expect(row.closedAt).not.toBeNull();
  const visits = await db.stepVisit.findMany({ where: { caseId }, orderBy: { visit: 'asc' } });
  expect(visits.map((v) => [v.visit, v.step, v.outcome, v.actor, v.leftAt !== null])).toEqual([
    [1, 'assessment', 'assessed', amina.id, true],
    [2, 'review', 'approved', grace.id, true],
    [3, 'decision', 'accepted', 'event:state_decision', true],
    [4, 'travel', null, grace.id, true],
  ]);
  // The timer's end stays on the visit: the deadline it had when the case closed.
  expect((visits[3]?.dueAt?.getTime() ?? 0) - (visits[3]?.enteredAt.getTime() ?? 0)).toBe(7 * 86_400_000);
  const events = await db.caseEvent.findMany({
    where: { caseId },
    orderBy: [{ occurredAt: 'asc' }, { eventKey: 'asc' }],
  });
  expect(events.map((e) => e.kind).sort()).toEqual([
    'case_closed',
    'case_on_hold',
    'case_reassigned',
    'case_resumed',
    'case_started',
    'external_event',
    'step_completed',
    'step_completed',
    'step_completed',
    'step_entered',
    'step_entered',
    'step_entered',
    'step_entered',
  ]);
  expect(final.history).toHaveLength(4);

  // Messages went out once each, to the assignee of the moment, in their language (the relay
  // delivers what the case owed, after the workflow has moved on). Messages of one batch go out
  // side by side, so their order is not asserted.
  await eventually(async () =>
    (await db.owedMessage.count({ where: { caseId, doneAt: null } })) === 0 ? true : undefined,
  );
  const messages = await db.message.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } });
  const byKind = (a: string[], b: string[]) => String(a[0]).localeCompare(String(b[0]));
  expect(messages.map((m) => [m.kind, m.recipient, m.status]).sort(byKind)).toEqual([
    ['case_closed', juma.id, 'sent'],
    ['case_on_hold', amina.id, 'sent'],
    ['case_reassigned', juma.id, 'sent'],
    ['case_resumed', amina.id, 'sent'],
    ['task_assigned', amina.id, 'sent'],
  ]);
  const mail = await mailbox.waitForMessages(5, 10_000);
  expect(mail.filter((m) => m.envelopeTo.includes(juma.id)).map((m) => m.language)).toEqual(['fr', 'fr']);
});

it('records a projection batch once, however often it is applied', async () => {
  const db = database();
  const events = await db.caseEvent.findMany({ where: { caseId } });
  const batch = {
    visits: [],
    events: events.map((e) => ({
      eventKey: e.eventKey,
      caseId,
      kind: e.kind,
      occurredAt: e.occurredAt.toISOString(),
    })),
  };
  expect(await applyProjectionBatch(db, batch, keyring())).toEqual({
    eventsInserted: 0,
    eventsAlreadyRecorded: events.length,
  });
  expect(await db.caseEvent.count({ where: { caseId } })).toBe(events.length);
});

it('counts a retried batch in the metrics once', async () => {
  const db = database();
  const metrics = createMetrics();
  const { applyProjection } = projectionActivities({ db, keys: keyring(), metrics });
  const step = {
    eventKey: `${caseId}/metrics-probe`,
    caseId,
    kind: 'step_completed',
    occurredAt: new Date().toISOString(),
  };
  const already = (await db.caseEvent.findMany({ where: { caseId }, take: 1 }))[0]!;
  const batch = {
    visits: [],
    events: [
      step,
      {
        eventKey: already.eventKey,
        caseId,
        kind: already.kind,
        occurredAt: already.occurredAt.toISOString(),
      },
    ],
  };
  expect(await applyProjection(batch)).toEqual({ eventsInserted: 1, eventsAlreadyRecorded: 1 });
  expect(await applyProjection(batch)).toEqual({ eventsInserted: 0, eventsAlreadyRecorded: 2 });
  expect((await metrics.stepsCompleted.get()).values.map((v) => v.value)).toEqual([1]);
  const byKind = (await metrics.caseEvents.get()).values.map((v) => [v.labels.kind, v.value]);
  expect(byKind).toEqual([['step_completed', 1]]);
});

it('never takes the case row back to an older revision when a late write of an earlier batch lands', async () => {
  const db = database();
  const row = await db.case.findUniqueOrThrow({ where: { id: caseId } });
  const visit = await db.stepVisit.findFirstOrThrow({ where: { caseId }, orderBy: { visit: 'desc' } });
  // The batch of an earlier revision, as an attempt that outlived its timeout would write it.
  const late = {
    case: {
      id: caseId,
      reference: row.reference,
      workflowId: row.workflowId,
      program: row.program,
      country: row.country,
      definitionId: row.definitionId,
      definitionVersion: row.definitionVersion,
      priority: row.priority,
      status: 'open' as const,
      currentStep: 'late-step',
      currentVisit: visit.visit,
      assignee: 'someone.else@pathways.test',
      dueAt: null,
      holdReason: null,
      closureReason: null,
      closedAt: null,
      revision: row.revision - 1,
    },
    visits: [
      {
        ...visit,
        step: 'late-step',
        kind: 'task',
        enteredAt: visit.enteredAt.toISOString(),
        dueAt: null,
        leftAt: null,
      },
    ],
    events: [
      { eventKey: `${caseId}/late-probe`, caseId, kind: 'note', occurredAt: new Date().toISOString() },
    ],
  };
  expect(await applyProjectionBatch(db, late, keyring())).toEqual({
    eventsInserted: 1,
    eventsAlreadyRecorded: 0,
  });
  const after = await db.case.findUniqueOrThrow({ where: { id: caseId } });
  expect([after.status, after.currentStep, after.assignee, after.revision]).toEqual([
    row.status,
    row.currentStep,
    row.assignee,
    row.revision,
  ]);
  expect(await db.stepVisit.findFirstOrThrow({ where: { caseId, visit: visit.visit } })).toEqual(visit);

  // The same batch at the row's own revision is applied (a retry of the newest write).
  const current = {
    ...late,
    case: { ...late.case, revision: row.revision, status: row.status, currentStep: row.currentStep },
  };
  await applyProjectionBatch(db, { ...current, visits: [], events: [] }, keyring());
  expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).assignee).toBe(
    'someone.else@pathways.test',
  );
});
