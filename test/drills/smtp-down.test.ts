// Drill: the SMTP server is down when the cases start and stays down while their first
// reminders fall due, then comes back on the same port. The cases keep moving meanwhile (their
// reminders are recorded), and every email arrives exactly once.
import { pause } from '../../bench/bundle';
import type { Stack } from '../../bench/stack';
import { drillStack, eventually, finishMailDrill, startDrillCases } from './support';

const CASES = 50;
let stack: Stack;

beforeAll(async () => {
  stack = await drillStack('drill-smtp');
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

test('SMTP down for a stretch, then up: every email exactly once', async () => {
  const started = Date.now();
  await stack.stopMailbox();
  const ids = await startDrillCases(stack, 'smtp', CASES);
  // Long enough for the assignment emails and the 5-s reminders to fail at least twice.
  await pause(15_000);
  // Meanwhile the cases kept moving: both reminders of every case are in its history (the
  // projection) although none of their emails could be sent.
  const remindersProjected = await eventually(
    async () =>
      (await stack.db.caseEvent.count({ where: { caseId: { in: ids }, kind: 'reminder' } })) === CASES * 2,
    60_000,
  );
  expect(remindersProjected).toBe(true);
  expect(stack.mailbox!.messages()).toHaveLength(0);
  await stack.restartMailbox();

  const { open, mail } = await finishMailDrill(stack, {
    drill: 'SMTP down 15 s',
    prefix: 'smtp',
    ids,
    started,
    mailWaitMs: 180_000,
  });
  expect(open).toEqual([]);
  expect(mail).toEqual({ lost: 0, duplicated: 0, resent: 0 });
});
