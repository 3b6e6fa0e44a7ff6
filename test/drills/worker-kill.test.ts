// Drill: the worker process is killed with SIGKILL while 200 cases are mid-flight with their
// reminders pending; a new worker takes over. Every case finishes and every email the cases
// owe (assigned, 5 s before due, at due) arrives, each under one Message-ID.
import type { Stack } from '../../bench/stack';
import { spawnWorker } from '../../bench/worker-process';
import { drillStack, eventually, finishMailDrill, startDrillCases } from './support';

const CASES = 200;
let stack: Stack;

beforeAll(async () => {
  stack = await drillStack('drill-worker-kill', { worker: false });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

test('SIGKILL of the worker mid-flight: every case finishes, every email exactly once', async () => {
  const started = Date.now();
  const first = await spawnWorker(stack);
  const ids = await startDrillCases(stack, 'kill', CASES);
  // Some cases have had their first email, none their at-due reminder yet: kill now.
  await eventually(() => stack.mailbox!.messages().length > 0, 30_000);
  await first.kill();

  const second = await spawnWorker(stack);
  try {
    // Owed messages the dead worker's relay held are taken over once their lease lapses (1 min).
    const { open, mail } = await finishMailDrill(stack, {
      drill: 'worker SIGKILL',
      prefix: 'kill',
      ids,
      started,
      mailWaitMs: 240_000,
    });
    expect(open).toEqual([]);
    // A send the SMTP server accepted just before the SIGKILL, not yet recorded, goes out
    // again under the same Message-ID (mailAccount's `resent`, shown in the summary): SMTP
    // offers no way to ask whether a message was accepted.
    expect({ lost: mail.lost, duplicated: mail.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  } finally {
    await second.stop();
  }
});
