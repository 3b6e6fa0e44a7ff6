// Every task email and reminder of every sample definition reaches someone who may complete
// the step: resolved against a real staff directory in PostgreSQL, where the case's assignee
// is a caseworker and each other role has one holder in the country.
import { recipientsOf } from '../../activities/notifications/deliver';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../definitions/load';
import { ownerOf } from '../../definitions/registry';
import type { MessageKind, Recipient, ResolvedDefinition, Step } from '../../definitions/schema';
import { closeDatabase, database } from '../../lib/database';
import { caseFacts } from '../support/notifications';

const COUNTRY = 'XR';
const ASSIGNEE = 'caseworker@xr.test';
const db = database();
const definitions = loadDefinitionsDir(SAMPLES_DIR).map((loaded) => loaded.definition);
const roles = [...new Set(definitions.flatMap((d) => d.roles))].sort();

beforeAll(async () => {
  await db.staff.createMany({
    data: roles.map((role) => ({
      name: role,
      email: role === 'caseworker' ? ASSIGNEE : `${role}@xr.test`,
      roles: [role],
      countries: [COUNTRY],
    })),
  });
});
afterAll(() => closeDatabase());

const REMINDER_MESSAGE = {
  before_due: 'reminder_before_due',
  at_due: 'due_today',
  overdue: 'overdue',
} as const;

/** The messages of a step that ask someone to act: its task emails and its reminders (not escalations). */
function taskMessages(step: Step): { kind: MessageKind; to: Recipient; rule: string }[] {
  const notified = step.notify
    .filter((n) => n.template === 'task_assigned')
    .map((n, i) => ({ kind: n.template, to: n.to, rule: `notify${i}` }));
  const reminders = 'reminders' in step ? step.reminders : [];
  return [
    ...notified,
    ...reminders.flatMap((r) =>
      r.kind === 'escalate' ? [] : [{ kind: REMINDER_MESSAGE[r.kind], to: r.to, rule: r.id }],
    ),
  ];
}

async function rolesOf(email: string): Promise<string[]> {
  return (await db.staff.findUnique({ where: { email } }))?.roles ?? [];
}

it.each(definitions.map((d): [string, ResolvedDefinition] => [d.id, d]))(
  '%s: each task message goes to someone who may complete the step',
  async (_id, definition) => {
    const misdirected: string[] = [];
    let checked = 0;
    for (const step of definition.steps) {
      const owner = ownerOf(step);
      for (const message of taskMessages(step)) {
        const addressees = await recipientsOf(db, {
          businessKey: `t:${step.id}:${message.rule}`,
          kind: message.kind,
          to: message.to,
          case: caseFacts({ country: COUNTRY, assignee: ASSIGNEE, definitionId: definition.id }),
          step: { id: step.id, title: step.title, visit: 1, ...(owner ? { owner } : {}) },
        });
        checked += 1;
        if (addressees.length === 0) misdirected.push(`${step.id} ${message.rule}: nobody`);
        for (const { email } of addressees) {
          if (!owner || !(await rolesOf(email)).includes(owner))
            misdirected.push(`${step.id} ${message.rule}: ${email} cannot complete it (owner ${owner})`);
        }
      }
    }
    expect(misdirected).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  },
);

it('sends the supervisor review task to the supervisor, not the caseworker assignee', async () => {
  const review = definitions
    .find((d) => d.id === 'resettlement')!
    .steps.find((s) => s.id === 'supervisor_approval')!;
  const addressees = await recipientsOf(db, {
    businessKey: 't:review',
    kind: 'task_assigned',
    to: 'assignee',
    case: caseFacts({ country: COUNTRY, assignee: ASSIGNEE }),
    step: { id: review.id, title: review.title, visit: 6, owner: ownerOf(review)! },
  });
  expect(addressees.map((a) => a.email)).toEqual(['supervisor@xr.test']);
});

it('keeps informational messages (a reassignment) with the assignee', async () => {
  const addressees = await recipientsOf(db, {
    businessKey: 't:reassigned',
    kind: 'case_reassigned',
    to: 'assignee',
    case: caseFacts({ country: COUNTRY, assignee: ASSIGNEE }),
    step: { id: 'supervisor_approval', title: 'Supervisor review', visit: 6, owner: 'supervisor' },
  });
  expect(addressees.map((a) => a.email)).toEqual([ASSIGNEE]);
});

it('does not ask the person four-eyes bars (who completed the step before) to review it', async () => {
  const doubleHatted = 'Double.Hat@xr.test';
  await db.staff.create({
    data: {
      name: 'Double hat',
      email: doubleHatted.toLowerCase(),
      roles: ['caseworker', 'supervisor'],
      countries: [COUNTRY],
    },
  });
  const review = (excluded?: string) =>
    recipientsOf(db, {
      businessKey: 't:four-eyes',
      kind: 'task_assigned',
      to: 'assignee',
      case: caseFacts({ country: COUNTRY, assignee: doubleHatted.toLowerCase() }),
      step: {
        id: 'supervisor_approval',
        title: 'Supervisor review',
        visit: 6,
        owner: 'supervisor',
        ...(excluded ? { excluded } : {}),
      },
    });
  // The assignee may review a case whose previous step someone else completed…
  expect((await review()).map((a) => a.email)).toEqual(['double.hat@xr.test']);
  // …but not one they completed themselves: the country's other supervisors are asked instead.
  expect((await review(doubleHatted)).map((a) => a.email)).toEqual(['supervisor@xr.test']);
  const toRole = await recipientsOf(db, {
    businessKey: 't:four-eyes-role',
    kind: 'overdue',
    to: { role: 'supervisor' },
    case: caseFacts({ country: COUNTRY, assignee: ASSIGNEE }),
    step: {
      id: 'supervisor_approval',
      title: 'Supervisor review',
      visit: 6,
      owner: 'supervisor',
      excluded: 'supervisor@xr.test',
    },
  });
  expect(toRole.map((a) => a.email)).toEqual(['double.hat@xr.test']);
});
