// One data-sharing policy: the partner's API view of a case and the webhook body it receives
// hold the same case facts and the same personal fields, for every profile × consent.
import { buildPartnerEventBody } from '../../../activities/partners/profile';
import { sharedWithPartner } from '../../../api/cases/views';
import type { Applicant } from '../../../api/schemas/cases';
import { readProfile } from '../../../contract/partner-sharing';
import { caseFacts } from '../../support/notifications';

/** Case facts, personal fields, a field the applicant lacks, and `country` as a personal field too. */
const FIELDS = ['program', 'country', 'priority', 'givenName', 'familyName', 'phone', 'nickname'] as const;
const CONSENTS = [[], ['statistics'], ['case_updates'], ['statistics', 'case_updates']];

const facts = caseFacts();
// Personal data that also names a case fact: a profile listing `country` gets the case's country, never this.
const applicant = {
  givenName: 'Amina',
  familyName: 'Hassan',
  phone: '+254700000002',
  country: 'SO',
} as unknown as Applicant;
const update = {
  eventKey: 'C-1:v2:entered',
  case: facts,
  event: 'step_entered' as const,
  status: 'Interview',
  occurredAt: '2026-01-01T10:00:00Z',
};

const subsets = <T>(items: readonly T[]): T[][] =>
  items.reduce<T[][]>((all, item) => [...all, ...all.map((s) => [...s, item])], [[]]);
const combinations = subsets(FIELDS).flatMap((fields) =>
  CONSENTS.map((consent) => [fields, consent] as const),
);

describe('partner data-sharing policy', () => {
  it('enumerates every profile × consent', () => {
    expect(combinations).toHaveLength(2 ** FIELDS.length * CONSENTS.length);
  });

  it.each(
    combinations.map(
      ([fields, consent]) =>
        [fields.join(',') || '(none)', consent.join(',') || '(none)', fields, consent] as const,
    ),
  )('profile %s with consent %s: the API view and the webhook body agree', (_f, _c, fields, consent) => {
    const profile = readProfile({ fields, events: ['step_entered'] });
    const body = buildPartnerEventBody({
      id: 'e1',
      sequence: 1,
      update,
      profile,
      consent,
      personalData: applicant as Record<string, unknown>,
    });
    const view = sharedWithPartner(facts, profile, consent, applicant);

    const { reference: _r, status: _s, ...bodyFacts } = body.case;
    const { applicant: viewPersonal, ...viewFacts } = view;
    expect(viewFacts).toEqual(bodyFacts);
    expect(viewPersonal).toEqual(body.personal);
    if (!consent.includes('case_updates')) expect(body.personal).toBeUndefined();
    if (fields.includes('country')) expect(viewFacts.country).toBe('KE');
    expect(JSON.stringify(view)).not.toContain('SO');
  });
});
