// The web app in a real browser (playwright-core driving Debian's Chromium) against the real
// stack: API app on a real port, Temporal dev server, worker with real email, PostgreSQL, SMTP
// mailbox. A caseworker signs in through the mailbox link, opens My tasks, fails a completion on
// a missing field, completes the step, sees the case move and the next owner's task email
// arrive; the same walk works with the keyboard alone (focus ring shown at every stop); Arabic
// pages, the administration pages included, are laid out right to left; a step for each child
// names the children and asks for whom. Screenshots go to
// test-results/screenshots; axe-core checks each of those pages for serious or critical
// violations.
// If the browser cannot start, the test fails with the reason (CHROMIUM_PATH, README "Tests").
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApiKey } from '../../api/access/api-keys';
import { smtpMailer } from '../../lib/mailer';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../definitions/load';
import { ResolvedDefinition } from '../../definitions/schema';
import { publishDefinition } from '../../definitions/store';
import { database } from '../../lib/database';
import { startMailbox, type Mailbox } from '../../lib/mailbox/server';
import { bidDefinition } from '../support/person-steps';
import { freePort } from '../support/processes';
import { realCaseDeps } from '../support/real-activities';
import { signInLinkFor } from '../support/web-session';
import {
  apiDefinition,
  bearer,
  jointDefinition,
  startApiHarness,
  startBody,
  TASK_QUEUE,
  type ApiHarness,
} from './api-harness';

const SCREENSHOTS = resolve(__dirname, '../../test-results/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let h: ApiHarness;
let mailbox: Mailbox;
let server: Server;
let browser: Browser;
let base: string;
const db = database();
const staff = { caseworker: '', supervisor: '', arabic: '' };

jest.setTimeout(120_000);

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  } catch (err) {
    throw new Error(
      `Chromium did not start from ${CHROMIUM} (install it: apt-get install -y chromium, or set CHROMIUM_PATH): ${(err as Error).message.split('\n')[0]}`,
    );
  }
  mailbox = await startMailbox();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  h = await startApiHarness({
    app: { mailer: smtpMailer(mailbox.url, 'Pathways <pathways@test>'), publicUrl: base },
    deps: (client) => realCaseDeps(client, TASK_QUEUE, mailbox.url, base),
  });
  const definition = apiDefinition('KE');
  await publishDefinition(
    ResolvedDefinition.parse({
      ...definition,
      id: 'web-e2e.ke',
      // The review step tells its owners (the country's supervisors) that a task is theirs; the
      // review and the decision mark the statistics' milestones, for the statistics page.
      steps: definition.steps.map((s) =>
        s.id === 'review'
          ? {
              ...s,
              milestone: 'submission',
              milestoneOutcomes: ['approved'],
              notify: [{ on: 'enter', to: 'assignee', template: 'task_assigned' }],
            }
          : s.id === 'decision'
            ? { ...s, milestone: 'decision' }
            : s,
      ),
    }),
    { publishedBy: 'web-browser-test' },
  );
  Object.assign(staff, {
    caseworker: `neema.${h.run}@pathways.test`,
    supervisor: `baraka.${h.run}@pathways.test`,
    arabic: `huda.${h.run}@pathways.test`,
  });
  await db.staff.createMany({
    data: [
      { name: 'Neema', email: staff.caseworker, roles: ['caseworker'], countries: ['KE'], language: 'en' },
      { name: 'Baraka', email: staff.supervisor, roles: ['supervisor'], countries: ['KE'], language: 'en' },
      { name: 'Huda', email: staff.arabic, roles: ['caseworker'], countries: ['KE'], language: 'ar' },
    ],
  });
  server = await new Promise<Server>((ready) => {
    const listening = h.app.listen(port, '127.0.0.1', () => ready(listening));
  });
  console.log(`web-browser: screenshots in ${SCREENSHOTS}`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  await h?.close();
  await mailbox?.stop();
});

const AXE = require.resolve('axe-core/axe.min.js');
const SERIOUS = `axe.run(document).then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  .map((v) => v.id + ': ' + v.help + ' at ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`;

/** Writes a screenshot of the page and checks it with axe-core (injected from node_modules): no serious or critical violation. */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  await page.addScriptTag({ path: AXE });
  expect({ page: name, violations: await page.evaluate(SERIOUS) }).toEqual({ page: name, violations: [] });
}

/** Signs in through the sign-in form and the emailed link, as a person would. */
async function signIn(page: Page, email: string, startAt = '/app/tasks'): Promise<void> {
  await page.goto(`${base}${startAt}`);
  await page.getByLabel(/Work email|البريد الإلكتروني المهني/).fill(email);
  await page.locator('form[action="/app/sign-in"] button[type=submit]').click();
  await page.locator('p.notice').waitFor();
  await page.goto(await signInLinkFor(mailbox, email));
  await page.locator('form[action="/app/sign-in/verify"] button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/app/sign-in'));
}

it('signs in by the mailbox link, fails then completes a step, and the next owner is emailed', async () => {
  const created = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.admin))
    .send(
      startBody(h, {
        definitionId: 'web-e2e.ke',
        reference: `KE-${h.run}-E2E`,
        assignee: staff.caseworker,
        partners: [],
      }),
    );
  expect(created.status).toBe(201);
  const caseId = created.body.id as string;

  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${base}/app/tasks`);
  await shot(page, 'sign-in');
  await signIn(page, staff.caseworker);
  expect(new URL(page.url()).pathname).toBe('/app/tasks');
  await page.getByRole('heading', { name: 'My tasks' }).waitFor();
  await shot(page, 'my-tasks');

  await page.getByRole('link', { name: `KE-${h.run}-E2E` }).click();
  await page.waitForURL(`${base}/app/cases/${caseId}`);
  await shot(page, 'case');

  // No category: the step refuses, and says so beside the field.
  await page.getByLabel('assessed').check();
  await page.getByRole('button', { name: 'Complete step' }).click();
  const error = page.locator('#field-category-error');
  await expect(error.textContent()).resolves.toBe('This field is required.');
  await expect(page.locator('#field-category').getAttribute('aria-describedby')).resolves.toBe(
    'field-category-error',
  );
  await shot(page, 'case-missing-field');

  await page.locator('#field-category').selectOption('medical_needs');
  await page.getByLabel('assessed').check();
  await page.getByRole('button', { name: 'Complete step' }).click();
  await page.getByText('Step completed.').waitFor();
  await expect(page.locator('#current-step').textContent()).resolves.toBe('Supervisor review');
  await shot(page, 'case-moved');

  // The task is no longer the caseworker's; the supervisor is told that the review is theirs.
  await page.goto(`${base}/app/tasks`);
  await expect(page.getByRole('link', { name: `KE-${h.run}-E2E` }).count()).resolves.toBe(0);
  const until = Date.now() + 30_000;
  let email = mailbox
    .messages()
    .find((m) => m.envelopeTo.includes(staff.supervisor) && m.subject.includes(`KE-${h.run}-E2E`));
  while (!email && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    email = mailbox
      .messages()
      .find((m) => m.envelopeTo.includes(staff.supervisor) && m.subject.includes(`KE-${h.run}-E2E`));
  }
  expect(email?.subject).toContain('Supervisor review');
  expect(email?.html).toContain(`href="${base}/app/cases/${caseId}"`);
  await context.close();

  // The supervisor follows the email's link: sign-in first, then that very case.
  const supervisorContext = await browser.newContext();
  const supervisor = await supervisorContext.newPage();
  await signIn(supervisor, staff.supervisor, `/app/cases/${caseId}`);
  expect(new URL(supervisor.url()).pathname).toBe(`/app/cases/${caseId}`);
  await supervisor.getByRole('heading', { name: 'Complete this step' }).waitFor();
  await shot(supervisor, 'case-supervisor');
  await supervisor.getByRole('link', { name: "My team's work" }).click();
  await supervisor.getByRole('link', { name: `KE-${h.run}-E2E` }).waitFor();
  await shot(supervisor, 'team');
  // The diagram is drawn in the page by the library Pathways serves.
  await supervisor.getByRole('link', { name: 'Definitions' }).click();
  await supervisor.getByRole('link', { name: 'web-e2e.ke' }).click();
  await supervisor.locator('pre.mermaid svg').waitFor();
  await shot(supervisor, 'definition-diagram');
  await supervisorContext.close();
});

it('lays Arabic pages out right to left', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, staff.arabic);
  const html = page.locator('html');
  await expect(html.getAttribute('dir')).resolves.toBe('rtl');
  await expect(html.getAttribute('lang')).resolves.toBe('ar');
  await expect(page.evaluate('getComputedStyle(document.body).direction')).resolves.toBe('rtl');
  // Layout, not only text: the first column of the task table is the rightmost one.
  await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.admin))
    .send(
      startBody(h, {
        definitionId: 'web-e2e.ke',
        reference: `KE-${h.run}-AR`,
        assignee: staff.arabic,
        partners: [],
      }),
    );
  await page.reload();
  const headers = page.locator('thead th');
  const first = await headers.first().boundingBox();
  const last = await headers.last().boundingBox();
  expect(first!.x).toBeGreaterThan(last!.x);
  await shot(page, 'my-tasks-ar');
  await context.close();
});

/** The element that has focus: its tag, id, name, text and whether its focus ring shows. */
const FOCUSED = `(() => {
  const el = document.activeElement;
  const style = el ? getComputedStyle(el) : null;
  return {
    tag: el?.tagName.toLowerCase() ?? '',
    id: el?.id ?? '',
    name: el?.getAttribute('name') ?? '',
    value: el?.getAttribute('value') ?? '',
    text: (el?.textContent ?? '').trim().slice(0, 80),
    ring: !!style && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
})()`;
type Focused = { tag: string; id: string; name: string; value: string; text: string; ring: boolean };

/** Presses Tab until the focused element is the one wanted; every stop on the way shows its focus ring. */
async function tabTo(page: Page, wanted: (f: Focused) => boolean, what: string): Promise<void> {
  for (let presses = 0; presses < 60; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = (await page.evaluate(FOCUSED)) as Focused;
    expect({ focused, ring: focused.ring }).toEqual({ focused, ring: true });
    if (wanted(focused)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

it('works with the keyboard alone: sign in, My tasks, open a case, complete a step, record an event', async () => {
  const reference = `KE-${h.run}-KBD`;
  const created = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.admin))
    .send(startBody(h, { definitionId: 'web-e2e.ke', reference, assignee: staff.caseworker, partners: [] }));
  expect(created.status).toBe(201);
  const caseId = created.body.id as string;
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();

  await page.goto(`${base}/app/tasks`);
  await tabTo(page, (f) => f.id === 'email', 'the email field');
  await page.keyboard.type(staff.caseworker);
  await page.keyboard.press('Enter');
  await page.locator('p.notice').waitFor();
  // The link arrives by email; opening it is the mail program's part.
  await page.goto(await signInLinkFor(mailbox, staff.caseworker));
  await tabTo(page, (f) => f.tag === 'button' && f.text === 'Continue', 'Continue');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/app/tasks`);

  await tabTo(page, (f) => f.tag === 'a' && f.text === reference, 'the case link');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/app/cases/${caseId}`);

  await tabTo(page, (f) => f.id === 'field-category', 'the category field');
  await page.keyboard.type('medical');
  await expect(page.locator('#field-category').inputValue()).resolves.toBe('medical_needs');
  await tabTo(page, (f) => f.id === 'outcome-assessed', 'the outcome');
  await page.keyboard.press('Space');
  await expect(page.locator('#outcome-assessed').isChecked()).resolves.toBe(true);
  await tabTo(page, (f) => f.tag === 'button' && f.text === 'Complete step', 'Complete step');
  await page.keyboard.press('Enter');
  await page.getByText('Step completed.').waitFor();
  await expect(page.locator('#current-step').textContent()).resolves.toBe('Supervisor review');

  // The supervisor approves (over the API); the case then waits for the State's decision, which
  // the caseworker records from the case page, still by keyboard.
  const supervisorKey = (
    await createApiKey(db, { principal: staff.supervisor, role: 'supervisor', countries: ['KE'] })
  ).key;
  const approved = await h.http
    .post(`/v1/cases/${caseId}/complete-step`)
    .set(bearer(supervisorKey))
    .send({ step: 'review', outcome: 'approved' });
  expect(approved.status).toBe(200);
  await page.reload();
  await page.getByRole('heading', { name: 'Record an external event' }).waitFor();
  await shot(page, 'case-event');
  await tabTo(page, (f) => f.id === 'event-outcome-accepted', 'the accepted outcome');
  await page.keyboard.press('Space');
  await tabTo(page, (f) => f.id === 'event-id', 'the event reference');
  await page.keyboard.type(`KE-DEC-${h.run}`);
  await page.keyboard.press('Enter');
  await page.getByText('The event is recorded').waitFor();
  const until = Date.now() + 15_000;
  while ((await db.case.findUniqueOrThrow({ where: { id: caseId } })).currentStep !== 'travel') {
    if (Date.now() > until) throw new Error('the recorded event did not move the case to travel');
    await new Promise((r) => setTimeout(r, 200));
  }
  await context.close();
});

it('shows the new pages to the people they are for, accessible, and right to left in Arabic', async () => {
  const admin = `rania.${h.run}@pathways.test`;
  const manager = `amani.${h.run}@pathways.test`;
  await db.staff.createMany({
    data: [
      { name: 'Rania', email: admin, roles: ['admin'], countries: [], language: 'ar' },
      { name: 'Amani', email: manager, roles: ['program_manager'], countries: ['KE'], language: 'en' },
    ],
  });

  // A program manager: statistics and a draft with problems.
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, manager);
  await page.getByRole('link', { name: 'Statistics' }).click();
  await page.locator('#outcomes-table').waitFor();
  // The keyboard walk's case was submitted (approved review) and accepted this month.
  await expect(
    page.locator('#outcomes-chart rect[height]:not([height="0.0"])').count(),
  ).resolves.toBeGreaterThan(0);
  await shot(page, 'statistics');
  await page.getByRole('link', { name: 'Definitions' }).click();
  await page.getByRole('link', { name: 'Validate a draft' }).click();
  await page.getByLabel('Definition text').fill('id: draft.ke\nsteps: []\n');
  await page.getByRole('button', { name: 'Validate' }).click();
  await page.locator('#problems-table').waitFor();
  await shot(page, 'definition-draft');
  await page.setInputFiles('#draft-file', {
    name: 'draft.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from('id: draft.ke\nsteps: []\n'),
  });
  await page.getByRole('button', { name: 'Validate' }).click();
  await page.locator('#problems-table').waitFor();
  // A valid overlay on the published base: its simulated timeline.
  const sample = loadDefinitionsDir(SAMPLES_DIR).find((d) => d.definition.id === 'resettlement')!;
  await publishDefinition(sample.definition, { publishedBy: 'web-browser-test', source: sample.source });
  await page
    .getByLabel('Definition text')
    .fill(readFileSync(resolve(__dirname, '../../definitions/samples/resettlement.ke.yaml'), 'utf8'));
  await page.getByRole('button', { name: 'Validate' }).click();
  await page.locator('#draft-valid').waitFor();
  await page.getByLabel('Path (optional)').fill('state_decision: accepted\ntravel_documents: issued');
  await page.getByRole('button', { name: 'Simulate' }).click();
  await page.locator('#simulated-steps').waitFor();
  await expect(page.locator('#simulated-messages tbody tr').count()).resolves.toBeGreaterThan(0);
  await shot(page, 'definition-simulation');
  await context.close();

  // An admin who reads Arabic: the administration pages, right to left.
  const arabic = await browser.newContext();
  const adminPage = await arabic.newPage();
  await signIn(adminPage, admin);
  await expect(adminPage.locator('html').getAttribute('dir')).resolves.toBe('rtl');
  await adminPage.getByRole('link', { name: 'الإدارة' }).click();
  await adminPage.getByRole('heading', { name: 'الموظفون' }).waitFor();
  const headers = adminPage.locator('thead th');
  expect((await headers.first().boundingBox())!.x).toBeGreaterThan((await headers.last().boundingBox())!.x);
  await shot(adminPage, 'admin-staff-ar');
  await adminPage.getByRole('link', { name: 'الشركاء' }).click();
  await adminPage.locator('#partner-id').fill(`aid-${h.run}`);
  await adminPage.locator('#partner-name').fill('Aid');
  await adminPage.locator('#partner-kind').selectOption('ngo');
  await adminPage.locator('#partner-contactEmail').fill('desk@aid.test');
  await adminPage.locator('#partner-webhookUrl').fill('https://aid.test/hook');
  await adminPage.locator('form[action="/app/admin/partners"] button[type=submit]').click();
  await adminPage.locator('#webhook-secret').waitFor();
  await shot(adminPage, 'admin-partners-ar');
  await adminPage.getByRole('link', { name: 'مفاتيح API' }).click();
  await adminPage.locator('#key-principal').fill(staff.caseworker);
  await adminPage.locator('#key-role').selectOption('caseworker');
  await adminPage.locator('#key-countries').fill('KE');
  await adminPage.locator('form[action="/app/admin/keys"] button[type=submit]').click();
  await adminPage.locator('#new-key').waitFor();
  await shot(adminPage, 'admin-keys-ar');
  await adminPage.goto(`${base}/app/statistics`);
  await expect(adminPage.evaluate('getComputedStyle(document.body).direction')).resolves.toBe('rtl');
  await shot(adminPage, 'statistics-ar');
  await adminPage.goto(`${base}/app/definitions/validate`);
  await shot(adminPage, 'definition-draft-ar');
  await arabic.close();
});

it('shows the family on the case page, waiting for family, accessible', async () => {
  for (const country of ['KE', 'UG'])
    await publishDefinition(jointDefinition('family-e2e', country), { publishedBy: 'web-browser-test' });
  const start = async (country: string) => {
    const res = await h.http
      .post('/v1/cases')
      .set(bearer(h.keys.admin))
      .send(
        startBody(h, {
          definitionId: `family-e2e.${country.toLowerCase()}`,
          reference: `${country}-${h.run}-FAM`,
          assignee: staff.caseworker,
          partners: [],
        }),
      );
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const [inKenya, inUganda] = [await start('KE'), await start('UG')];
  const family = await h.http
    .post('/v1/families')
    .set(bearer(h.keys.admin))
    .send({ reference: `FE-${h.run}` });
  for (const caseId of [inKenya, inUganda])
    expect(
      (await h.http.post(`/v1/families/${family.body.id}/members`).set(bearer(h.keys.admin)).send({ caseId }))
        .status,
    ).toBe(200);
  const moved = await h.http
    .post(`/v1/cases/${inKenya}/complete-step`)
    .set(bearer(h.keys.admin))
    .send({ step: 'prepare', outcome: 'done', data: {} });
  expect(moved.status).toBe(200);

  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, staff.caseworker, `/app/cases/${inKenya}`);
  for (let tries = 0; tries < 50 && !(await page.locator('#waiting-for-family').count()); tries += 1) {
    await new Promise((r) => setTimeout(r, 300));
    await page.reload();
  }
  await page.locator('#waiting-for-family').waitFor();
  // Neema works in Kenya only: the Ugandan member is counted, not shown.
  await page.locator('#family-hidden').waitFor();
  await expect(page.locator('#family-members tbody tr').count()).resolves.toBe(1);
  await shot(page, 'case-family');
  await context.close();
});

it('works a step for each child in the browser: whom it concerns, for whom, accessible', async () => {
  await publishDefinition(bidDefinition('KE'), { publishedBy: 'web-browser-test' });
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.admin))
    .send(
      startBody(h, {
        definitionId: 'bid-mini.ke',
        reference: `KE-${h.run}-BID`,
        assignee: staff.caseworker,
        partners: [],
      }),
    );
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;
  for (const givenName of ['Amani', 'Zawadi'])
    expect(
      (
        await h.http
          .post(`/v1/cases/${caseId}/people`)
          .set(bearer(h.keys.admin))
          .send({
            relationship: 'child',
            person: { givenName, familyName: 'Otieno', birthDate: '2016-02-01' },
          })
      ).status,
    ).toBe(201);
  expect(
    (
      await h.http
        .post(`/v1/cases/${caseId}/complete-step`)
        .set(bearer(h.keys.admin))
        .send({ step: 'registration', outcome: 'registered', data: {} })
    ).status,
  ).toBe(200);

  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, staff.caseworker, `/app/cases/${caseId}`);
  await page.locator('#persons-heading').waitFor();
  await shot(page, 'case-per-child');
  // Completing without choosing the child: the reason is said beside the choice.
  await page.getByLabel('in interest', { exact: true }).check();
  await page.getByRole('button', { name: 'Complete step' }).click();
  await expect(page.locator('#person-error').textContent()).resolves.toBe(
    'Choose whom this completion is for.',
  );
  await page.getByLabel('For whom *').selectOption({ label: 'Zawadi Otieno' });
  await page.getByLabel('in interest', { exact: true }).check();
  await page.getByRole('button', { name: 'Complete step' }).click();
  await page.locator('p.notice').waitFor();
  await expect(page.locator('#person').locator('option[value^="P-"]').allTextContents()).resolves.toEqual([
    'Amani Otieno',
  ]);
  await context.close();
});
