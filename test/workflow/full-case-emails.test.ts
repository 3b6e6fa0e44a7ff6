// A case on the time-skipping server with the REAL activities: PostgreSQL projection and
// outbox, nodemailer over a real SMTP socket into the dev mailbox. Every email the definition
// owes arrives exactly once, in the recipient's language — even though one activity fails
// after its send (the "sent" mark is lost) and Temporal retries it.
import { loadDefinitionsDir, SAMPLES_DIR } from '../../definitions/load';
import { createActivities, type ActivityDeps } from '../../activities';
import { OwedMessagesBell } from '../../lib/owed-messages-bell';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { startMailbox, type Mailbox } from '../../lib/mailbox/server';
import { smtpMailer } from '../../lib/mailer';
import { caseWorkflowV2 } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import { caseStateQuery, closeUpdate, completeStepUpdate, type Actor } from '../../contract/messages';
import { caseWorkerSuite, settled } from '../support/case-worker';
import { losingFirstSentUpdate } from '../support/notifications';
import { eventually } from '../support/processes';

jest.setTimeout(180_000);

// Kenya's process under a country code of this file's own: the test database is shared by the
// run, and staff that other files create in KE must not receive this case's escalation.
const COUNTRY = 'QM';
const kenya = {
  ...loadDefinitionsDir(SAMPLES_DIR).find((d) => d.definition.id === 'resettlement.ke')!.definition,
  country: COUNTRY,
};
const caseworker: Actor = { id: 'nadia.caseworker@pathways.test', roles: ['caseworker'] };
const supervisorEmail = 'otieno.supervisor@pathways.test';
const DAY = 86_400_000;

let mailbox: Mailbox;

beforeAll(async () => {
  await database().staff.createMany({
    data: [
      { name: 'Nadia', email: caseworker.id, roles: ['caseworker'], countries: [COUNTRY], language: 'fr' },
      { name: 'Otieno', email: supervisorEmail, roles: ['supervisor'], countries: [COUNTRY] },
      { name: 'Elsewhere', email: 'ug.supervisor@pathways.test', roles: ['supervisor'], countries: ['UG'] },
    ],
  });
  mailbox = await startMailbox();
});
afterAll(() => mailbox?.stop());

let deps: ActivityDeps | undefined;
const realDeps = (): ActivityDeps =>
  (deps ??= {
    db: losingFirstSentUpdate(database(), 3),
    keys: keyring(),
    mailer: smtpMailer(mailbox.url, 'Pathways <pathways@localhost>'),
    publicUrl: 'http://pathways.test',
    feed: { wake: async () => undefined },
    bell: new OwedMessagesBell(),
  });
const suite = caseWorkerSuite('full-case-emails', () => createActivities(realDeps()), realDeps);

it('sends every owed email once, in the recipient language, and records each as sent', async () => {
  const handle = await suite.env.client.workflow.start(caseWorkflowV2, {
    taskQueue: 'full-case-emails',
    workflowId: caseWorkflowId('mail-1'),
    args: [
      {
        caseId: 'mail-1',
        reference: 'KE-MAIL-0001',
        definition: kenya,
        definitionVersion: 1,
        priority: 'normal',
        assignee: caseworker.id,
        partners: [],
        startedBy: 'intake@pathways.test',
        applicant: { givenName: 'Halima', familyName: 'Yusuf', birthDate: '1990-02-03' },
      },
    ],
  });
  await settled(handle);
  const complete = async (step: string, outcome: string, data: Record<string, string | number | boolean>) => {
    await handle.executeUpdate(completeStepUpdate, { args: [{ step, outcome, data, actor: caseworker }] });
    await settled(handle);
  };
  await complete('identification', 'referred', { referral_source: 'protection' });
  await complete('registration_check', 'confirmed', { case_size: 3, dependants_confirmed: true });
  await complete('needs_assessment', 'resettlement_needed', {
    submission_category: 'medical_needs',
    priority: 'normal',
  });
  // The interview (due in 30 days) is left 10 days overdue: reminded the day before and on the
  // day, daily while overdue (at most 5), escalated to the country's supervisor after 3 days.
  await suite.env.sleep(40 * DAY);
  await settled(handle);
  await handle.executeUpdate(closeUpdate, {
    args: [{ reason: 'withdrawn', actor: { id: supervisorEmail, roles: ['supervisor'] } }],
  });
  await settled(handle);
  expect((await handle.query(caseStateQuery)).status).toBe('closed');

  const expected = [
    [caseworker.id, 'Nouvelle tâche pour vous : Identification and referral'],
    [caseworker.id, 'Nouvelle tâche pour vous : Case composition and registration check'],
    [caseworker.id, 'Nouvelle tâche pour vous : Resettlement needs assessment'],
    [caseworker.id, 'Nouvelle tâche pour vous : Resettlement interview'],
    [caseworker.id, 'Rappel'],
    [caseworker.id, 'Échéance'],
    ...Array.from({ length: 5 }, () => [caseworker.id, 'En retard, action requise : Resettlement interview']),
    [supervisorEmail, 'Escalation'],
    [caseworker.id, 'Dossier clôturé'],
  ];
  const messages = await mailbox.waitForMessages(expected.length, 30_000);
  await new Promise((r) => setTimeout(r, 1000)); // nothing more may arrive
  const arrived = mailbox
    .messages()
    .map((m) => [m.envelopeTo.join(','), m.subject.replace(/^\[KE-MAIL-0001\] /, '')]);
  expect(arrived).toHaveLength(expected.length);
  // Same-day sends (the third overdue reminder and the escalation) may arrive in either order.
  const byText = (a: string[], b: string[]) => a.join('|').localeCompare(b.join('|'));
  const sorted = [...arrived].sort(byText);
  [...expected]
    .sort(byText)
    .forEach(([to, subject], i) => expect(sorted[i]).toEqual([to, expect.stringContaining(subject!)]));
  expect(new Set(messages.map((m) => m.messageId)).size).toBe(messages.length);
  expect(JSON.stringify(messages.map((m) => [m.subject, m.text, m.html]))).not.toMatch(
    /Halima|Yusuf|1990-02-03/,
  );

  // The lost "sent" mark really made the relay deliver one owed email a second time (and it was not sent again).
  // Its retry marks the row sent without a second send (the relay remembers what the SMTP server accepted).
  const owed = await eventually(async () => {
    const rows = await database().owedMessage.findMany({ where: { caseId: 'mail-1' } });
    return rows.every((o) => o.doneAt !== null) ? rows : undefined;
  });
  expect(mailbox.messages()).toHaveLength(expected.length);
  expect(owed.map((o) => o.attempts).sort()).toEqual([...Array(owed.length - 1).fill(1), 2]);
  expect(owed.every((o) => o.outcome === 'delivered')).toBe(true);

  const rows = await database().message.findMany({ where: { caseId: 'mail-1' } });
  expect(rows.map((r) => r.status)).toEqual(Array(expected.length).fill('sent'));
});

it('tells the supervisor, not the caseworker assignee, that a review waits for them', async () => {
  mailbox.clear();
  const handle = await suite.env.client.workflow.start(caseWorkflowV2, {
    taskQueue: 'full-case-emails',
    workflowId: caseWorkflowId('mail-2'),
    args: [
      {
        caseId: 'mail-2',
        reference: 'KE-MAIL-0002',
        definition: kenya,
        definitionVersion: 1,
        priority: 'normal',
        assignee: caseworker.id,
        partners: [],
        startedBy: 'intake@pathways.test',
        applicant: { givenName: 'Halima', familyName: 'Yusuf', birthDate: '1990-02-03' },
      },
    ],
  });
  await settled(handle);
  const steps: [string, string, Record<string, string | number | boolean>][] = [
    ['identification', 'referred', { referral_source: 'protection' }],
    ['registration_check', 'confirmed', { case_size: 3, dependants_confirmed: true }],
    ['needs_assessment', 'resettlement_needed', { submission_category: 'medical_needs', priority: 'normal' }],
    ['interview', 'completed', { interview_date: '2026-03-01' }],
    ['rrf', 'ready_for_review', {}],
  ];
  for (const [step, outcome, data] of steps) {
    await handle.executeUpdate(completeStepUpdate, { args: [{ step, outcome, data, actor: caseworker }] });
    await settled(handle);
  }
  const messages = await mailbox.waitForMessages(steps.length + 1, 30_000);
  const review = messages.filter((m) => m.subject.includes('Supervisor review and approval'));
  expect(review.map((m) => [m.envelopeTo.join(','), m.subject])).toEqual([
    [supervisorEmail, '[KE-MAIL-0002] New task for you: Supervisor review and approval'],
  ]);
});
