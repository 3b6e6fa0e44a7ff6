// Drill: the Temporal dev server is stopped and started again on the same database file while
// cases are mid-flight (reminders pending). The worker and the API reconnect; no case is lost
// and every email arrives exactly once.
import type { Stack } from '../../bench/stack';
import { drillStack, eventually, finishMailDrill, startDrillCases } from './support';

const CASES = 50;
let stack: Stack;

beforeAll(async () => {
  stack = await drillStack('drill-temporal');
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

test('Temporal dev server restarted mid-run: no case lost, every email exactly once', async () => {
  const started = Date.now();
  const ids = await startDrillCases(stack, 'temporal', CASES);
  await eventually(() => stack.mailbox!.messages().length >= CASES, 60_000);
  await stack.restartTemporal();

  const listed = await stack.client.workflow.count(`WorkflowType = "caseWorkflowV2"`);
  const { open, mail } = await finishMailDrill(stack, {
    drill: 'Temporal restart',
    prefix: 'temporal',
    ids,
    started,
    mailWaitMs: 180_000,
    lostElsewhere: CASES - listed.count,
  });
  expect(listed.count).toBe(CASES);
  expect(open).toEqual([]);
  expect(mail).toEqual({ lost: 0, duplicated: 0, resent: 0 });
});
