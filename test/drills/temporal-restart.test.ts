// Drill: the Temporal dev server is stopped and started again on the same database file while
// cases are mid-flight (reminders pending). The worker and the API reconnect; no case is lost
// and every email arrives exactly once.
import type { Stack } from '../../bench/stack';
import {
  completeIntake,
  drillStack,
  EMAILS_PER_CASE,
  eventually,
  mailAccount,
  recordDrill,
  startDrillCases,
  unfinished,
} from './support';

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

  const listed = await stack.client.workflow.count(`WorkflowType = "caseWorkflow"`);
  await eventually(() => stack.mailbox!.messages().length >= CASES * EMAILS_PER_CASE, 180_000, 1000);
  await completeIntake(stack, ids);
  const open = await unfinished(stack, ids, 120_000);
  const mail = mailAccount(stack.mailbox!.messages(), 'temporal', CASES);
  recordDrill({
    drill: 'Temporal restart',
    cases: CASES,
    lost: CASES - listed.count + open.length + mail.lost,
    duplicated: mail.duplicated,
    resent: mail.resent,
    seconds: Math.round((Date.now() - started) / 1000),
  });
  expect(listed.count).toBe(CASES);
  expect(open).toEqual([]);
  expect(mail).toEqual({ lost: 0, duplicated: 0, resent: 0 });
});
