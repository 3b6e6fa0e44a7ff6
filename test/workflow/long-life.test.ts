// A case left overdue for three simulated years, reminded daily: the workflow continues as
// new whenever its history reaches the threshold, each run stays bounded, and the reminder
// occurrences run on across runs without a gap or a duplicate.
import { caseWorkflowV2, CONTINUE_AS_NEW_AFTER_EVENTS } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import { caseStateQuery, closeUpdate, completeStepUpdate } from '../../contract/messages';
import { caseworker, DAY, stuckDefinition as stuck, supervisor } from '../support/case-fixtures';
import { caseWorkerSuite, recordingActivities, sentMessages, settled } from '../support/case-worker';
import { eventsPerRun } from '../support/histories';

jest.setTimeout(600_000);

const YEARS = 3;
const SIMULATED_DAYS = YEARS * 365;

const recorder = recordingActivities();

const suite = caseWorkerSuite('long-life', () => recorder.activities);

it(`keeps every run bounded over ${YEARS} simulated years of daily overdue reminders`, async () => {
  const handle = await suite.env.client.workflow.start(caseWorkflowV2, {
    taskQueue: 'long-life',
    workflowId: caseWorkflowId('long-1'),
    args: [
      {
        caseId: 'long-1',
        reference: 'KE-LONG-1',
        definition: stuck,
        definitionVersion: 1,
        priority: 'normal',
        assignee: caseworker.id,
        partners: [],
        startedBy: 'lead@pathways.test',
      },
    ],
  });
  for (let day = 0; day < SIMULATED_DAYS; day += 100)
    await suite.env.sleep(Math.min(100, SIMULATED_DAYS - day) * DAY);
  await suite.env.sleep(DAY / 2);
  await settled(handle);
  const view = await handle.query(caseStateQuery);
  expect(view).toMatchObject({ currentStep: 'paperwork', overdue: true, visit: 1 });
  // Updates still reach the latest run; the case then ends normally.
  const done = await handle.executeUpdate(completeStepUpdate, {
    args: [{ step: 'paperwork', outcome: 'done', data: {}, actor: caseworker }],
  });
  expect(done.status).toBe('closed');
  await expect(
    handle.executeUpdate(closeUpdate, { args: [{ reason: 'other', actor: supervisor }] }),
  ).rejects.toThrow();
  await handle.result();

  const runs = await eventsPerRun(suite.env.client, handle.workflowId, handle.firstExecutionRunId);
  const total = runs.reduce((a, b) => a + b, 0);
  console.info(
    `continue-as-new over ${SIMULATED_DAYS} days: ${runs.length} runs, events per run ${runs.join(', ')}, total ${total}`,
  );

  const keys = sentMessages(recorder.calls).map((m) => m.key);
  const overdue = keys.filter((k) => k.includes(':overdue:daily:'));
  expect(new Set(keys).size).toBe(keys.length);
  expect(overdue).toHaveLength(SIMULATED_DAYS - 1); // day 2 … day 1095
  expect(overdue.map((k) => Number(k.split(':').pop()))).toEqual(overdue.map((_k, i) => i + 1));
  expect(keys.filter((k) => k.includes(':at_due:') || k.includes(':escalate:'))).toHaveLength(2);
  // Reminders are owed messages (no activity each): about 2,000 events hold some 330 days.
  expect(runs.length).toBeGreaterThanOrEqual(YEARS);
  expect(Math.max(...runs)).toBeLessThan(CONTINUE_AS_NEW_AFTER_EVENTS + 50);
});
