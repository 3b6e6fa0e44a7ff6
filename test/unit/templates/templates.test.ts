// Every message kind renders in every language; every translation is complete and uses the
// same placeholders as English; a missing key falls back to English instead of failing.
import { LANGUAGES, MESSAGE_KINDS, PRIORITIES, type Language } from '../../../definitions/vocabulary';
import { placeholdersOf, type CommonText, type KindText } from '../../../activities/templates/catalog';
import { CATALOGS, renderMessage, type MessageValues } from '../../../activities/templates/render';

const values: MessageValues = {
  name: 'Amina Staff',
  reference: 'KE-2026-0042',
  step: 'Resettlement interview',
  due: '2026-03-04T09:30:00Z',
  reason: 'security screening',
  outcome: 'approved',
  assignee: 'caseworker@example.org',
  status: 'Interview scheduled',
  partner: 'IRAP',
  event: 'evt-1',
  attempts: '7',
  error: '550 mailbox unavailable',
  recipient: 'someone@example.org',
  failedKind: 'overdue',
  priority: 'urgent',
  at: '2026-03-04T06:42:11Z',
  waitingOn: 'C-7K2M9Q4TZP7X',
  days: '3',
};
const caseUrl = 'https://pathways.example.org/v1/cases/case-1';
const kindKeys: (keyof KindText)[] = ['subject', 'heading', 'body', 'action'];
const commonKeys = Object.keys(CATALOGS.en.common) as (keyof CommonText)[];

describe('translation completeness', () => {
  for (const language of LANGUAGES) {
    test(`${language} has every common word`, () => {
      for (const key of commonKeys) {
        const text = CATALOGS[language].common[key];
        expect({ key, text: text?.trim() || undefined }).toEqual({ key, text: expect.any(String) });
        expect({ key, placeholders: placeholdersOf(text!) }).toEqual({
          key,
          placeholders: placeholdersOf(CATALOGS.en.common[key]),
        });
      }
    });
    test(`${language} has a word for every priority`, () => {
      for (const priority of PRIORITIES)
        expect({ priority, word: CATALOGS[language].priorities[priority]?.trim() || undefined }).toEqual({
          priority,
          word: expect.any(String),
        });
    });
    test(`${language} has every message kind with the English placeholders`, () => {
      for (const kind of MESSAGE_KINDS) {
        for (const key of kindKeys) {
          const text = CATALOGS[language].kinds[kind]?.[key];
          expect({ kind, key, text: text?.trim() || undefined }).toEqual({
            kind,
            key,
            text: expect.any(String),
          });
          expect({ kind, key, placeholders: placeholdersOf(text!) }).toEqual({
            kind,
            key,
            placeholders: placeholdersOf(CATALOGS.en.kinds[kind][key]),
          });
        }
      }
    });
  }
});

describe('rendering', () => {
  for (const language of LANGUAGES) {
    test(`every kind renders in ${language}`, () => {
      const rendered = Object.fromEntries(
        MESSAGE_KINDS.map((kind) => {
          const message = renderMessage({ kind, language, timeZone: 'Africa/Nairobi', caseUrl, values });
          expect(message.language).toBe(language);
          expect(message.subject).toContain(values.reference);
          expect(message.subject).not.toMatch(/\{\w+\}/);
          expect(message.text).not.toMatch(/\{\w+\}/);
          expect(message.html).toContain(`lang="${language}"`);
          expect(message.html).toContain(`href="${caseUrl}"`);
          expect(message.text).toContain(caseUrl);
          return [kind, message];
        }),
      );
      expect(rendered).toMatchSnapshot();
    });
  }

  test('Arabic renders right to left, the others left to right', () => {
    const arabic = renderMessage({
      kind: 'overdue',
      language: 'ar',
      timeZone: 'Asia/Amman',
      caseUrl,
      values,
    });
    expect(arabic.html).toContain('<html lang="ar" dir="rtl">');
    for (const language of ['en', 'fr', 'es'] as Language[]) {
      expect(renderMessage({ kind: 'overdue', language, timeZone: 'UTC', caseUrl, values }).html).toContain(
        'dir="ltr"',
      );
    }
  });

  test('dates are shown in the recipient time zone', () => {
    const nairobi = renderMessage({
      kind: 'overdue',
      language: 'en',
      timeZone: 'Africa/Nairobi',
      caseUrl,
      values,
    });
    const lima = renderMessage({
      kind: 'overdue',
      language: 'en',
      timeZone: 'America/Lima',
      caseUrl,
      values,
    });
    expect(nairobi.text).toContain('12:30');
    expect(lima.text).toContain('04:30');
  });

  test('a missing translation key falls back to English instead of failing', () => {
    const saved = CATALOGS.fr.kinds.overdue;
    CATALOGS.fr.kinds.overdue = { ...saved, subject: undefined };
    try {
      const message = renderMessage({ kind: 'overdue', language: 'fr', timeZone: 'UTC', caseUrl, values });
      expect(message.subject).toBe('[KE-2026-0042] Overdue, action needed: Resettlement interview');
      expect(message.text).toContain('Dossier');
    } finally {
      CATALOGS.fr.kinds.overdue = saved;
    }
  });

  test('an unknown language renders in English and values are escaped in HTML', () => {
    const message = renderMessage({
      kind: 'step_entered',
      language: 'sw',
      timeZone: 'UTC',
      caseUrl,
      values: { reference: 'R-1', step: '<b>x</b>' },
    });
    expect(message.language).toBe('en');
    expect(message.html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(message.text).toContain('no due date');
  });
});
