// A family through the API, end to end: three cases in two countries, months of simulated time
// (time-skipping server), one member late. Real PostgreSQL, real SMTP (dev mailbox), real
// notification and partner activities: asserts the emails and partner events that arrive.
import { createPartner } from '../../directory/partners';
import { ResolvedDefinition } from '../../definitions/schema';
import { publishDefinition } from '../../definitions/store';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { startMailbox, type Mailbox, type MailboxMessage } from '../../lib/mailbox/server';
import { realCaseDeps } from '../support/real-activities';
import { bearer, startApiHarness, startBody, TASK_QUEUE, type ApiHarness } from './api-harness';

jest.setTimeout(180_000);

const db = database();
let h: ApiHarness;
let mailbox: Mailbox;

function definition(country: string): ResolvedDefinition {
  return ResolvedDefinition.parse({
    id: `family-e2e.${country.toLowerCase()}`,
    program: 'family-reunification',
    title: `Family end to end (${country})`,
    country,
    roles: ['caseworker', 'supervisor'],
    start: 'prepare',
    steps: [
      {
        id: 'prepare',
        kind: 'task',
        title: 'Prepare travel',
        owner: 'caseworker',
        due: 'P30D',
        outcomes: { done: 'departure' },
      },
      {
        id: 'departure',
        kind: 'task',
        title: 'Departure',
        owner: 'caseworker',
        due: 'P14D',
        together: 'departure',
        partnerStatus: 'Ready to depart',
        outcomes: { departed: 'arrived' },
      },
      { id: 'arrived', kind: 'end', title: 'Arrived', reason: 'reunited' },
    ],
  });
}

beforeAll(async () => {
  mailbox = await startMailbox({ port: 0 });
  h = await startApiHarness({
    timeSkipping: true,
    deps: (client) => realCaseDeps(client, TASK_QUEUE, mailbox.url),
  });
  for (const country of ['XA', 'XB'])
    await publishDefinition(definition(country), { publishedBy: 'family-e2e' });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await mailbox?.stop();
});

async function mailTo(address: string, count: number, ms = 20_000): Promise<MailboxMessage[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = mailbox.messages().filter((m) => m.envelopeTo.includes(address));
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('three cases in two countries wait for the late one, their staff and partner are told, then all move on', async () => {
  const francophone = `claire.${h.run}@pathways.test`;
  await db.staff.create({
    data: { name: 'Claire', email: francophone, roles: ['caseworker'], countries: ['XA'], language: 'fr' },
  });
  const partner = `ngo-fam-${h.run}`;
  const partnerMail = `fam.${h.run}@ngo.test`;
  await createPartner(db, keyring(), {
    id: partner,
    name: 'Family NGO',
    kind: 'ngo',
    contactEmail: partnerMail,
    sharingProfile: { fields: [], events: ['family_waiting', 'family_released'] },
  });
  const admin = bearer(h.keys.admin);
  const start = async (country: string, assignee: string) => {
    const res = await h.http
      .post('/v1/cases')
      .set(admin)
      .send(
        startBody(h, {
          definitionId: `family-e2e.${country.toLowerCase()}`,
          reference: `${country}-E2E-${h.run}-${country === 'XB' ? 'B' : assignee.slice(0, 3)}`,
          assignee,
          partners: [{ partnerId: partner, role: 'referring', consent: [] }],
        }),
      );
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const waiting = await start('XA', francophone);
  const alsoWaiting = await start('XA', h.staff.caseworker);
  const late = await start('XB', h.staff.caseworker);
  const created = await h.http
    .post('/v1/families')
    .set(admin)
    .send({ reference: `FAM-E2E-${h.run}` });
  const familyId = created.body.id as string;
  for (const caseId of [waiting, alsoWaiting, late])
    expect((await h.http.post(`/v1/families/${familyId}/members`).set(admin).send({ caseId })).status).toBe(
      200,
    );

  const complete = (caseId: string, step: string, outcome: string) =>
    h.http.post(`/v1/cases/${caseId}/complete-step`).set(admin).send({ step, outcome, data: {} });
  expect((await complete(waiting, 'prepare', 'done')).status).toBe(200);
  expect((await complete(alsoWaiting, 'prepare', 'done')).status).toBe(200);

  // Two months pass; the late member's step was due after 30 days.
  await h.env.sleep('33 days');
  const french = await mailTo(francophone, 1);
  expect(french.map((m) => m.subject)).toEqual([
    expect.stringMatching(new RegExp(`La famille attend le dossier ${late}, en retard de \\d+ jours`)),
  ]);
  const supervisor = await mailTo(h.staff.supervisor, 2);
  expect(supervisor.map((m) => m.subject).sort()).toEqual([
    expect.stringContaining(`The family waits on case ${late}, overdue`),
    expect.stringContaining(`The family waits on case ${late}, overdue`),
  ]);
  for (const message of [...french, ...supervisor]) {
    expect(message.subject).not.toContain('Zainabu');
    expect(message.text).not.toContain('Zainabu');
  }
  await h.env.sleep('30 days');
  await new Promise((r) => setTimeout(r, 1000));
  expect(await mailTo(francophone, 2, 1000)).toHaveLength(1); // once

  const family = await h.http.get(`/v1/families/${familyId}`).set(admin);
  expect(family.body.barriers).toEqual([
    { key: 'departure', waiting: [waiting, alsoWaiting].sort(), waitingOn: [late], hiddenWaitingOn: 0 },
  ]);
  expect(family.body.members.find((m: { caseId: string }) => m.caseId === late)).toMatchObject({
    country: 'XB',
    currentStep: 'prepare',
    dueAt: expect.any(String), // (its "overdue" compares with the API's wall clock, which time skipping does not move)
  });

  expect((await complete(late, 'prepare', 'done')).status).toBe(200);
  const moved = async () => (await h.http.get(`/v1/families/${familyId}`).set(admin)).body.barriers.length;
  for (let i = 0; i < 100 && (await moved()) > 0; i += 1) await new Promise((r) => setTimeout(r, 200));
  expect(await moved()).toBe(0);
  expect((await complete(waiting, 'departure', 'departed')).status).toBe(200);

  // The partner hears the family level of each case it follows: waiting, then moving on together.
  const partnerEmails = await mailTo(partnerMail, 6);
  const words = partnerEmails.map((m) => m.text);
  expect(words.filter((t) => t.includes('waiting for the rest of the family'))).toHaveLength(3);
  expect(words.filter((t) => t.includes('moving on together with the family'))).toHaveLength(3);
});
