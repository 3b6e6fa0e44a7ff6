// A case's worker that cannot reach PostgreSQL cannot read the case's key, so it cannot decrypt
// the case's workflow task and fails it. An action sent to that case then fails on the Temporal
// side: the API answers 503 (try again shortly), never 500, and the case loses nothing. Once the
// worker reaches the database again, the case runs and the same action succeeds.
// Real API, Temporal dev server, worker, PostgreSQL (the worker's key reads through a TCP proxy).
import request from 'supertest';
import { temporal } from '@temporalio/proto';
import { createApp } from '../../api/app';
import { publishDefinition } from '../../definitions/store';
import { caseWorkflowId } from '../../contract/keys';
import { createDatabase, database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { dataConverter } from '../../lib/payload-codec';
import { taskChainDefinition } from '../support/case-fixtures';
import { eventually } from '../support/processes';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { runningCaseWorker } from '../support/case-worker';
import { bearer, NAMESPACE, quietDeps, startApiHarness, startBody, type ApiHarness } from './api-harness';

jest.setTimeout(180_000);

const db = database();
const EventType = temporal.api.enums.v1.EventType;
const definition = taskChainDefinition('no-db.xa', ['first', 'second']);

let h: ApiHarness;
let proxy: TcpProxy;
let cutOff: ReturnType<typeof createDatabase>;

beforeAll(async () => {
  h = await startApiHarness();
  await publishDefinition(definition, { publishedBy: 'worker-without-database-test' });
  const target = new URL(process.env.DATABASE_URL!);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  target.port = String(proxy.port);
  cutOff = createDatabase(target.toString(), 2);
}, 120_000);

afterAll(async () => {
  await cutOff?.$disconnect();
  await proxy?.close();
  await h?.close();
});

test('an action on a case whose worker cannot reach the database is a 503; once it can, the action sent again moves the case once', async () => {
  const queue = `no-db-${h.run}`;
  const api = request(
    createApp({ db, keys: keyring(), temporal: h.client, taskQueue: queue, namespace: NAMESPACE }),
  );
  const started = await api
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send(startBody(h, { definitionId: definition.id }));
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;
  const handle = h.client.workflow.getHandle(caseWorkflowId(caseId));

  // The worker of this queue reads case keys through the proxy, which now refuses connections.
  await proxy.close();
  const worker = await runningCaseWorker(h.env, queue, quietDeps(), {
    dataConverter: dataConverter(keyring(), cutOff),
  });
  try {
    // Its first workflow task fails: the worker cannot decrypt the case's input.
    await eventually(async () => {
      const kinds = ((await handle.fetchHistory()).events ?? []).map((e) => e.eventType);
      return kinds.includes(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) ? true : undefined;
    }, 60_000);

    // Reading the case still answers, from the projection.
    const projected = await api.get(`/v1/cases/${caseId}`).set(bearer(h.keys.caseworker));
    expect({ status: projected.status, step: projected.body.currentStep, live: projected.body.live }).toEqual(
      {
        status: 200,
        step: 'first',
        live: false,
      },
    );

    const refused = await api
      .post(`/v1/cases/${caseId}/complete-step`)
      .set(bearer(h.keys.caseworker))
      .send({ step: 'first', outcome: 'done', data: {} });
    expect({ status: refused.status, code: refused.body.error?.code }).toEqual({
      status: 503,
      code: 'dependency_unavailable',
    });
    // Nothing moved: the row still shows the first step.
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).currentStep).toBe('first');

    // The database is reachable again: the case runs, and the same action, sent again, takes
    // effect once. The refused call's update may still have reached the case when its task ran
    // (a 503 after the deadline cannot say it did not); then the retry is told the step is done.
    await proxy.open();
    const retried = await eventually(async () => {
      const answer = await api
        .post(`/v1/cases/${caseId}/complete-step`)
        .set(bearer(h.keys.caseworker))
        .send({ step: 'first', outcome: 'done', data: {} });
      return answer.status === 503 ? undefined : answer;
    }, 60_000);
    expect([200, 409]).toContain(retried.status);
    const read = await api.get(`/v1/cases/${caseId}`).set(bearer(h.keys.caseworker));
    expect(read.body).toMatchObject({ currentStep: 'second', live: true });
    expect(read.body.history.map((v: { step: string; outcome?: string }) => [v.step, v.outcome])).toEqual([
      ['first', 'done'],
      ['second', undefined],
    ]);
  } finally {
    await worker.stop();
  }
});
