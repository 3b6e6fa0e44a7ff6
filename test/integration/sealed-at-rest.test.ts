// Personal data at rest: a case with an applicant, two partners (one with a webhook, one by
// email only) with consent, and a hold whose reason names a person, walked through the real
// API. Every row of that case is then read raw with pg (not through Prisma or the keyring):
// no personal value may appear in plaintext, while the webhook partner still receives them.
import { Client as PgClient } from 'pg';
import { createPartner } from '../../directory/partners';
import { database } from '../../lib/database';
import { caseKeysFor } from '../../lib/case-keys';
import { keyring } from '../../lib/keyring';
import { startMailbox, type Mailbox } from '../../lib/mailbox/server';
import { realCaseDeps } from '../support/real-activities';
import { startPartnerServer, type PartnerServer } from '../support/partner-server';
import { bearer, startApiHarness, startBody, TASK_QUEUE, type ApiHarness } from './api-harness';

jest.setTimeout(120_000);

const db = database();
const keys = keyring();
const PERSONAL = ['Zainabu', 'Mwangalizi', '1987-03-14', '+254700000001', 'Juma Baraka'];
let h: ApiHarness;
let partnerServer: PartnerServer;
let mailbox: Mailbox;
let pg: PgClient;

beforeAll(async () => {
  partnerServer = await startPartnerServer();
  mailbox = await startMailbox({ port: 0 });
  h = await startApiHarness({ deps: (client) => realCaseDeps(client, TASK_QUEUE, mailbox.url) });
  pg = new PgClient({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
}, 120_000);

afterAll(async () => {
  await pg?.end();
  await h?.close();
  await mailbox?.stop();
  await partnerServer?.stop();
});

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every row that belongs to the case, as PostgreSQL stores it, one text per table. */
async function rawRows(caseId: string): Promise<Record<string, string>> {
  const tables = {
    Case: 'SELECT * FROM "Case" WHERE id = $1',
    PartnerEvent: 'SELECT * FROM "PartnerEvent" WHERE "caseId" = $1',
    CaseEvent: 'SELECT * FROM "CaseEvent" WHERE "caseId" = $1',
    StepVisit: 'SELECT * FROM "StepVisit" WHERE "caseId" = $1',
    Message: 'SELECT * FROM "Message" WHERE "caseId" = $1',
    AuditEntry: 'SELECT * FROM "AuditEntry" WHERE "caseId" = $1',
    CasePartner: 'SELECT * FROM "CasePartner" WHERE "caseId" = $1',
  };
  const out: Record<string, string> = {};
  for (const [table, sql] of Object.entries(tables))
    out[table] = JSON.stringify((await pg.query(sql, [caseId])).rows);
  return out;
}

test('no personal value of a case is stored in plaintext; the webhook partner still receives its fields', async () => {
  const webhook = `sealed-hook-${h.run}`;
  const emailOnly = `sealed-mail-${h.run}`;
  await createPartner(db, keys, {
    id: webhook,
    name: 'Hook NGO',
    kind: 'ngo',
    contactEmail: `hook.${h.run}@ngo.test`,
    webhookUrl: partnerServer.url('/sealed'),
    sharingProfile: {
      fields: ['givenName', 'familyName', 'birthDate', 'phone'],
      events: ['step_entered', 'case_on_hold'],
    },
  });
  await createPartner(db, keys, {
    id: emailOnly,
    name: 'Mail NGO',
    kind: 'ngo',
    contactEmail: `mail.${h.run}@ngo.test`,
    sharingProfile: { fields: ['givenName', 'familyName'], events: ['step_entered', 'case_on_hold'] },
  });
  partnerServer.script('/sealed', [503, 503, 503]); // pending for a while: the sealed column is looked at before delivery
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send(
      startBody(h, {
        partners: [
          { partnerId: webhook, role: 'referring', consent: ['case_updates'] },
          { partnerId: emailOnly, role: 'service', consent: ['case_updates'] },
        ],
      }),
    );
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;

  const pending = await eventually(
    () => db.partnerEvent.findMany({ where: { caseId, partnerId: webhook } }),
    (rows) => rows.length === 1,
  );
  // Sealed with the case's own key, so erasing the case makes it unreadable.
  expect(pending[0]!.sealedPersonal!.startsWith(`v1.case:${caseId}.`)).toBe(true);
  expect(JSON.parse(await caseKeysFor(db, keys).open(pending[0]!.sealedPersonal!))).toEqual({
    givenName: 'Zainabu',
    familyName: 'Mwangalizi',
    birthDate: '1987-03-14',
    phone: '+254700000001',
  });

  const held = await h.http
    .post(`/v1/cases/${caseId}/hold`)
    .set(bearer(h.keys.supervisor))
    .send({ reason: 'Waiting for Juma Baraka to confirm' });
  expect(held.status).toBe(200);
  const hooks = await partnerServer.waitFor('/sealed', 5, 30_000);
  expect(hooks.slice(3).map((hook) => [hook.body.type, hook.body.personal?.givenName])).toEqual([
    ['step_entered', 'Zainabu'],
    ['case_on_hold', 'Zainabu'],
  ]);
  await eventually(
    () => db.partnerEvent.count({ where: { caseId, status: 'sent' } }),
    (n) => n === 4,
  );

  const rows = await rawRows(caseId);
  for (const [table, text] of Object.entries(rows)) {
    for (const value of PERSONAL)
      expect(`${table}: ${text.includes(value) ? value : 'none'}`).toBe(`${table}: none`);
  }
  const caseRow = (await pg.query('SELECT "holdReason", "personalData" FROM "Case" WHERE id = $1', [caseId]))
    .rows[0];
  expect(caseRow.holdReason).toMatch(/^v1\./);
  // Delivered events keep no personal data, sealed or not; the email-only partner's never had any.
  const events = (
    await pg.query('SELECT "partnerId", "sealedPersonal", body FROM "PartnerEvent" WHERE "caseId" = $1', [
      caseId,
    ])
  ).rows;
  expect(events.map((e) => [e.partnerId, e.sealedPersonal, 'personal' in e.body])).toEqual(
    expect.arrayContaining([
      [webhook, null, false],
      [webhook, null, false],
      [emailOnly, null, false],
      [emailOnly, null, false],
    ]),
  );
  // The staff view still shows the reason (opened from the seal, or live from the workflow).
  const read = await h.http.get(`/v1/cases/${caseId}`).set(bearer(h.keys.supervisor));
  expect(read.body.holdReason).toBe('Waiting for Juma Baraka to confirm');
  for (const mail of mailbox.messages().filter((m) => m.to.includes(`mail.${h.run}@ngo.test`))) {
    for (const value of PERSONAL) expect(mail.raw).not.toContain(value);
  }
});
