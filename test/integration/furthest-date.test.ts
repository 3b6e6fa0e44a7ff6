// Issue 10, item 3: the furthest date a definition can make a case compute (definitions/
// limits.ts) is stored as it is by PostgreSQL and Temporal: the deadline columns of the
// projection, a Datetime search attribute, and a case on the longest durations whose timer
// and search attribute the real dev server accepts.
import { TypedSearchAttributes } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomBytes } from 'node:crypto';
import { emailOnlyDeps } from '../support/real-activities';
import { applyProjectionBatch } from '../../activities/projection';
import { furthestInstant } from '../../definitions/limits';
import { addDuration } from '../../definitions/duration';
import { closeDatabase, database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { startMailbox, type Mailbox } from '../../lib/mailbox/server';
import { caseWorkflow } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import { CaseDueAtKey } from '../../contract/search-attributes';
import { miniCase } from '../support/case-fixtures';
import { runningCaseWorker, settled } from '../support/case-worker';
import { longestDefinition } from '../support/longest-definition';
import { freePort } from '../support/notifications';
import { devServerEnvironment } from '../support/temporal';

jest.setTimeout(120_000);

const run = randomBytes(3).toString('hex');
const EventType = temporal.api.enums.v1.EventType;
let env: TestWorkflowEnvironment;
let mailbox: Mailbox;
let worker: { stop(): Promise<void> } | undefined;

beforeAll(async () => {
  env = await devServerEnvironment();
  mailbox = await startMailbox({ port: await freePort() });
  worker = await runningCaseWorker(env, `far-${run}`, emailOnlyDeps(mailbox.url));
});

afterAll(async () => {
  await worker?.stop();
  await env?.teardown();
  await mailbox?.stop();
  await closeDatabase();
});

it('PostgreSQL stores the furthest date in every deadline column', async () => {
  const now = new Date();
  const furthest = furthestInstant(now);
  const caseId = `far-db-${run}`;
  const db = database();
  await applyProjectionBatch(
    db,
    {
      case: {
        id: caseId,
        reference: `KE-FAR-${run}`,
        workflowId: caseWorkflowId(caseId),
        program: 'resettlement',
        country: 'KE',
        definitionId: longestDefinition.id,
        definitionVersion: 1,
        priority: 'normal',
        status: 'open',
        currentStep: 'paperwork',
        currentVisit: 1,
        assignee: 'amina@pathways.test',
        dueAt: furthest.toISOString(),
        holdReason: null,
        closureReason: null,
        closedAt: furthest.toISOString(),
        revision: 1,
      },
      visits: [
        {
          caseId,
          visit: 1,
          step: 'paperwork',
          enteredAt: now.toISOString(),
          dueAt: furthest.toISOString(),
          leftAt: furthest.toISOString(),
          outcome: null,
          actor: null,
        },
      ],
      events: [{ eventKey: `${caseId}:far`, caseId, kind: 'reminder', occurredAt: furthest.toISOString() }],
    },
    keyring(),
  );
  const row = await db.case.findUniqueOrThrow({ where: { id: caseId } });
  const visit = await db.stepVisit.findFirstOrThrow({ where: { caseId } });
  const event = await db.caseEvent.findFirstOrThrow({ where: { caseId } });
  expect(
    [row.dueAt, row.closedAt, visit.dueAt, visit.leftAt, event.occurredAt].map((d) => d?.toISOString()),
  ).toEqual(Array(5).fill(furthest.toISOString()));
});

it('Temporal takes the furthest date as a Datetime search attribute', async () => {
  const furthest = furthestInstant(new Date());
  const handle = await env.client.workflow.start(caseWorkflow, {
    taskQueue: `no-worker-${run}`,
    workflowId: `far-sa-${run}`,
    args: [miniCase(`far-sa-${run}`)],
    typedSearchAttributes: new TypedSearchAttributes([{ key: CaseDueAtKey, value: furthest }]),
  });
  const described = await handle.describe();
  expect(described.typedSearchAttributes.get(CaseDueAtKey)?.toISOString()).toBe(furthest.toISOString());
  await handle.terminate('test done');
});

it('a case on the longest durations starts, sets its due date and sleeps until its first reminder', async () => {
  const caseId = `far-case-${run}`;
  const handle = await env.client.workflow.start(caseWorkflow, {
    taskQueue: `far-${run}`,
    workflowId: caseWorkflowId(caseId),
    args: [miniCase(caseId, { definition: longestDefinition, partners: [] })],
  });
  await settled(handle);
  const events = (await handle.fetchHistory()).events ?? [];
  const started = Number(events[0]?.eventTime?.seconds ?? 0) * 1000;
  expect(events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toEqual([]);
  const due = (await database().case.findUniqueOrThrow({ where: { id: caseId } })).dueAt;
  expect(
    Math.abs(
      (due?.getTime() ?? 0) - addDuration(new Date(started), 'P10Y', longestDefinition.timeZone).getTime(),
    ),
  ).toBeLessThan(5_000);
  expect((await handle.describe()).typedSearchAttributes.get(CaseDueAtKey)?.toISOString()).toBe(
    due?.toISOString(),
  );
  // The first reminder: ten years less one month before the ten-year deadline (the before_due rule).
  const timers = events
    .filter((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED)
    .map((e) => Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? 0) * 1000);
  expect(timers).toHaveLength(1);
  const firstReminder = addDuration(new Date(started), 'P1M', longestDefinition.timeZone).getTime() - started;
  expect(Math.abs((timers[0] ?? 0) - firstReminder)).toBeLessThan(60_000);
  await handle.terminate('test done');
});

it('a case waiting on the longest timeout has a ten-year timer on the real server', async () => {
  const caseId = `far-wait-${run}`;
  const handle = await env.client.workflow.start(caseWorkflow, {
    taskQueue: `far-${run}`,
    workflowId: caseWorkflowId(caseId),
    args: [miniCase(caseId, { definition: { ...longestDefinition, start: 'decision' }, partners: [] })],
  });
  await settled(handle);
  const events = (await handle.fetchHistory()).events ?? [];
  const started = Number(events[0]?.eventTime?.seconds ?? 0) * 1000;
  const timers = events
    .filter((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED)
    .map((e) => Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? 0) * 1000);
  const tenYears = addDuration(new Date(started), 'P10Y', longestDefinition.timeZone).getTime() - started;
  expect(timers).toHaveLength(1);
  expect(Math.abs((timers[0] ?? 0) - tenYears)).toBeLessThan(60_000);
  await handle.terminate('test done');
});
