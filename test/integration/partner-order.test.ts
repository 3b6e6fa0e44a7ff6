// Partner events follow the case's own order of transitions: a caseworker completes steps back
// to back through the real API (real Temporal dev server, worker, PostgreSQL), and a real
// webhook receiver checks that each case's events arrive numbered 1, 2, 3… in the order the
// case moved, even when several transitions wait for delivery at once.
import { createPartner } from '../../directory/partners';
import { taskChainDefinition } from '../support/case-fixtures';
import { publishDefinition } from '../../definitions/store';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { realCaseDeps } from '../support/real-activities';
import { startPartnerServer, type PartnerServer } from '../support/partner-server';
import { bearer, startApiHarness, startBody, TASK_QUEUE, type ApiHarness } from './api-harness';

jest.setTimeout(180_000);

const db = database();
const keys = keyring();
const STEPS = ['first', 'second', 'third', 'fourth', 'fifth'];

/** Five partner-visible tasks in a row, each completed with `done`. */
const orderDefinition = taskChainDefinition('partner-order.xa', STEPS);

let h: ApiHarness;
let partnerServer: PartnerServer;
let partnerId: string;

beforeAll(async () => {
  partnerServer = await startPartnerServer();
  // No staff email is owed by this definition: the default unreachable SMTP server would show one.
  h = await startApiHarness({ deps: (client) => realCaseDeps(client, TASK_QUEUE) });
  await publishDefinition(orderDefinition, { publishedBy: 'partner-order-test' });
  partnerId = `order-${h.run}`;
  await createPartner(db, keys, {
    id: partnerId,
    name: 'Order NGO',
    kind: 'ngo',
    contactEmail: `order.${h.run}@ngo.test`,
    webhookUrl: partnerServer.url('/order'),
    sharingProfile: { fields: [], events: ['step_entered'] },
  });
}, 180_000);

afterAll(async () => {
  await h?.close();
  await partnerServer?.stop();
});

async function walkCase(): Promise<string> {
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send(
      startBody(h, {
        definitionId: orderDefinition.id,
        partners: [{ partnerId, role: 'referring', consent: [] }],
      }),
    );
  expect(started.status).toBe(201);
  for (const step of STEPS.slice(0, -1)) {
    const moved = await h.http
      .post(`/v1/cases/${started.body.id}/complete-step`)
      .set(bearer(h.keys.caseworker))
      .send({ step, outcome: 'done', data: {} });
    expect(moved.status).toBe(200);
  }
  return started.body.reference as string;
}

test("each case's partner events are numbered and delivered in the order the case moved", async () => {
  const references: string[] = [];
  for (let round = 0; round < 3; round++)
    references.push(...(await Promise.all([walkCase(), walkCase(), walkCase(), walkCase()])));
  await partnerServer.waitFor('/order', references.length * STEPS.length, 60_000);
  for (const reference of references) {
    const received = partnerServer
      .received('/order')
      .filter((hook) => hook.body.case.reference === reference);
    // In the order of arrival, as a partner processing by sequence would see them.
    expect(received.map((hook) => [hook.body.sequence, hook.body.case.status])).toEqual(
      STEPS.map((_, i) => [i + 1, `Status ${i + 1}`]),
    );
  }
  const rows = await db.partnerEvent.findMany({
    where: { partnerId },
    orderBy: [{ caseId: 'asc' }, { seq: 'asc' }],
  });
  expect(rows).toHaveLength(references.length * STEPS.length);
  // This partner receives every update of these cases: its numbers are the case's own.
  for (const row of rows) expect(row.caseSequence).toBe(row.seq);
});
