// The migration workflow itself on the time-skipping server, over real case workflows and the
// real move activity (the target version read from the definition store): started paused it
// lists the cases and moves none until resumed; it continues as new between batches (lowered
// here to one batch per run) without losing count; run again, it finds every case moved.
import { temporal } from '@temporalio/proto';
import { caseWorkflowV2 } from '../../workflows/case.workflow';
import { migrationWorkflow, MIGRATION_PARALLELISM } from '../../workflows/migration.workflow';
import { caseWorkflowId } from '../../contract/keys';
import { caseStateQuery } from '../../contract/messages';
import {
  migrationProgressQuery,
  resumeMigrationSignal,
  type MigrationProgress,
} from '../../contract/migration';
import { migrationActivities } from '../../activities/migration';
import { publishDefinition } from '../../definitions/store';
import { ResolvedDefinition } from '../../definitions/schema';
import { database } from '../../lib/database';
import { miniCase } from '../support/case-fixtures';
import { caseWorkerSuite, recordingActivities, settled } from '../support/case-worker';
import { miniPlan } from '../support/migration-fixtures';
import { apiDefinition } from '../integration/api-harness';

jest.setTimeout(120_000);

const EventType = temporal.api.enums.v1.EventType;
const ID = 'migrun.xa';
/** Version 1, and version 2 with the assessment renamed (publishable, unlike the mini fixtures). */
const v1 = ResolvedDefinition.parse({ ...apiDefinition('XA'), id: ID });
const v2 = ResolvedDefinition.parse({
  ...v1,
  start: 'needs_assessment',
  steps: v1.steps.map((step) =>
    step.id === 'assessment'
      ? { ...step, id: 'needs_assessment' }
      : step.id === 'review'
        ? {
            ...step,
            outcomes: { approved: 'decision', rejected: 'not_resettled', returned: 'needs_assessment' },
          }
        : step,
  ),
});
const CASES = MIGRATION_PARALLELISM + 3;
const recorder = recordingActivities();
const moving = migrationActivities({ db: database() });
let listed: { caseId: string; workflowId: string }[] = [];
const suite = caseWorkerSuite('migration-run', () => ({
  ...recorder.activities,
  // The cases this file started, as the projection lists them (its query has its integration test).
  migrationCases: async (_plan: unknown, page?: { after: string | null; limit: number }) =>
    page ? listed.filter((c) => page.after === null || c.caseId > page.after).slice(0, page.limit) : listed,
  migrationCaseCount: async () => listed.length,
  moveOneCase: moving.moveOneCase,
}));

const plan = miniPlan({ definitionId: ID });
const input = (overrides: object = {}) => ({
  migrationId: `${ID}:v1-v2`,
  plan,
  actor: { id: 'pm@pathways.test', roles: ['program_manager'] },
  batchesPerRun: 1,
  ...overrides,
});

beforeAll(async () => {
  const published = [];
  for (const version of [v1, v2])
    published.push((await publishDefinition(version, { publishedBy: 'migration-run-tests' })).version);
  expect(published).toEqual([1, 2]);
  listed = await Promise.all(
    Array.from({ length: CASES }, async (_, i) => {
      const caseId = `migrun-${i}`;
      const handle = await suite.env.client.workflow.start(caseWorkflowV2, {
        taskQueue: 'migration-run',
        workflowId: caseWorkflowId(caseId),
        args: [miniCase(caseId, { definition: v1 })],
      });
      await settled(handle);
      return { caseId, workflowId: handle.workflowId };
    }),
  );
});

const versions = () =>
  Promise.all(
    listed.map(
      async (c) =>
        (await suite.env.client.workflow.getHandle(c.workflowId).query(caseStateQuery)).definitionVersion,
    ),
  );

async function progressOf(workflowId: string, until: (p: MigrationProgress) => boolean) {
  const handle = suite.env.client.workflow.getHandle(workflowId);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const progress = await handle.query(migrationProgressQuery);
    if (until(progress)) return progress;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the migration did not get there');
}

it('started paused, lists the cases and moves none; resumed, moves them all across continue-as-new', async () => {
  const handle = await suite.env.client.workflow.start(migrationWorkflow, {
    taskQueue: 'migration-run',
    workflowId: `migration-${ID}:v1-v2`,
    args: [input({ paused: true })],
  });
  const firstRun = handle.firstExecutionRunId;
  expect(await progressOf(handle.workflowId, (p) => p.total > 0)).toMatchObject({
    state: 'paused',
    total: CASES,
    done: 0,
    moved: 0,
  });
  expect(await versions()).toEqual(listed.map(() => 1));

  await handle.signal(resumeMigrationSignal);
  const result = await handle.result();
  expect(result).toEqual({
    migrationId: `${ID}:v1-v2`,
    state: 'done',
    total: CASES,
    done: CASES,
    moved: CASES,
    skippedCount: 0,
    skipped: [],
  });
  expect(await versions()).toEqual(listed.map(() => 2));
  // One batch per run: the first run handed over after its batch, the second finished the rest.
  const first = await suite.env.client.workflow.getHandle(handle.workflowId, firstRun).fetchHistory();
  expect(first.events?.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  expect((await handle.describe()).runId).not.toBe(firstRun);
});

it('run again under the same id, finds every case moved and changes nothing', async () => {
  const result = await suite.env.client.workflow.execute(migrationWorkflow, {
    taskQueue: 'migration-run',
    workflowId: `migration-${ID}:v1-v2`,
    args: [input({ batchesPerRun: undefined })],
  });
  expect(result).toMatchObject({ state: 'done', total: CASES, done: CASES, moved: 0 });
  expect(result.skipped.map((s) => s.reason)).toEqual(listed.map(() => 'already_moved'));
  expect(await versions()).toEqual(listed.map(() => 2));
  // Asked, not moved again: each case took one update (the first run's move), however many runs.
  const updates = await Promise.all(
    listed.map(
      async (c) =>
        ((await suite.env.client.workflow.getHandle(c.workflowId).fetchHistory()).events ?? []).filter(
          (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
        ).length,
    ),
  );
  expect(updates).toEqual(listed.map(() => 1));
});
