// Drill: the worker's PostgreSQL connections are cut and refused for a stretch (a TCP proxy on
// loopback that closes) while cases move: steps are completed and timers fire. The projection
// activities retry; once PostgreSQL is back every case finishes and its row in the projection
// matches the workflow's final state.
import { pause } from '../../bench/bundle';
import type { Stack } from '../../bench/stack';
import { spawnWorker, type WorkerProcess } from '../../bench/worker-process';
import type { CaseView } from '../../contract/case-view';
import {
  completeIntake,
  drillStack,
  eventually,
  mailAccount,
  recordDrill,
  runByWorker,
  startDrillCases,
  unfinished,
} from './support';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const CASES = 30;
let stack: Stack;
let proxy: TcpProxy;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  stack = await drillStack('drill-postgres', { worker: false });
  const target = new URL(stack.databaseUrl);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await proxy?.close();
  await stack?.stop();
});

test('PostgreSQL refused for a while during transitions: the projection ends consistent', async () => {
  const started = Date.now();
  const viaProxy = new URL(stack.databaseUrl);
  viaProxy.port = String(proxy.port);
  // Only the worker goes through the proxy; the API (this process) keeps its database.
  worker = await spawnWorker(stack, { DATABASE_URL: viaProxy.toString() });
  const ids = await startDrillCases(stack, 'postgres', CASES);
  await runByWorker(stack, ids, 60_000);

  await proxy.close();
  await completeIntake(stack, ids); // updates succeed; their projection writes cannot
  await pause(20_000); // the 5-s cooling-off timers fire while the database is unreachable
  const duringOutage = await stack.db.case.count({ where: { status: 'closed' } });
  await proxy.open();

  const open = await unfinished(stack, ids, 180_000);
  const mismatched: string[] = [];
  for (const id of ids) {
    const row = await stack.db.case.findUniqueOrThrow({ where: { id } });
    const view = await stack.client.workflow.getHandle<() => Promise<CaseView>>(row.workflowId).result();
    const consistent = () =>
      stack.db.case
        .findUniqueOrThrow({ where: { id } })
        .then(
          (r) =>
            r.status === view.status && r.currentStep === view.currentStep && r.currentVisit === view.visit,
        );
    if (!(await eventually(consistent, 10_000))) mismatched.push(id);
  }
  const mail = mailAccount(stack.mailbox!.messages(), 'postgres', CASES, 0);
  recordDrill({
    drill: 'PostgreSQL refused 20 s',
    cases: CASES,
    lost: open.length + mismatched.length,
    duplicated: 0,
    resent: mail.resent,
    seconds: Math.round((Date.now() - started) / 1000),
  });
  expect(worker.child.exitCode).toBeNull(); // the worker rode out the outage
  expect(duringOutage).toBe(0);
  expect(open).toEqual([]);
  expect(mismatched).toEqual([]);
  expect(mail.resent).toBe(0);
});
