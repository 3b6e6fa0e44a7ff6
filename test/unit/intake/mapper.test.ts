// The intake mapper over hand-written KoboToolbox submissions: what becomes the case, what is a
// problem, and that no problem ever quotes an answer.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultReference, mapSubmission, type Submission } from '../../../api/intake/mapper';
import { readMapping, type IntakeMapping } from '../../../api/intake/mapping';

const FIXTURES = join(__dirname, '../../fixtures/intake');

function mappingText(): string {
  return readFileSync(join(FIXTURES, 'referral-mapping.yaml'), 'utf8')
    .replaceAll('{{assignee}}', 'amina@pathways.test')
    .replaceAll('{{partner}}', 'ngo-a');
}

function mapping(text = mappingText()): IntakeMapping {
  const read = readMapping(text);
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return read.mapping;
}

function submission(name: string, uuid = randomUUID()): Submission {
  return JSON.parse(
    readFileSync(join(FIXTURES, `${name}.json`), 'utf8').replaceAll('UUID_PLACEHOLDER', uuid),
  );
}

const everyValue = (s: Submission): string[] =>
  Object.values(s).flatMap((v) =>
    Array.isArray(v)
      ? v.flatMap((i) => (i && typeof i === 'object' ? everyValue(i as Submission) : []))
      : [String(v)],
  );

describe('intake mapper', () => {
  it('maps a good Kobo submission: case fields through value maps, applicant, dependants from the repeat group, step data', () => {
    const uuid = randomUUID();
    const mapped = mapSubmission(mapping(), submission('referral-good', uuid), 'kobo-xa');
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.problems));
    expect(mapped.body).toEqual({
      program: 'resettlement',
      country: 'XA',
      priority: 'urgent',
      reference: `kobo-xa-${uuid}`,
      assignee: 'amina@pathways.test',
      partners: [{ partnerId: 'ngo-a', role: 'referring', consent: ['case_updates'] }],
      applicant: {
        givenName: 'Hodan',
        familyName: 'Warsame',
        sex: 'female',
        birthDate: '1991-06-02',
        phone: '+254711000222',
        nationality: 'SO',
        dependants: [
          { givenName: 'Abdi', familyName: 'Warsame', relationship: 'child', birthDate: '2015-01-09' },
          { givenName: 'Sagal', familyName: 'Warsame', relationship: 'child', birthDate: '2018-08-21' },
        ],
      },
    });
    expect(mapped.stepData).toEqual({ category: 'legal_physical_protection' });
  });

  it('uses the default of an unanswered question, and no consent when the answer maps to nothing', () => {
    const s = submission('referral-good');
    delete s['triage/urgency'];
    s['consent/share_updates'] = 'no';
    const mapped = mapSubmission(mapping(), s, 'kobo-xa');
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.problems));
    expect(mapped.body.priority).toBe('normal');
    expect(mapped.body.partners[0]!.consent).toEqual([]);
  });

  it('an unknown choice is a problem at the map, naming the question and not the answer', () => {
    const s = submission('referral-unknown-choice');
    const mapped = mapSubmission(mapping(), s, 'kobo-xa');
    expect(mapped).toEqual({
      ok: false,
      problems: [
        {
          path: 'case.priority.map',
          message: 'the answer to "triage/urgency" is a choice the map does not list',
        },
      ],
    });
  });

  it('missing required answers, in a repeat group too, are each a problem; no value is quoted', () => {
    const s = submission('referral-missing-name');
    const mapped = mapSubmission(mapping(), s, 'kobo-xa');
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.problems).toEqual([
      { path: 'applicant.familyName', message: 'the answer to "applicant/family_name" is missing' },
      { path: 'dependants[0].fields.familyName', message: 'the answer to "member_family_name" is missing' },
    ]);
    const text = JSON.stringify(mapped.problems);
    for (const value of everyValue(s)) if (value.length > 3) expect(text).not.toContain(value);
  });

  it("answers that map but break the case's own rules are problems at the mapping's paths", () => {
    const s = submission('referral-good');
    s['applicant/birth_date'] = '1979-13-40';
    s['household/member'] = [
      { ...(s['household/member'] as Submission[])[0], 'household/member/member_birth_date': '2099-01-01' },
    ];
    const mapped = mapSubmission(mapping(), s, 'kobo-xa');
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.problems.map((p) => p.path)).toEqual([
      'applicant.birthDate',
      'dependants[0].fields.birthDate',
    ]);
    expect(JSON.stringify(mapped.problems)).not.toContain('1979-13-40');
  });

  it('a relationship the case does not know is a problem naming the known ones, at its mapping path', () => {
    // A mapping that passes the answer through (no map): a form's own word is not a relationship.
    const text = mappingText().replace(
      /relationship:\n\s+answer: member_relationship\n\s+map: \{[^}]*\}/,
      'relationship: { answer: member_relationship }',
    );
    expect(mapping(text).dependants?.fields.relationship?.map).toBeUndefined();
    const s = submission('referral-good');
    const members = s['household/member'] as Submission[];
    s['household/member'] = [
      members[0],
      { ...members[1], 'household/member/member_relationship': 'daughter' },
    ];
    const mapped = mapSubmission(mapping(text), s, 'kobo-xa');
    expect(mapped.ok ? [] : mapped.problems).toEqual([
      {
        path: 'dependants[1].fields.relationship',
        message: "Invalid enum value. Expected 'spouse' | 'child' | 'parent' | 'sibling' | 'other'",
      },
    ]);
  });

  it('a submission of another form, or without its key, is refused', () => {
    const s = submission('referral-good');
    s._xform_id_string = 'aOtherForm';
    delete s._uuid;
    const mapped = mapSubmission(mapping(), s, 'kobo-xa');
    expect(mapped.ok ? [] : mapped.problems.map((p) => p.path)).toEqual(['form', 'key']);
  });

  it('answers are own properties only: a question named like an Object method is simply missing', () => {
    const text = mappingText().replace('applicant/given_name', 'constructor');
    const mapped = mapSubmission(mapping(text), submission('referral-good'), 'kobo-xa');
    expect(mapped.ok ? [] : mapped.problems).toEqual([
      { path: 'applicant.givenName', message: 'the answer to "constructor" is missing' },
    ]);
  });

  it('a default reference is never personal: a UUID key as is, any other key hashed', () => {
    expect(defaultReference('csv-ke', '6f1c2a4e-1111-4c4c-8888-0123456789ab')).toBe(
      'csv-ke-6f1c2a4e-1111-4c4c-8888-0123456789ab',
    );
    expect(defaultReference('csv-ke', 'Hodan Warsame')).toMatch(/^csv-ke-[0-9a-f]{24}$/);
  });
});

describe('intake mapping', () => {
  it('lists every problem of a bad mapping with its path', () => {
    const read = readMapping(
      [
        'case:',
        '  program: { value: resettlement, map: { a: b } }',
        '  priority: { answer: triage/urgency, default: routine, colour: red }',
        'applicant:',
        '  givenName: {}',
        '  nickname: { answer: applicant/nick }',
        'partners: [{ partnerId: ngo-a, role: sponsor }]',
      ].join('\n'),
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems).toEqual(
      expect.arrayContaining([
        { path: 'case.program', message: 'map and default belong to an answer, not to a constant value' },
        { path: 'case.priority.colour', message: 'is not a known field' },
        { path: 'case.assignee', message: 'Required' },
        {
          path: 'applicant.givenName',
          message: 'give either answer (a question name) or value (a constant)',
        },
        { path: 'applicant.nickname', message: 'is not a known field' },
        expect.objectContaining({ path: 'partners[0].role' }),
      ]),
    );
  });

  it('refuses text that is not YAML', () => {
    const read = readMapping('case:\n  assignee: { value: a\n  program: [\n');
    expect(read.ok ? undefined : read.problems[0]).toEqual({
      path: expect.stringMatching(/^(line \d+)?$/),
      message: expect.stringContaining('is not valid YAML'),
    });
  });
});
