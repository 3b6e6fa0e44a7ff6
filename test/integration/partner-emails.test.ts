// What partners receive by email, through the real API, Temporal dev server, worker,
// PostgreSQL and a real SMTP server (the dev mailbox): a partner without a webhook gets status
// emails in its language with the status, what happened and when (in its time zone), never
// personal data or the hold reason; a partner with a webhook gets no email at all.
import { createPartner } from '../../directory/partners';
import { eventWords } from '../../activities/partners/words';
import { formatDate } from '../../activities/templates/render';
import { ResolvedDefinition } from '../../definitions/schema';
import { publishDefinition } from '../../definitions/store';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { startMailbox, type Mailbox, type MailboxMessage } from '../../lib/mailbox/server';
import { realCaseDeps } from '../support/real-activities';
import { startPartnerServer, type PartnerServer } from '../support/partner-server';
import { bearer, startApiHarness, startBody, TASK_QUEUE, type ApiHarness } from './api-harness';

jest.setTimeout(120_000);

const db = database();
let h: ApiHarness;
let mailbox: Mailbox;
let partnerServer: PartnerServer;

/** Two partner-visible tasks; the first tells partners its outcome, the second its entry (as a definition may). */
const definition = ResolvedDefinition.parse({
  id: 'partner-emails.xa',
  program: 'resettlement',
  title: 'Partner emails (XA)',
  country: 'XA',
  timeZone: 'Africa/Nairobi',
  language: 'en',
  roles: ['caseworker', 'supervisor'],
  start: 'assessment',
  steps: [
    {
      id: 'assessment',
      kind: 'task',
      title: 'Needs assessment',
      owner: 'caseworker',
      due: 'P5D',
      partnerStatus: 'Needs assessed',
      outcomes: { done: 'interview' },
      notify: [{ on: 'outcome', outcome: 'done', to: { partner: 'all' }, template: 'partner_update' }],
    },
    {
      id: 'interview',
      kind: 'task',
      title: 'Interview',
      owner: 'caseworker',
      due: 'P5D',
      partnerStatus: 'Interview scheduled',
      translations: { ar: { partnerStatus: 'تم تحديد موعد المقابلة' } },
      outcomes: { done: 'closed' },
      notify: [
        { on: 'enter', to: { partner: 'all' }, template: 'partner_update' },
        { on: 'enter', to: { partner: 'all' }, template: 'case_on_hold' },
      ],
    },
    { id: 'closed', kind: 'end', title: 'Closed', reason: 'done' },
  ],
});

beforeAll(async () => {
  mailbox = await startMailbox({ port: 0 });
  partnerServer = await startPartnerServer();
  h = await startApiHarness({ deps: (client) => realCaseDeps(client, TASK_QUEUE, mailbox.url) });
  await publishDefinition(definition, { publishedBy: 'partner-emails-test' });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await mailbox?.stop();
  await partnerServer?.stop();
});

async function mailTo(address: string, count: number): Promise<MailboxMessage[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = mailbox.messages().filter((m) => m.envelopeTo.includes(address));
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('an email-only partner reads status, event and time in Arabic; a webhook partner gets no email', async () => {
  const mailOnly = `mail-ar-${h.run}`;
  const hooked = `hook-${h.run}`;
  const mailAddress = `ar.${h.run}@ngo.test`;
  const hookAddress = `hook.${h.run}@ngo.test`;
  await createPartner(db, keyring(), {
    id: mailOnly,
    name: 'شريك',
    kind: 'ngo',
    contactEmail: mailAddress,
    language: 'ar',
    timeZone: 'America/Lima',
    sharingProfile: { fields: ['givenName', 'country'], events: ['step_entered', 'case_on_hold'] },
  });
  await createPartner(db, keyring(), {
    id: hooked,
    name: 'Hook NGO',
    kind: 'ngo',
    contactEmail: hookAddress,
    webhookUrl: partnerServer.url(`/emails-${h.run}`),
    sharingProfile: { fields: ['givenName'], events: ['step_entered', 'case_on_hold'] },
  });
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send(
      startBody(h, {
        definitionId: definition.id,
        partners: [
          { partnerId: mailOnly, role: 'referring', consent: ['case_updates'] },
          { partnerId: hooked, role: 'service', consent: ['case_updates'] },
        ],
      }),
    );
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;
  expect(
    (
      await h.http
        .post(`/v1/cases/${caseId}/complete-step`)
        .set(bearer(h.keys.caseworker))
        .send({ step: 'assessment', outcome: 'done', data: {} })
    ).status,
  ).toBe(200);
  expect(
    (
      await h.http
        .post(`/v1/cases/${caseId}/hold`)
        .set(bearer(h.keys.supervisor))
        .send({ reason: 'Waiting for Juma Baraka' })
    ).status,
  ).toBe(200);

  // Feed: entered assessment, entered interview, on hold. Definition: the assessment's outcome. The
  // interview's notifications on entry (partner_update = step_entered, case_on_hold) are events the
  // partner's feed sends already: not sent twice.
  const mails = await mailTo(mailAddress, 4);
  await new Promise((r) => setTimeout(r, 1000));
  expect(mailbox.messages().filter((m) => m.envelopeTo.includes(mailAddress))).toHaveLength(4);
  const texts = mails.map((m) => m.text);
  const count = (words: string) => texts.filter((t) => t.includes(words)).length;
  expect(count(eventWords('ar', 'step_entered'))).toBe(2);
  expect(count(eventWords('ar', 'step_completed'))).toBe(1);
  expect(count(eventWords('ar', 'case_on_hold'))).toBe(1);
  for (const mail of mails) {
    expect(mail.language).toBe('ar');
    // The interview's label is translated into Arabic by the definition; the assessment's is not (the definition's words).
    expect(mail.subject).toMatch(/^\[XA-.*\] تحديث حالة الملف: (Needs assessed|تم تحديد موعد المقابلة)$/);
    expect(mail.text).not.toContain('Interview scheduled');
    expect(mail.text).not.toContain('—');
    // A partner cannot sign in to the web app: its link is the API's, which its key reads.
    expect(mail.text).toMatch(/\/v1\/cases\/C-/);
    for (const outside of ['Zainabu', 'Mwangalizi', '1987-03-14', 'Juma', 'XA\n', 'normal'])
      expect(mail.raw).not.toContain(outside);
  }
  const events = await db.partnerEvent.findMany({
    where: { caseId, partnerId: mailOnly },
    orderBy: { seq: 'asc' },
  });
  for (const event of events) {
    const at = formatDate((event.body as { occurredAt: string }).occurredAt, 'ar', 'America/Lima');
    expect(texts.some((t) => t.includes(at))).toBe(true);
  }
  expect(mailbox.messages().filter((m) => m.envelopeTo.includes(hookAddress))).toEqual([]);
  expect(count('تم تحديد موعد المقابلة')).toBeGreaterThanOrEqual(2);
  expect(partnerServer.received(`/emails-${h.run}`).length).toBeGreaterThanOrEqual(3);
  // The webhook partner's language is the definition's own (English): it reads the label as written.
  expect(partnerServer.received(`/emails-${h.run}`).map((w) => w.body.case.status)).toContain(
    'Interview scheduled',
  );
});

test('every language: each email-only partner reads the status and the event in its own words', async () => {
  const languages = ['en', 'fr', 'ar', 'es'] as const;
  const address = (language: string) => `${language}.all.${h.run}@ngo.test`;
  for (const language of languages) {
    await createPartner(db, keyring(), {
      id: `mail-${language}-all-${h.run}`,
      name: `NGO ${language}`,
      kind: 'ngo',
      contactEmail: address(language),
      language,
      sharingProfile: { fields: ['givenName'], events: ['step_entered', 'case_on_hold'] },
    });
  }
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.caseworker))
    .send(
      startBody(h, {
        definitionId: definition.id,
        partners: languages.map((language) => ({
          partnerId: `mail-${language}-all-${h.run}`,
          role: 'referring',
          consent: ['case_updates'],
        })),
      }),
    );
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;
  expect(
    (
      await h.http
        .post(`/v1/cases/${caseId}/complete-step`)
        .set(bearer(h.keys.caseworker))
        .send({ step: 'assessment', outcome: 'done', data: {} })
    ).status,
  ).toBe(200);
  expect(
    (
      await h.http
        .post(`/v1/cases/${caseId}/hold`)
        .set(bearer(h.keys.supervisor))
        .send({ reason: 'Waiting for Juma Baraka' })
    ).status,
  ).toBe(200);
  for (const language of languages) {
    const mails = await mailTo(address(language), 4);
    expect(mails).toHaveLength(4);
    const texts = mails.map((m) => m.text);
    for (const event of ['step_entered', 'step_completed', 'case_on_hold'] as const) {
      expect({ language, event, found: texts.some((t) => t.includes(eventWords(language, event))) }).toEqual({
        language,
        event,
        found: true,
      });
    }
    // The definition translates the interview's label into Arabic only.
    const label = language === 'ar' ? 'تم تحديد موعد المقابلة' : 'Interview scheduled';
    expect(texts.filter((t) => t.includes(label))).toHaveLength(2);
    for (const mail of mails) {
      expect(mail.language).toBe(language);
      expect(mail.text).not.toContain('—');
      for (const outside of ['Zainabu', 'Juma']) expect(mail.raw).not.toContain(outside);
    }
  }
});
