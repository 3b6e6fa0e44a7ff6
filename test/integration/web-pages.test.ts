// The web app's pages against the real API app, Temporal dev server, worker, PostgreSQL and an
// SMTP mailbox: sign-in by emailed link (single use, expiry), CSRF, the same access rules as the
// API (a caseworker of UG neither sees nor moves a KE case), acting on a step with errors
// beside the field, hold and resume, language and direction.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { createApiKey } from '../../api/access/api-keys';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../definitions/load';
import { ResolvedDefinition } from '../../definitions/schema';
import { publishDefinition } from '../../definitions/store';
import { database } from '../../lib/database';
import { startMailbox, type Mailbox } from '../../lib/mailbox/server';
import { smtpMailer } from '../../lib/mailer';
import {
  apiDefinition,
  bearer,
  jointDefinition,
  startApiHarness,
  startBody,
  type ApiHarness,
} from './api-harness';
import { eventually } from '../support/processes';
import { csrfOf, requestLink, signIn, useLink } from '../support/web-session';

let h: ApiHarness;
let mailbox: Mailbox;
const db = database();
const people = (run: string) => ({
  ke: `wanjiru.${run}@pathways.test`,
  ug: `okello.${run}@pathways.test`,
  ar: `layla.${run}@pathways.test`,
  kesup: `otieno.${run}@pathways.test`,
  kepm: `achieng.${run}@pathways.test`,
  admin: `admin.${run}@pathways.test`,
});
let staff: ReturnType<typeof people>;

jest.setTimeout(60_000);

beforeAll(async () => {
  mailbox = await startMailbox();
  h = await startApiHarness({
    app: { mailer: smtpMailer(mailbox.url, 'Pathways <pathways@test>'), publicUrl: 'http://web.test' },
  });
  for (const country of ['KE', 'UG'])
    await publishDefinition(apiDefinition(country), { publishedBy: 'web-tests' });
  staff = people(h.run);
  await db.staff.createMany({
    data: [
      { name: 'Wanjiru', email: staff.ke, roles: ['caseworker'], countries: ['KE'] },
      { name: 'Okello', email: staff.ug, roles: ['caseworker'], countries: ['UG'] },
      { name: 'Layla', email: staff.ar, roles: ['caseworker'], countries: ['KE'], language: 'ar' },
      { name: 'Otieno', email: staff.kesup, roles: ['supervisor'], countries: ['KE'] },
      { name: 'Achieng', email: staff.kepm, roles: ['program_manager'], countries: ['KE'] },
      { name: 'Admin', email: staff.admin, roles: ['admin'], countries: [] },
    ],
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await mailbox?.stop();
});

const keCase = async () => {
  const res = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.admin))
    .send(
      startBody(h, {
        definitionId: 'api-mini.ke',
        reference: `KE-${h.run}-${Math.random().toString(36).slice(2, 8)}`,
        assignee: staff.ke,
        partners: [],
      }),
    );
  expect(res.status).toBe(201);
  return res.body.id as string;
};

describe('signing in', () => {
  it('sends a one-time link by email that brings the reader back to the page they asked for', async () => {
    const caseId = await keCase();
    const agent = request.agent(h.app);
    const first = await agent.get(`/app/cases/${caseId}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(`/app/sign-in?next=${encodeURIComponent(`/app/cases/${caseId}`)}`);

    const link = await requestLink(agent, mailbox, staff.ke, `/app/cases/${caseId}`);
    const signedIn = await useLink(agent, link);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe(`/app/cases/${caseId}`);
    const cookie = String(signedIn.headers['set-cookie']);
    expect(cookie).toMatch(
      /pw_session=[^;]+; Max-Age=43200; Path=\/app; Expires=[^;]+; HttpOnly; SameSite=Lax/,
    );
    const stored = await db.webSignInToken.findFirstOrThrow({
      where: { email: staff.ke },
      orderBy: { createdAt: 'desc' },
    });
    expect(link).not.toContain(stored.tokenHash);

    const page = await agent.get(`/app/cases/${caseId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Needs assessment');

    // The same link a second time, from another browser: refused.
    const again = await useLink(request.agent(h.app), link);
    expect(again.status).toBe(400);
    expect(again.text).toContain('expired or was already used');
  });

  it('refuses an expired link', async () => {
    const agent = request.agent(h.app);
    const link = await requestLink(agent, mailbox, staff.ke);
    await db.webSignInToken.updateMany({
      where: { email: staff.ke, usedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const answer = await useLink(agent, link);
    expect(answer.status).toBe(400);
    expect(String(answer.headers['set-cookie'] ?? '')).not.toContain('pw_session');
  });

  it('says the same to an unknown address and sends nothing', async () => {
    const agent = request.agent(h.app);
    const before = mailbox.messages().length;
    const form = await agent.get('/app/sign-in');
    const answer = await agent
      .post('/app/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: `nobody.${h.run}@pathways.test` });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('If this address belongs to a staff member');
    expect(mailbox.messages().length).toBe(before);
  });

  it('signs out: the session cookie no longer opens pages', async () => {
    const agent = await signIn(request.agent(h.app), mailbox, staff.ke);
    const tasks = await agent.get('/app/tasks');
    const out = await agent
      .post('/app/sign-out')
      .type('form')
      .send({ _csrf: csrfOf(tasks.text) });
    expect(out.status).toBe(303);
    expect((await agent.get('/app/tasks')).status).toBe(303);
  });
});

describe('CSRF', () => {
  it('refuses a form without the session token and changes nothing', async () => {
    const caseId = await keCase();
    const agent = await signIn(request.agent(h.app), mailbox, staff.ke);
    const refused = await agent
      .post(`/app/cases/${caseId}/hold`)
      .type('form')
      .send({ reason: 'security screening' });
    expect(refused.status).toBe(403);
    const forged = await agent
      .post(`/app/cases/${caseId}/hold`)
      .type('form')
      .send({ reason: 'security screening', _csrf: 'x'.repeat(43) });
    expect(forged.status).toBe(403);
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('open');
  });

  it('refuses a sign-in form without its cookie', async () => {
    const answer = await request(h.app)
      .post('/app/sign-in')
      .type('form')
      .send({ _csrf: 'a'.repeat(43), email: staff.ke });
    expect(answer.status).toBe(403);
  });
});

describe('the same access rules as the API', () => {
  it('a caseworker of UG neither sees nor acts on a KE case (403, as the API answers), and 404 for no case', async () => {
    const caseId = await keCase();
    const agent = await signIn(request.agent(h.app), mailbox, staff.ug);
    const tasks = await agent.get('/app/tasks');
    expect(tasks.status).toBe(200);
    expect(tasks.text).not.toContain(caseId);
    const csrf = csrfOf(tasks.text);

    const api = await h.http.get(`/v1/cases/${caseId}`).set(bearer(h.keys.caseworkerElsewhere));
    const page = await agent.get(`/app/cases/${caseId}`);
    expect(page.status).toBe(403);
    expect(page.status).toBe(api.status);
    expect(page.text).not.toContain('Zainabu');
    const act = await agent
      .post(`/app/cases/${caseId}/complete`)
      .type('form')
      .send({ _csrf: csrf, step: 'assessment', outcome: 'assessed', 'field:category': 'medical_needs' });
    expect(act.status).toBe(403);
    expect(
      (await agent.post(`/app/cases/${caseId}/hold`).type('form').send({ _csrf: csrf, reason: 'x' })).status,
    ).toBe(403);
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).currentStep).toBe('assessment');
    expect((await agent.get('/app/cases/C-NOSUCHCASE')).status).toBe(404);
  });
});

describe('the family on the case page', () => {
  const start = async (country: 'KE' | 'UG', assignee: string) => {
    const res = await h.http
      .post('/v1/cases')
      .set(bearer(h.keys.admin))
      .send(
        startBody(h, {
          definitionId: `family-web.${country.toLowerCase()}`,
          reference: `${country}-FW-${h.run}-${Math.random().toString(36).slice(2, 8)}`,
          assignee,
          partners: [],
        }),
      );
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('shows the members one may see, whom the family waits on, and counts the others as the API does', async () => {
    for (const country of ['KE', 'UG'])
      await publishDefinition(jointDefinition('family-web', country), { publishedBy: 'web-tests' });
    const both = `nafula.${h.run}@pathways.test`;
    await db.staff.create({
      data: { name: 'Nafula', email: both, roles: ['caseworker'], countries: ['KE', 'UG'] },
    });
    const inKenya = await start('KE', staff.ke);
    const inUganda = await start('UG', staff.ug);
    const created = await h.http
      .post('/v1/families')
      .set(bearer(h.keys.admin))
      .send({ reference: `FW-${h.run}` });
    expect(created.status).toBe(201);
    const familyId = created.body.id as string;
    for (const caseId of [inKenya, inUganda])
      expect(
        (await h.http.post(`/v1/families/${familyId}/members`).set(bearer(h.keys.admin)).send({ caseId }))
          .status,
      ).toBe(200);
    const moved = await h.http
      .post(`/v1/cases/${inKenya}/complete-step`)
      .set(bearer(h.keys.admin))
      .send({ step: 'prepare', outcome: 'done', data: {} });
    expect(moved.status).toBe(200);

    const kenyan = await signIn(request.agent(h.app), mailbox, staff.ke);
    let page = await kenyan.get(`/app/cases/${inKenya}`);
    for (let tries = 0; !page.text.includes('id="waiting-for-family"') && tries < 50; tries += 1) {
      await new Promise((r) => setTimeout(r, 300));
      page = await kenyan.get(`/app/cases/${inKenya}`);
    }
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/id="waiting-for-family">\s*<strong>Waiting for family.<\/strong>/);
    expect(page.text).toContain('This case waits at “departure” for the rest of its family');
    expect(page.text).toContain(`Family <code>${familyId}</code>`);
    // It moves with its family: no completion form that the API would refuse.
    expect(page.text).not.toContain(`action="/app/cases/${inKenya}/complete"`);
    // The Ugandan member is not shown to a caseworker of Kenya: only counted, as the API counts it.
    const { key } = await createApiKey(db, { principal: staff.ke, role: 'caseworker', countries: ['KE'] });
    const api = await h.http.get(`/v1/families/${familyId}`).set(bearer(key));
    expect(api.body).toMatchObject({ hiddenMembers: 1, members: [{ caseId: inKenya }] });
    expect(page.text).not.toContain(inUganda);
    expect(page.text).toMatch(/At “departure” the family waits on:\s*1 case\(s\) you may not see/);
    expect(page.text).toContain('1 other member(s) of this family are in countries you may not see.');

    // In the reader's language: Layla reads Arabic.
    const arabic = await (await signIn(request.agent(h.app), mailbox, staff.ar)).get(`/app/cases/${inKenya}`);
    expect(arabic.text).toMatch(/id="waiting-for-family">\s*<strong>بانتظار العائلة.<\/strong>/);
    expect(arabic.text).toContain('عند «departure» تنتظر العائلة:');

    // A caseworker of both countries sees both, with country, step, due date and who holds the family.
    const regional = await signIn(request.agent(h.app), mailbox, both);
    const full = await regional.get(`/app/cases/${inKenya}`);
    expect(full.status).toBe(200);
    expect(full.text).not.toContain('id="family-hidden"');
    const row = (caseId: string) =>
      new RegExp(`<tr data-case="${caseId}">([\\s\\S]*?)</tr>`).exec(full.text)?.[1] ?? '';
    expect(row(inKenya)).toMatch(/KE[\s\S]*<td>Departure<\/td>[\s\S]*Waiting for family/);
    expect(row(inUganda)).toMatch(/UG[\s\S]*<td>Prepare<\/td>[\s\S]*Open[\s\S]*Yes/);
    expect(row(inUganda)).toContain(`href="/app/cases/${inUganda}"`);
    const ugandaDue = (await db.case.findUniqueOrThrow({ where: { id: inUganda } })).dueAt;
    expect(ugandaDue).not.toBeNull();
    expect(row(inUganda)).not.toContain('No due date');

    // A caseworker of Uganda: the Ugandan case's page shows its family without the Kenyan member.
    const ugandan = await signIn(request.agent(h.app), mailbox, staff.ug);
    const theirs = await ugandan.get(`/app/cases/${inUganda}`);
    expect(theirs.status).toBe(200);
    expect(theirs.text).not.toContain(inKenya);
    expect(theirs.text).toContain('1 other member(s) of this family are in countries you may not see.');
    expect(theirs.text).not.toContain('id="waiting-for-family"');
    expect(theirs.text).toContain(`action="/app/cases/${inUganda}/complete"`);
    expect((await ugandan.get(`/app/cases/${inKenya}`)).status).toBe(403);
  });
});

describe('acting on a case', () => {
  it('lists the task, shows the missing field beside it (422), completes the step and the case moves', async () => {
    const caseId = await keCase();
    const agent = await signIn(request.agent(h.app), mailbox, staff.ke);
    const tasks = await agent.get('/app/tasks?country=KE');
    expect(tasks.text).toContain(`href="/app/cases/${caseId}"`);
    expect((await agent.get('/app/tasks?country=UG')).text).not.toContain(caseId);

    const page = await agent.get(`/app/cases/${caseId}`);
    expect(page.text).toMatch(/<select id="field-category" name="field:category"/);
    const csrf = csrfOf(page.text);
    const missing = await agent
      .post(`/app/cases/${caseId}/complete`)
      .type('form')
      .send({ _csrf: csrf, step: 'assessment', outcome: 'assessed' });
    expect(missing.status).toBe(422);
    expect(missing.text).toMatch(
      /<select id="field-category"[^>]*aria-invalid="true"[^>]*>[\s\S]*?<\/select><p class="error" id="field-category-error">This field is required.<\/p>/,
    );

    const noOutcome = await agent
      .post(`/app/cases/${caseId}/complete`)
      .type('form')
      .send({ _csrf: csrf, step: 'assessment', 'field:category': 'medical_needs' });
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.text).toContain('id="outcome-error"');

    const done = await agent
      .post(`/app/cases/${caseId}/complete`)
      .type('form')
      .send({ _csrf: csrf, step: 'assessment', outcome: 'assessed', 'field:category': 'medical_needs' });
    expect(done.status).toBe(303);
    const moved = await agent.get(done.headers.location!);
    expect(moved.text).toContain('Step completed.');
    expect(moved.text).toMatch(/id="current-step">Supervisor review</);
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).currentStep).toBe('review');

    // The stale form again: the case is no longer on that step (409).
    const stale = await agent
      .post(`/app/cases/${caseId}/complete`)
      .type('form')
      .send({ _csrf: csrf, step: 'assessment', outcome: 'assessed', 'field:category': 'medical_needs' });
    expect(stale.status).toBe(409);
  });

  it('holds and resumes a case', async () => {
    const caseId = await keCase();
    const agent = await signIn(request.agent(h.app), mailbox, staff.ke);
    const csrf = csrfOf((await agent.get(`/app/cases/${caseId}`)).text);
    const noReason = await agent
      .post(`/app/cases/${caseId}/hold`)
      .type('form')
      .send({ _csrf: csrf, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toMatch(
      /id="hold-reason"[^>]*aria-invalid="true"[\s\S]*?id="hold-reason-error">This field is required./,
    );
    expect(
      (
        await agent
          .post(`/app/cases/${caseId}/hold`)
          .type('form')
          .send({ _csrf: csrf, reason: 'security screening' })
      ).status,
    ).toBe(303);
    const held = await agent.get(`/app/cases/${caseId}?done=hold`);
    expect(held.text).toContain('On hold');
    expect((await agent.post(`/app/cases/${caseId}/resume`).type('form').send({ _csrf: csrf })).status).toBe(
      303,
    );
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('open');
  });
});

describe('external events', () => {
  /** A KE case taken to its State-decision wait step through the pages (assessment, then review). */
  const waitingCase = async () => {
    const caseId = await keCase();
    const worker = await signIn(request.agent(h.app), mailbox, staff.ke);
    const csrf = csrfOf((await worker.get(`/app/cases/${caseId}`)).text);
    await worker
      .post(`/app/cases/${caseId}/complete`)
      .type('form')
      .send({ _csrf: csrf, step: 'assessment', outcome: 'assessed', 'field:category': 'medical_needs' });
    const supervisor = await signIn(request.agent(h.app), mailbox, staff.kesup);
    const token = csrfOf((await supervisor.get(`/app/cases/${caseId}`)).text);
    const approved = await supervisor
      .post(`/app/cases/${caseId}/complete`)
      .type('form')
      .send({ _csrf: token, step: 'review', outcome: 'approved' });
    expect(approved.status).toBe(303);
    return { caseId, worker, csrf };
  };

  it('records the awaited event from the case page, errors beside the field, and the case moves', async () => {
    const { caseId, worker, csrf } = await waitingCase();
    const page = await worker.get(`/app/cases/${caseId}`);
    expect(page.text).toContain('action="/app/cases/' + caseId + '/event"');
    expect(page.text).toContain('id="event-outcome-accepted"');

    const empty = await worker.post(`/app/cases/${caseId}/event`).type('form').send({ _csrf: csrf });
    expect(empty.status).toBe(400);
    expect(empty.text).toMatch(
      /<p class="error" id="event-outcome-error">Choose one of the outcomes listed.<\/p>/,
    );
    expect(empty.text).toMatch(
      /id="event-id"[^>]*aria-invalid="true"[\s\S]*?id="event-id-error">This field is required./,
    );

    const unknown = await worker
      .post(`/app/cases/${caseId}/event`)
      .type('form')
      .send({ _csrf: csrf, outcome: 'lost', eventId: 'KE-DEC-1' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('id="event-outcome-error">Choose one of the outcomes listed.');
    expect(unknown.text).toContain('value="KE-DEC-1"');

    const done = await worker
      .post(`/app/cases/${caseId}/event`)
      .type('form')
      .send({ _csrf: csrf, outcome: 'accepted', eventId: `KE-DEC-${h.run}` });
    expect(done.status).toBe(303);
    expect((await worker.get(done.headers.location!)).text).toContain('The event is recorded');
    const until = Date.now() + 15_000;
    while ((await db.case.findUniqueOrThrow({ where: { id: caseId } })).currentStep !== 'travel') {
      if (Date.now() > until) throw new Error('the case did not move to travel');
      await new Promise((r) => setTimeout(r, 200));
    }
    const audited = await db.auditEntry.findFirstOrThrow({
      where: { caseId, action: 'case.external_event' },
    });
    expect(audited).toMatchObject({
      principal: staff.ke,
      detail: expect.objectContaining({ outcome: 'accepted' }),
    });

    // Not awaited any more: refused beside the form, nothing sent.
    const late = await worker
      .post(`/app/cases/${caseId}/event`)
      .type('form')
      .send({ _csrf: csrf, outcome: 'accepted', eventId: 'KE-DEC-2' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('id="action-error">The case is no longer on this step.');
  });

  it('speaks the person’s language, and refuses other countries, other roles and forms without a token', async () => {
    const { caseId } = await waitingCase();
    const arabic = await signIn(request.agent(h.app), mailbox, staff.ar);
    const token = csrfOf((await arabic.get(`/app/cases/${caseId}`)).text);
    const refused = await arabic.post(`/app/cases/${caseId}/event`).type('form').send({ _csrf: token });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<html lang="ar" dir="rtl">');
    expect(refused.text).toContain('id="event-id-error">هذا الحقل مطلوب.');

    const ug = await signIn(request.agent(h.app), mailbox, staff.ug);
    const ugToken = csrfOf((await ug.get('/app/tasks')).text);
    const send = { outcome: 'accepted', eventId: 'KE-DEC-X' };
    expect(
      (
        await ug
          .post(`/app/cases/${caseId}/event`)
          .type('form')
          .send({ _csrf: ugToken, ...send })
      ).status,
    ).toBe(403);
    const manager = await signIn(request.agent(h.app), mailbox, staff.kepm);
    const pmToken = csrfOf((await manager.get('/app/tasks')).text);
    const pm = await manager
      .post(`/app/cases/${caseId}/event`)
      .type('form')
      .send({ _csrf: pmToken, ...send });
    expect(pm.status).toBe(403);
    expect(pm.text).toContain('You may not do this.');
    expect((await arabic.post(`/app/cases/${caseId}/event`).type('form').send(send)).status).toBe(403);
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).currentStep).toBe('decision');
    expect(await db.auditEntry.count({ where: { caseId, action: 'case.external_event' } })).toBe(0);
  });
});

describe('language', () => {
  it('speaks the staff record language (Arabic, right to left) and can be switched', async () => {
    const agent = await signIn(request.agent(h.app), mailbox, staff.ar);
    const arabic = await agent.get('/app/tasks');
    expect(arabic.text).toContain('<html lang="ar" dir="rtl">');
    expect(arabic.text).toContain('مهامي');
    const switched = await agent
      .post('/app/language')
      .type('form')
      .send({ _csrf: csrfOf(arabic.text), language: 'fr', next: '/app/tasks' });
    expect(switched.status).toBe(303);
    const french = await agent.get('/app/tasks');
    expect(french.text).toContain('<html lang="fr" dir="ltr">');
    expect(french.text).toContain('Mes tâches');
  });

  it('serves its stylesheet itself, with logical properties only', async () => {
    const css = await request(h.app).get('/app/assets/app.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.text).not.toMatch(/(margin|padding|border)-(left|right)|text-align:\s*(left|right)|float:/);
  });
});

describe('supervisors', () => {
  it("see their countries' overdue work and the approvals waiting, and reassign and close a case", async () => {
    const overdueId = await keCase();
    // The start answers before the first step is projected: made overdue after that, not before.
    await eventually(
      async () => (await db.stepVisit.findFirst({ where: { caseId: overdueId } })) ?? undefined,
    );
    await db.case.update({ where: { id: overdueId }, data: { dueAt: new Date(Date.now() - 86_400_000) } });
    const reviewId = await keCase();
    const worker = await signIn(request.agent(h.app), mailbox, staff.ke);
    const csrf = csrfOf((await worker.get(`/app/cases/${reviewId}`)).text);
    await worker
      .post(`/app/cases/${reviewId}/complete`)
      .type('form')
      .send({ _csrf: csrf, step: 'assessment', outcome: 'assessed', 'field:category': 'medical_needs' });
    // A caseworker has no team page and cannot reassign (403, as the API answers).
    expect((await worker.get('/app/team')).status).toBe(403);
    expect(
      (
        await worker
          .post(`/app/cases/${overdueId}/reassign`)
          .type('form')
          .send({ _csrf: csrf, assignee: staff.ar })
      ).status,
    ).toBe(403);

    const supervisor = await signIn(request.agent(h.app), mailbox, staff.kesup);
    const team = await supervisor.get('/app/team');
    expect(team.status).toBe(200);
    const [overdue, approvals] = team.text.split('Approvals waiting for you');
    expect(overdue).toContain(`href="/app/cases/${overdueId}"`);
    expect(approvals).toContain(`href="/app/cases/${reviewId}"`);

    const page = await supervisor.get(`/app/cases/${overdueId}`);
    const token = csrfOf(page.text);
    // The reassign field offers the active staff of the case's country, from the directory.
    const choices = /<datalist id="assignee-choices">([\s\S]*?)<\/datalist>/.exec(page.text)![1]!;
    expect(choices).toContain(`value="${staff.ar}"`);
    expect(choices).not.toContain(staff.ug);
    const same = await supervisor
      .post(`/app/cases/${overdueId}/reassign`)
      .type('form')
      .send({ _csrf: token, assignee: staff.ke });
    expect(same.status).toBe(422);
    expect(same.text).toContain('The case is already assigned to this person.');
    const moved = await supervisor
      .post(`/app/cases/${overdueId}/reassign`)
      .type('form')
      .send({ _csrf: token, assignee: staff.ar });
    expect(moved.status).toBe(303);
    expect((await db.case.findUniqueOrThrow({ where: { id: overdueId } })).assignee).toBe(staff.ar);
    const closed = await supervisor
      .post(`/app/cases/${overdueId}/close`)
      .type('form')
      .send({ _csrf: token, reason: 'withdrawn' });
    expect(closed.status).toBe(303);
    expect((await db.case.findUniqueOrThrow({ where: { id: overdueId } })).status).toBe('closed');
  });
});

describe('definitions', () => {
  it('lists definitions and shows a version as a Mermaid diagram; only that page loads the library', async () => {
    const agent = await signIn(request.agent(h.app), mailbox, staff.ke);
    const list = await agent.get('/app/definitions');
    expect(list.status).toBe(200);
    expect(list.text).toContain('href="/app/definitions/api-mini.ke/versions/1"');
    const diagram = await agent.get('/app/definitions/api-mini.ke/versions/1');
    expect(diagram.status).toBe(200);
    expect(diagram.text).toMatch(
      /<pre class="mermaid" dir="ltr">[\s\S]*flowchart TD[\s\S]*assessment[\s\S]*<\/pre>/,
    );
    expect(diagram.text).toContain('<script src="/app/assets/mermaid.min.js" defer></script>');
    for (const path of ['/app/tasks', '/app/definitions', '/app/sign-in'])
      expect((await agent.get(path)).text).not.toContain('<script');
    const library = await agent.get('/app/assets/mermaid.min.js');
    expect([library.status, library.headers['content-type']]).toEqual([
      200,
      'application/javascript; charset=utf-8',
    ]);
    expect((await agent.get('/app/definitions/api-mini.ke/versions/999')).status).toBe(404);
  });
});

describe('administration', () => {
  it('is for admins only: others get the 403 page, on reading and on posting', async () => {
    for (const email of [staff.ke, staff.kesup, staff.kepm]) {
      const agent = await signIn(request.agent(h.app), mailbox, email);
      const csrf = csrfOf((await agent.get('/app/tasks')).text);
      for (const path of ['/app/admin/staff', '/app/admin/partners', '/app/admin/keys']) {
        const page = await agent.get(path);
        expect([path, page.status]).toEqual([path, 403]);
        expect(page.text).toContain('You may not do this.');
      }
      const before = await db.apiKey.count();
      const post = await agent
        .post('/app/admin/keys')
        .type('form')
        .send({ _csrf: csrf, principal: email, role: 'admin' });
      expect(post.status).toBe(403);
      expect(await db.apiKey.count()).toBe(before);
      expect((await agent.get('/app/tasks')).text).not.toContain('href="/app/admin/staff"');
    }
  });

  it('refuses every admin form without the session token', async () => {
    const admin = await signIn(request.agent(h.app), mailbox, staff.admin);
    const member = await db.staff.findUniqueOrThrow({ where: { email: staff.ke } });
    const key = await db.apiKey.findFirstOrThrow({ where: { revokedAt: null } });
    const forms: [string, Record<string, string>][] = [
      ['/app/admin/staff', { name: 'X', email: `x.${h.run}@pathways.test` }],
      [`/app/admin/staff/${member.id}/active`, { active: 'false' }],
      ['/app/admin/partners', { id: `p-${h.run}`, name: 'X', kind: 'ngo', contactEmail: 'x@y.test' }],
      ['/app/admin/keys', { principal: 'x@y.test', role: 'caseworker' }],
      [`/app/admin/keys/${key.id}/revoke`, {}],
    ];
    for (const [path, body] of forms)
      expect([path, (await admin.post(path).type('form').send(body)).status]).toEqual([path, 403]);
    expect(await db.staff.count({ where: { email: `x.${h.run}@pathways.test` } })).toBe(0);
    expect((await db.staff.findUniqueOrThrow({ where: { id: member.id } })).active).toBe(true);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
  });

  it('adds staff (errors beside the field, a taken email refused) and deactivates them, audited', async () => {
    const admin = await signIn(request.agent(h.app), mailbox, staff.admin);
    const page = await admin.get('/app/admin/staff');
    expect(page.status).toBe(200);
    expect(page.text).toContain(staff.ke);
    const csrf = csrfOf(page.text);
    const bad = await admin
      .post('/app/admin/staff')
      .type('form')
      .send({ _csrf: csrf, email: 'not-an-email', countries: 'KE, Kenya' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(
      /id="staff-name"[^>]*aria-invalid="true"[\s\S]*?id="staff-name-error">This field is required./,
    );
    expect(bad.text).toContain('id="staff-email-error">This value is not valid here.');
    expect(bad.text).toContain('id="staff-countries-error">This value is not valid here.');
    const zone = await admin
      .post('/app/admin/staff')
      .type('form')
      .send({ _csrf: csrf, name: 'Zone', email: `zone.${h.run}@pathways.test`, timeZone: 'Mars/Olympus' });
    expect(zone.status).toBe(400);
    expect(zone.text).toContain('id="staff-timeZone-error">This value is not valid here.');
    expect(bad.text).toContain('value="not-an-email"');

    const email = `nuru.${h.run}@pathways.test`;
    const added = await admin.post('/app/admin/staff').type('form').send({
      _csrf: csrf,
      name: 'Nuru',
      email,
      roles: 'caseworker, resettlement_officer',
      countries: 'ke, UG',
      language: 'sw',
    });
    expect(added.status).toBe(400);
    expect(added.text).toContain('id="staff-language-error">');
    const ok = await admin.post('/app/admin/staff').type('form').send({
      _csrf: csrf,
      name: 'Nuru',
      email,
      roles: 'caseworker, resettlement_officer',
      countries: 'ke, UG',
      language: 'fr',
    });
    expect(ok.status).toBe(303);
    const row = await db.staff.findUniqueOrThrow({ where: { email } });
    expect(row).toMatchObject({
      roles: ['caseworker', 'resettlement_officer'],
      countries: ['KE', 'UG'],
      language: 'fr',
      active: true,
    });
    expect((await admin.get(ok.headers.location!)).text).toContain('The staff member is added.');

    const taken = await admin
      .post('/app/admin/staff')
      .type('form')
      .send({ _csrf: csrf, name: 'Nuru again', email });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('id="staff-email-error">This already exists.');

    const off = await admin
      .post(`/app/admin/staff/${row.id}/active`)
      .type('form')
      .send({ _csrf: csrf, active: 'false' });
    expect(off.status).toBe(303);
    expect((await db.staff.findUniqueOrThrow({ where: { email } })).active).toBe(false);
    expect(
      (await admin.post('/app/admin/staff/not-a-uuid/active').type('form').send({ _csrf: csrf })).status,
    ).toBe(400);
    const audited = await db.auditEntry.findMany({
      where: { principal: staff.admin, action: { in: ['staff.create', 'staff.update'] } },
      orderBy: { at: 'asc' },
    });
    expect(audited.map((a) => a.action)).toEqual(['staff.create', 'staff.update']);
    expect(audited[0]!.detail).toMatchObject({ staffId: row.id, role: 'admin' });
  });

  it('adds a partner and shows its webhook secret once', async () => {
    const admin = await signIn(request.agent(h.app), mailbox, staff.admin);
    const csrf = csrfOf((await admin.get('/app/admin/partners')).text);
    const bad = await admin.post('/app/admin/partners').type('form').send({
      _csrf: csrf,
      id: 'Not A Slug',
      name: 'Refuge Aid',
      kind: 'ngo',
      contactEmail: 'desk@refuge.test',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="partner-id-error">This value is not valid here.');
    const id = `refuge-${h.run}`;
    const created = await admin
      .post('/app/admin/partners')
      .type('form')
      .send({
        _csrf: csrf,
        id,
        name: 'Refuge Aid',
        kind: 'ngo',
        contactEmail: 'desk@refuge.test',
        language: 'fr',
        webhookUrl: 'https://refuge.test/hooks',
        sharedFields: 'program, country',
        events: ['step_entered', 'case_closed'],
      });
    expect(created.status).toBe(201);
    const secret = /<code id="webhook-secret" dir="ltr">([^<]+)<\/code>/.exec(created.text)?.[1];
    expect(secret).toMatch(/^whsec_|.{20,}/);
    const partner = await db.partner.findUniqueOrThrow({ where: { id } });
    expect(partner.sharingProfile).toEqual({
      fields: ['program', 'country'],
      events: ['step_entered', 'case_closed'],
    });
    const again = await admin.get('/app/admin/partners');
    expect(again.text).toContain(id);
    expect(again.text).not.toContain(secret!);
    const taken = await admin
      .post('/app/admin/partners')
      .type('form')
      .send({ _csrf: csrf, id, name: 'Again', kind: 'ngo', contactEmail: 'desk@refuge.test' });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('id="partner-id-error">This already exists.');
    expect(
      await db.auditEntry.count({
        where: { action: 'partner.create', detail: { path: ['partnerId'], equals: id } },
      }),
    ).toBe(1);
  });

  it('creates a key shown once that works on the API, and revokes it', async () => {
    const admin = await signIn(request.agent(h.app), mailbox, staff.admin);
    const csrf = csrfOf((await admin.get('/app/admin/keys')).text);
    const partnerless = await admin
      .post('/app/admin/keys')
      .type('form')
      .send({ _csrf: csrf, principal: 'refuge', role: 'partner' });
    expect(partnerless.status).toBe(400);
    expect(partnerless.text).toContain('id="key-partnerId-error">This field is required.');
    const unknown = await admin
      .post('/app/admin/keys')
      .type('form')
      .send({ _csrf: csrf, principal: 'refuge', role: 'partner', partnerId: 'no-such-partner' });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('id="key-partnerId-error">No partner has this identifier.');

    const created = await admin
      .post('/app/admin/keys')
      .type('form')
      .send({ _csrf: csrf, principal: staff.ke, role: 'caseworker', countries: 'ke' });
    expect(created.status).toBe(201);
    const key = /<code id="new-key" dir="ltr">(pw_[^<]+)<\/code>/.exec(created.text)![1]!;
    expect((await h.http.get('/v1/tasks').set(bearer(key))).status).toBe(200);
    const row = await db.apiKey.findFirstOrThrow({ where: { prefix: key.split('_')[1] } });
    expect(row).toMatchObject({ principal: staff.ke, role: 'caseworker', countries: ['KE'] });
    const list = await admin.get('/app/admin/keys');
    expect(list.text).not.toContain(key);
    expect(list.text).toContain(`pw_${row.prefix}_…`);

    const revoked = await admin.post(`/app/admin/keys/${row.id}/revoke`).type('form').send({ _csrf: csrf });
    expect(revoked.status).toBe(303);
    expect((await h.http.get('/v1/tasks').set(bearer(key))).status).toBe(401);
    expect(
      (await admin.post(`/app/admin/keys/${row.id}/revoke`).type('form').send({ _csrf: csrf })).status,
    ).toBe(404);
    const actions = await db.auditEntry.findMany({
      where: { detail: { path: ['apiKeyId'], equals: row.id } },
      orderBy: { at: 'asc' },
    });
    expect(actions.map((a) => [a.action, a.principal])).toEqual([
      ['api_key.create', staff.admin],
      ['api_key.revoke', staff.admin],
    ]);
  });
});

describe('program managers', () => {
  // A base definition from the samples: valid on its own, whatever is published.
  const SAMPLE = readFileSync(resolve(__dirname, '../../definitions/samples/resettlement.yaml'), 'utf8');

  it('validate a pasted or uploaded draft with the API’s validator: every problem with its path', async () => {
    const manager = await signIn(request.agent(h.app), mailbox, staff.kepm);
    const form = await manager.get('/app/definitions/validate');
    expect(form.status).toBe(200);
    expect(form.text).toContain('enctype="multipart/form-data"');
    const csrf = csrfOf(form.text);
    const broken = `id: web-draft.ke\nprogram: resettlement\ntitle: Draft\ncountry: KE\nroles: [caseworker]\nstart: first\nsteps:\n  - id: first\n    kind: task\n    title: First\n    owner: nobody\n    outcomes: { done: nowhere }\n`;
    const api = await h.http
      .post('/v1/definitions/validate')
      .set(bearer(h.keys.admin))
      .send({ yaml: broken });
    expect(api.body.problems.length).toBeGreaterThan(0);

    const pasted = await manager.post('/app/definitions/validate').field('_csrf', csrf).field('yaml', broken);
    expect(pasted.status).toBe(422);
    expect(pasted.text).toContain(`This draft has ${api.body.problems.length} problem(s).`);
    for (const problem of api.body.problems as { path: string; message: string }[])
      expect(pasted.text).toContain(`<code>${problem.path}</code>`);
    expect(pasted.text).toContain('owner: nobody');

    const uploaded = await manager
      .post('/app/definitions/validate')
      .field('_csrf', csrf)
      .field('yaml', '')
      .attach('file', Buffer.from(broken), { filename: 'draft.yaml', contentType: 'application/yaml' });
    expect(uploaded.status).toBe(422);
    expect(uploaded.text).toContain(`This draft has ${api.body.problems.length} problem(s).`);

    const valid = await manager
      .post('/app/definitions/validate')
      .field('_csrf', csrf)
      .attach('file', Buffer.from(SAMPLE), { filename: 'resettlement.yaml' });
    expect(valid.status).toBe(200);
    expect(valid.text).toMatch(/id="draft-valid">\s*No problems: resettlement can be published./);

    const empty = await manager.post('/app/definitions/validate').field('_csrf', csrf).field('yaml', ' ');
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('id="draft-yaml-error">Paste a definition or choose a file.');
    // The token is required in the multipart form too; nothing is validated without it.
    expect((await manager.post('/app/definitions/validate').field('yaml', broken)).status).toBe(403);
    const worker = await signIn(request.agent(h.app), mailbox, staff.ke);
    const token = csrfOf((await worker.get('/app/tasks')).text);
    expect((await worker.get('/app/definitions/validate')).status).toBe(403);
    expect(
      (await worker.post('/app/definitions/validate').field('_csrf', token).field('yaml', broken)).status,
    ).toBe(403);
    expect((await worker.get('/app/definitions')).text).not.toContain('/app/definitions/validate');
  });

  it('simulate a valid draft through the API’s simulator: the timeline as tables, errors beside the fields', async () => {
    // A Kenyan overlay on the published resettlement base: a country, its time zone and partners.
    const base = loadDefinitionsDir(SAMPLES_DIR).find((d) => d.definition.id === 'resettlement')!;
    await publishDefinition(base.definition, { publishedBy: 'web-tests', source: base.source });
    const KENYA = readFileSync(resolve(__dirname, '../../definitions/samples/resettlement.ke.yaml'), 'utf8');
    const manager = await signIn(request.agent(h.app), mailbox, staff.kepm);
    const csrf = csrfOf((await manager.get('/app/definitions/validate')).text);
    const valid = await manager.post('/app/definitions/validate').field('_csrf', csrf).field('yaml', KENYA);
    expect(valid.status).toBe(200);
    expect(valid.text).toContain('action="/app/definitions/simulate"');
    expect(valid.text).toContain('id="simulate-path"');

    const simulate = (fields: Record<string, string>, token = csrf) => {
      let post = manager.post('/app/definitions/simulate');
      if (token) post = post.field('_csrf', token);
      for (const [name, value] of Object.entries({ yaml: KENYA, priority: 'urgent', ...fields }))
        post = post.field(name, value);
      return post;
    };
    const api = await h.http
      .post('/v1/definitions/simulate')
      .set(bearer(h.keys.admin))
      .send({
        yaml: KENYA,
        priority: 'urgent',
        start: '2027-01-04T09:00',
        path: [
          { step: 'state_decision', outcome: 'accepted' },
          { step: 'travel_documents', outcome: 'issued' },
        ],
      });
    expect({ status: api.status, error: api.body.error }).toEqual({ status: 200, error: undefined });
    // The path one choice a line, as a person types it.
    const page = await simulate({
      start: '2027-01-04T09:00',
      path: 'state_decision: accepted\r\ntravel_documents: issued',
    });
    expect(page.status).toBe(200);
    const section = page.text.slice(page.text.indexOf('id="simulated-timeline"'));
    expect(section).toContain(`<code>${api.body.definitionId}</code>`);
    const steps = section.slice(
      section.indexOf('id="simulated-steps"'),
      section.indexOf('id="simulated-messages"'),
    );
    expect(steps.match(/<tr>/g)?.length).toBe(api.body.visits.length + 1);
    for (const visit of api.body.visits as { step: string; enteredAt: string; dueAt: string | null }[]) {
      expect(steps).toContain(`<code>${visit.step}</code>`);
      expect(steps).toContain(`<time datetime="${visit.enteredAt}">`);
      if (visit.dueAt) expect(steps).toContain(`<time datetime="${visit.dueAt}">`);
    }
    const messages = section.slice(
      section.indexOf('id="simulated-messages"'),
      section.indexOf('id="simulated-partner-events"'),
    );
    expect(messages.match(/<tr>/g)?.length).toBe(api.body.messages.length + 1);
    for (const message of api.body.messages as { role: string; language: string }[])
      expect(messages).toMatch(new RegExp(`<td>${message.role}</td>\\s*<td>${message.language}</td>`));
    const events = section.slice(section.indexOf('id="simulated-partner-events"'));
    expect(events.match(/<tr>/g)?.length).toBe(api.body.partnerEvents.length + 1);
    expect(api.body.partnerEvents.length).toBeGreaterThan(0);
    expect(page.text).not.toContain('<script');

    // A path choice the draft does not have: the simulator's own problem, beside the path.
    const wrong = await simulate({ path: 'nowhere: done' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toMatch(
      /id="simulate-path-error">[^<]*&quot;nowhere&quot; is not a step of resettlement\.ke/,
    );
    expect(wrong.text).toContain('nowhere: done</textarea');
    const garbled = await simulate({ path: 'just words' });
    expect(garbled.status).toBe(400);
    expect(garbled.text).toContain('id="simulate-path-error">&quot;just words&quot; is not step:outcome');
    const badStart = await simulate({ start: 'next week' });
    expect(badStart.status).toBe(400);
    expect(badStart.text).toContain('id="simulate-start-error">Write a date and time');
    expect(badStart.text).toContain('aria-invalid="true"');
    // The form's token is required; a caseworker may not simulate.
    expect((await simulate({}, '')).status).toBe(403);
    const worker = await signIn(request.agent(h.app), mailbox, staff.ke);
    const token = csrfOf((await worker.get('/app/tasks')).text);
    expect(
      (
        await worker
          .post('/app/definitions/simulate')
          .field('_csrf', token)
          .field('yaml', KENYA)
          .field('priority', 'normal')
      ).status,
    ).toBe(403);
  });

  it('see the monthly statistics of their countries as an SVG chart and a table, the API’s numbers', async () => {
    const task = (id: string, outcomes: Record<string, string>, milestone: object) => ({
      id,
      kind: 'task',
      title: id,
      owner: 'caseworker',
      outcomes,
      ...milestone,
    });
    const published = await publishDefinition(
      ResolvedDefinition.parse({
        id: 'web-rsr.ke',
        program: 'resettlement',
        title: 'RSR milestones',
        country: 'KE',
        roles: ['caseworker'],
        start: 'submission',
        steps: [
          task('submission', { submitted: 'decision' }, { milestone: 'submission' }),
          {
            id: 'decision',
            kind: 'wait',
            title: 'Decision',
            event: 'state_decision',
            milestone: 'decision',
            outcomes: { accepted: 'done', rejected: 'done', deferred: 'submission' },
          },
          { id: 'done', kind: 'end', title: 'Done', reason: 'resettled' },
        ],
      }),
      { publishedBy: 'web-tests' },
    );
    const at = (iso: string) => new Date(iso);
    for (const [country, submissions] of [
      ['KE', 1],
      ['UG', 5],
    ] as const) {
      for (let n = 0; n < submissions; n += 1) {
        const id = `C-WEBRSR${country}${n}${h.run.toUpperCase()}`;
        await db.case.create({
          data: {
            id,
            reference: `RSR-${country}-${n}-${h.run}`,
            workflowId: `case-${id}`,
            program: 'resettlement',
            country,
            definitionId: published.definitionId,
            definitionVersion: published.version,
            priority: 'normal',
            assignee: staff.ke,
          },
        });
        await db.stepVisit.createMany({
          data: [
            {
              caseId: id,
              visit: 1,
              step: 'submission',
              enteredAt: at('2025-02-20T00:00:00Z'),
              leftAt: at('2025-03-03T00:00:00Z'),
              outcome: 'submitted',
            },
            {
              caseId: id,
              visit: 2,
              step: 'decision',
              enteredAt: at('2025-03-03T00:00:00Z'),
              leftAt: at('2025-05-10T00:00:00Z'),
              outcome: 'accepted',
            },
          ],
        });
      }
    }
    const manager = await signIn(request.agent(h.app), mailbox, staff.kepm);
    const page = await manager.get('/app/statistics?from=2025-01&to=2025-12');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<script');
    expect(page.text).toMatch(
      /<svg[^>]*role="img"[^>]*aria-labelledby="outcomes-chart-title outcomes-chart-desc"/,
    );
    const row = (month: string) =>
      [
        ...(new RegExp(`<th scope="row">${month}</th>([\\s\\S]*?)</tr>`).exec(page.text)?.[1] ?? '').matchAll(
          /<td>(\d+)<\/td>/g,
        ),
      ].map((m) => Number(m[1]));
    // Submissions, accepted, rejected, deferred, departures: KE only (UG's five are not this manager's).
    expect(row('2025-03')).toEqual([1, 0, 0, 0, 0]);
    expect(row('2025-05')).toEqual([0, 1, 0, 0, 0]);
    expect(row('2025-01')).toEqual([0, 0, 0, 0, 0]);
    const key = (
      await createApiKey(db, { principal: staff.kepm, role: 'program_manager', countries: ['KE'] })
    ).key;
    const api = await h.http
      .get('/v1/monitoring/outcomes')
      .query({ from: '2025-01', to: '2025-12' })
      .set(bearer(key));
    const march = api.body.months.filter((m: { month: string }) => m.month === '2025-03');
    expect(march.reduce((n: number, m: { submissions: number }) => n + m.submissions, 0)).toBe(1);

    const bad = await manager.get('/app/statistics?from=2025-13&to=2025-12');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="stats-from-error">Write a month as YYYY-MM.');
    const backwards = await manager.get('/app/statistics?from=2025-12&to=2025-01');
    expect(backwards.status).toBe(400);
    expect((await manager.get('/app/statistics?country=UG&from=2025-01&to=2025-12')).text).toMatch(
      /<th scope="row">2025-03<\/th>\s*<td>0<\/td>/,
    );
    const worker = await signIn(request.agent(h.app), mailbox, staff.ke);
    expect((await worker.get('/app/statistics')).status).toBe(403);
  });
});

describe('page weight', () => {
  /** Bytes of a page and of every asset it links (the stylesheet), as a browser downloads them. */
  const weigh = async (agent: ReturnType<typeof request.agent>, path: string) => {
    const page = await agent.get(path);
    expect([path, page.status]).toEqual([path, 200]);
    const assets = [...page.text.matchAll(/(?:href|src)="(\/app\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    const sizes = await Promise.all(assets.map(async (a) => Buffer.byteLength((await agent.get(a)).text)));
    return {
      path,
      scripts: (page.text.match(/<script/g) ?? []).length,
      bytes: Buffer.byteLength(page.text) + sizes.reduce((a, b) => a + b, 0),
    };
  };

  it('keeps the new pages under the 150 KB of tasks and case pages, without scripts', async () => {
    const admin = await signIn(request.agent(h.app), mailbox, staff.admin);
    const manager = await signIn(request.agent(h.app), mailbox, staff.kepm);
    const pages = [
      await weigh(manager, '/app/statistics?from=2022-01&to=2026-12'),
      await weigh(manager, '/app/definitions/validate'),
      await weigh(admin, '/app/admin/staff'),
      await weigh(admin, '/app/admin/partners'),
      await weigh(admin, '/app/admin/keys'),
    ];
    for (const weighed of pages)
      expect({ ...weighed, under: weighed.bytes < 150 * 1024 }).toEqual({
        ...weighed,
        scripts: 0,
        under: true,
      });
  });
});
