// A step done once for each child (a best-interest determination per child), worked through the
// web app as a caseworker would: the case page names the children the step concerns and which
// are done, the form asks whom this completion is for, and a missing choice is said beside it.
import request from 'supertest';
import { publishDefinition } from '../../definitions/store';
import { database } from '../../lib/database';
import { startMailbox, type Mailbox } from '../../lib/mailbox/server';
import { smtpMailer } from '../../lib/mailer';
import { bidDefinition } from '../support/person-steps';
import { csrfOf, signIn } from '../support/web-session';
import { bearer, startApiHarness, startBody, type ApiHarness } from './api-harness';

let h: ApiHarness;
let mailbox: Mailbox;
const db = database();

jest.setTimeout(60_000);

beforeAll(async () => {
  mailbox = await startMailbox();
  h = await startApiHarness({
    app: { mailer: smtpMailer(mailbox.url, 'Pathways <pathways@test>'), publicUrl: 'http://web.test' },
  });
  await publishDefinition(bidDefinition('XA'), { publishedBy: 'web-person-tests' });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await mailbox?.stop();
});

const child = (givenName: string) => ({ givenName, familyName: 'Mwangalizi', birthDate: '2015-06-01' });

/** The option values of the person choice on a page, in order. */
const personChoices = (page: string) =>
  [
    ...(/<select id="person"[^]*?<\/select>/.exec(page)?.[0] ?? '').matchAll(/<option value="(P-[^"]+)"/g),
  ].map((m) => m[1]);

it('names the children of a per-child step, asks whom each completion is for, and moves on after the last', async () => {
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send(startBody(h, { definitionId: 'bid-mini.xa', partners: [] }));
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;
  for (const [relationship, name] of [
    ['child', 'Amani'],
    ['spouse', 'Neema'],
    ['child', 'Baraka'],
  ])
    expect(
      (
        await h.http
          .post(`/v1/cases/${caseId}/people`)
          .set(bearer(h.keys.caseworker))
          .send({ relationship, person: child(name!) })
      ).status,
    ).toBe(201);
  const people = await h.http.get(`/v1/cases/${caseId}/people`).set(bearer(h.keys.caseworker));
  const idOf = (name: string) =>
    (people.body.people as { id: string; person: { givenName: string } }[]).find(
      (p) => p.person.givenName === name,
    )!.id;

  const agent = await signIn(request.agent(h.app), mailbox, h.staff.caseworker);
  const casePath = `/app/cases/${caseId}`;
  const submit = async (fields: Record<string, string>) => {
    const page = await agent.get(casePath);
    return agent
      .post(`${casePath}/complete`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...fields });
  };

  // An ordinary step first: no person to choose.
  const registration = await agent.get(casePath);
  expect(registration.text).not.toContain('id="person"');
  expect((await submit({ step: 'registration', outcome: 'registered' })).status).toBe(303);

  // The per-child step names both children (not the spouse), none done yet.
  const onBid = await agent.get(casePath);
  expect(onBid.status).toBe(200);
  expect(personChoices(onBid.text)).toEqual([idOf('Amani'), idOf('Baraka')]);
  expect(onBid.text).toMatch(
    /<section class="panel" aria-labelledby="persons-heading">[^]*Amani Mwangalizi[^]*Baraka Mwangalizi/,
  );
  expect(onBid.text).not.toContain('Neema');

  // Without a choice: said beside the choice, and the case does not move.
  const unchosen = await submit({ step: 'bid', outcome: 'in_interest' });
  expect(unchosen.status).toBe(422);
  expect(unchosen.text).toMatch(/<p class="error" id="person-error">[^<]+<\/p>/);
  expect(unchosen.text).toContain('aria-describedby="person-error"');

  // Amani done: the page says so, and only Baraka is left to choose.
  expect((await submit({ step: 'bid', outcome: 'in_interest', person: idOf('Amani') })).status).toBe(303);
  const oneDone = await agent.get(casePath);
  expect(personChoices(oneDone.text)).toEqual([idOf('Baraka')]);
  expect(oneDone.text).toMatch(/Amani Mwangalizi[^<]*<\/span>\s*—\s*in interest/);
  expect(oneDone.text).toContain('id="current-step">Best-interest determination<');

  // The same child again (a second tab): refused beside the choice, nothing recorded twice.
  const twice = await submit({ step: 'bid', outcome: 'in_interest', person: idOf('Amani') });
  expect(twice.status).toBe(409);
  expect(twice.text).toMatch(/<p class="error" id="person-error">/);

  // The last child: the step moves on.
  expect((await submit({ step: 'bid', outcome: 'in_interest', person: idOf('Baraka') })).status).toBe(303);
  const row = await db.case.findUniqueOrThrow({ where: { id: caseId } });
  expect(row.currentStep).toBe('submitted');
  const completions = await db.caseEvent.count({ where: { caseId, kind: 'person_completed' } });
  expect(completions).toBe(2);

  // The step has moved on; the timeline still tells who was done, when and by whom, in order.
  const after = await agent.get(casePath);
  const timeline = /<ol class="timeline">([^]*?)<\/ol>/.exec(after.text)?.[1] ?? '';
  const byPerson = [
    ...timeline.matchAll(/Best-interest determination<\/strong> — ([^:<]+):\s*in interest \(by ([^)]+)\)/g),
  ];
  expect(byPerson.map((m) => [m[1], m[2]])).toEqual([
    ['Amani Mwangalizi', h.staff.caseworker],
    ['Baraka Mwangalizi', h.staff.caseworker],
  ]);
  // A role that may not read personal data sees the persons' ids there instead.
  const manager = await signIn(request.agent(h.app), mailbox, h.staff.manager);
  const managerTimeline =
    /<ol class="timeline">([^]*?)<\/ol>/.exec((await manager.get(casePath)).text)?.[1] ?? '';
  expect(managerTimeline).toContain(`${idOf('Amani')}:`);
  expect(managerTimeline).not.toContain('Amani Mwangalizi');
});
