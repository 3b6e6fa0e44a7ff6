// The key an owed message is stored under decides what the relay sends once: one business key
// may go to the assignee and to a role (the family's waiting notice went to both, and the
// role's copy was dropped while the key left the recipient out), and a consent withdrawal is
// for one partner only.
import type { NotificationRequest, PartnerUpdate } from '../../contract/activities';
import { owedMessageKey } from '../../contract/keys';

const facts = {
  caseId: 'C-1',
  reference: 'KE-1',
  program: 'resettlement',
  country: 'KE',
  definitionId: 'd',
  definitionVersion: 1,
  timeZone: 'UTC',
  language: 'en',
  priority: 'normal',
  assignee: 'a@pathways.test',
};
const email = (to: NotificationRequest['to']) =>
  owedMessageKey({
    kind: 'email',
    request: { businessKey: 'C-1:v2:family_waiting:late:1', kind: 'family_waiting', case: facts, to },
  });
const partner = (over: Partial<PartnerUpdate> = {}) =>
  owedMessageKey({
    kind: 'partner',
    update: {
      eventKey: 'C-1:consent:p1:3',
      case: facts,
      event: 'step_entered',
      status: 'S',
      occurredAt: 'x',
      ...over,
    },
  });

it('keeps one business key apart per recipient, and a repeat under the same key', () => {
  const keys = [
    email('assignee'),
    email({ role: 'supervisor' }),
    email({ role: 'caseworker' }),
    email({ partner: 'all' }),
  ];
  expect(new Set(keys).size).toBe(4);
  expect(email({ role: 'supervisor' })).toBe(keys[1]);
});

it('keeps a partner update apart by its event and the partner it is for', () => {
  const keys = [
    partner(),
    partner({ event: 'consent_withdrawn', partnerId: 'p1' }),
    partner({ event: 'consent_withdrawn', partnerId: 'p2' }),
  ];
  expect(new Set(keys).size).toBe(3);
  expect(partner()).toBe(keys[0]);
});
