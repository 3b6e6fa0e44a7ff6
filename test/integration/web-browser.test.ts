// The web app in a real browser (playwright-core driving Debian's Chromium) against the real
// stack: API app on a real port, Temporal dev server, worker with real email, PostgreSQL, SMTP
// mailbox. A caseworker signs in through the mailbox link, opens My tasks, fails a completion on
// a missing field, completes the step, sees the case move and the next owner's task email
// arrive; Arabic pages are laid out right to left. Screenshots go to test-results/screenshots;
// axe-core checks each of those pages for serious or critical violations.
// If the browser cannot start, the test fails with the reason (CHROMIUM_PATH, README "Tests").
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { smtpMailer } from '../../lib/mailer';
import { ResolvedDefinition } from '../../definitions/schema';
import { publishDefinition } from '../../definitions/store';
import { database } from '../../lib/database';
import { startMailbox, type Mailbox } from '../../lib/mailbox/server';
import { freePort } from '../support/processes';
import { realCaseActivities } from '../support/real-activities';
import { signInLinkFor } from '../support/web-session';
import {
  apiDefinition,
  bearer,
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
    activities: (client) => realCaseActivities(client, TASK_QUEUE, mailbox.url, base),
  });
  // The review step tells its owners (the country's supervisors) that a task is theirs.
  const definition = apiDefinition('KE');
  await publishDefinition(
    ResolvedDefinition.parse({
      ...definition,
      id: 'web-e2e.ke',
      steps: definition.steps.map((s) =>
        s.id === 'review'
          ? { ...s, notify: [{ on: 'enter', to: 'assignee', template: 'task_assigned' }] }
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
