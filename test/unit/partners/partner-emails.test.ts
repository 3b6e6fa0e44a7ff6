// Every email a partner can receive, in every language: it says the case's status and what
// happened in the partner's language, when (in the partner's time zone), and nothing personal.
import { LANGUAGES } from '../../../definitions/vocabulary';
import type { NotificationRequest } from '../../../contract/activities';
import {
  eventWords,
  notificationEvent,
  notificationStatus,
  PARTNER_EMAIL_KIND,
  partnerEmailValues,
  type PartnerEmailEvent,
} from '../../../activities/partners/words';
import { CATALOGS, formatDate, renderMessage } from '../../../activities/templates/render';
import { caseFacts } from '../../support/notifications';

const EVENTS: PartnerEmailEvent[] = [
  'step_entered',
  'step_completed',
  'case_on_hold',
  'case_resumed',
  'case_closed',
];
const occurredAt = '2026-03-04T06:42:11.157Z';
const caseUrl = 'https://pathways.example.org/v1/cases/C-1';

describe('the partner status email', () => {
  for (const language of LANGUAGES) {
    test(`says the status, the event and its time in ${language}, with nothing empty or personal`, () => {
      const words = new Set<string>();
      for (const event of EVENTS) {
        const status = event === 'case_closed' ? 'Closed' : 'Security screening';
        const values = {
          reference: 'LB-2026-0007',
          ...partnerEmailValues({ language, status, event, occurredAt }),
        };
        const message = renderMessage({
          kind: PARTNER_EMAIL_KIND,
          language,
          timeZone: 'Asia/Beirut',
          caseUrl,
          values,
        });
        const noValue = CATALOGS[language].common.noValue ?? CATALOGS.en.common.noValue;
        expect(message.language).toBe(language);
        expect(message.subject).toContain('LB-2026-0007');
        expect(message.subject).toContain(values.status);
        expect(message.text).toContain(eventWords(language, event));
        expect(message.text).toContain(formatDate(occurredAt, language, 'Asia/Beirut'));
        expect(message.text).not.toContain(noValue);
        expect(message.text).not.toMatch(/\{\w+\}/);
        for (const outside of ['Step:', 'Priority', 'Zainabu']) expect(message.text).not.toContain(outside);
        words.add(values.event);
        if (event === 'case_closed' && language !== 'en') expect(values.status).not.toBe('Closed'); // translated
      }
      expect(words.size).toBe(EVENTS.length); // each event has its own words
    });
  }

  test('the time is shown in the partner time zone', () => {
    const at = (timeZone: string) =>
      renderMessage({
        kind: PARTNER_EMAIL_KIND,
        language: 'en',
        timeZone,
        caseUrl,
        values: {
          reference: 'R',
          ...partnerEmailValues({ language: 'en', status: 'Referred', event: 'step_entered', occurredAt }),
        },
      }).text;
    expect(at('Asia/Beirut')).toContain('08:42');
    expect(at('America/Lima')).toContain('01:42');
  });
});

describe('a definition notification addressed to partners', () => {
  const request = (
    kind: NotificationRequest['kind'],
    extra: Partial<NotificationRequest> = {},
  ): NotificationRequest => ({
    businessKey: 'k',
    kind,
    case: caseFacts({ caseId: 'C-1', reference: 'R', country: 'KE' }),
    to: { partner: 'all' },
    step: {
      id: 'interview',
      title: 'Resettlement interview',
      visit: 3,
      partnerStatus: 'Interview scheduled',
    },
    ...extra,
  });

  test('reports the event its template and trigger stand for, and the step partner label', () => {
    expect(notificationEvent(request('partner_update'))).toBe('step_entered');
    expect(notificationEvent(request('partner_update', { detail: { outcome: 'completed' } }))).toBe(
      'step_completed',
    );
    expect(notificationEvent(request('case_on_hold'))).toBe('case_on_hold');
    expect(notificationEvent(request('case_closed'))).toBe('case_closed');
    expect(notificationStatus(request('partner_update'))).toBe('Interview scheduled');
    expect(notificationStatus(request('case_closed'))).toBe('Closed');
  });

  test("reports the label in the partner's language when the definition translates it, else as written", () => {
    const translated = request('partner_update', {
      step: {
        id: 'interview',
        title: 'Resettlement interview',
        visit: 3,
        partnerStatus: 'Interview scheduled',
        partnerStatuses: { ar: 'تم تحديد موعد المقابلة' },
      },
    });
    expect(notificationStatus(translated, 'ar')).toBe('تم تحديد موعد المقابلة');
    expect(notificationStatus(translated, 'fr')).toBe('Interview scheduled');
    expect(
      notificationStatus(
        request('partner_update', {
          step: { id: 'x', title: 'X', visit: 1, partnerStatuses: { constructor: 'no' } },
        }),
        'ar',
      ),
    ).toBe('X');
  });
});
