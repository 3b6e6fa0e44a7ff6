// POST /v1/definitions/simulate through the real API: a Kenyan draft overlay resolved against the
// published base (as publishing would), walked without publishing anything; a draft that does
// not validate and a path that does not fit are 422 with their problems; malformed input is 400.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../definitions/load';
import { publishDefinition } from '../../definitions/store';
import { database } from '../../lib/database';
import { bearer, startApiHarness, type ApiHarness } from './api-harness';

let h: ApiHarness;
jest.setTimeout(60_000);

const draft = readFileSync(
  join(__dirname, '../../definitions/examples/resettlement.ke.faster-screening.yaml'),
  'utf8',
);
const body = {
  yaml: draft,
  priority: 'emergency',
  path: [
    { step: 'state_decision', outcome: 'accepted' },
    { step: 'travel_documents', outcome: 'issued' },
  ],
  overdue: [{ step: 'security_screening', by: '4d' }],
  start: '2027-01-04',
};

beforeAll(async () => {
  h = await startApiHarness({ worker: false });
  const base = loadDefinitionsDir(SAMPLES_DIR).find((d) => d.definition.id === 'resettlement');
  if (!base) throw new Error('no resettlement sample');
  await publishDefinition(base.definition, { publishedBy: 'api-simulate-test', source: base.source });
}, 120_000);
afterAll(() => h?.close());

it('walks a draft overlay, resolved against the published base, and publishes nothing', async () => {
  const versions = () => database().definitionVersion.count({ where: { definitionId: 'resettlement.ke' } });
  const before = await versions();
  const res = await h.http.post('/v1/definitions/simulate').set(bearer(h.keys.program_manager)).send(body);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    definitionId: 'resettlement.ke',
    version: null,
    timeZone: 'Africa/Nairobi',
    priority: 'emergency',
    language: 'en',
    start: '2027-01-04T09:00:00+03:00',
    end: { at: '2028-01-11T09:00:00+03:00', step: 'closed_resettled', reason: 'resettled' },
  });
  expect(res.body.visits.find((v: { step: string }) => v.step === 'security_screening')).toMatchObject({
    dueAt: '2027-01-07T09:00:00+03:00',
    leftAt: '2027-01-11T09:00:00+03:00',
    owner: 'security_officer',
  });
  const reminders = res.body.messages.filter((m: { reminder: boolean }) => m.reminder);
  expect(reminders.map((m: { at: string; rule: string; role: string }) => [m.at, m.rule, m.role])).toEqual([
    ['2027-01-05T09:00:00+03:00', 'due_soon', 'security_officer'],
    ['2027-01-08T09:00:00+03:00', 'overdue_daily', 'security_officer'],
    ['2027-01-09T09:00:00+03:00', 'overdue_daily', 'security_officer'],
    ['2027-01-10T09:00:00+03:00', 'overdue_daily', 'security_officer'],
  ]);
  expect(res.body.partnerEvents[0]).toMatchObject({
    event: 'step_entered',
    status: 'Referral received',
    facts: { program: 'resettlement', country: 'KE', priority: 'emergency' },
    personalFields: [],
  });
  expect(await versions()).toBe(before);
});

it('compares the draft with a published version of the same definition', async () => {
  const kenya = loadDefinitionsDir(SAMPLES_DIR).find((d) => d.definition.id === 'resettlement.ke');
  if (!kenya) throw new Error('no resettlement.ke sample');
  const published = await publishDefinition(kenya.definition, {
    publishedBy: 'api-simulate-test',
    source: kenya.source,
  });
  const res = await h.http
    .post('/v1/definitions/simulate')
    .set(bearer(h.keys.program_manager))
    .send({ ...body, compareWith: { version: published.version } });
  expect(res.status).toBe(200);
  expect(res.body.end).toMatchObject({ step: 'closed_resettled' });
  const { comparison } = res.body;
  expect(comparison).toMatchObject({
    definitionId: 'resettlement.ke',
    version: published.version,
    length: { before: 374, after: 372 },
    remindersAdded: [
      {
        step: 'security_screening',
        rule: 'overdue_daily',
        role: 'security_officer',
        count: { before: 0, after: 3 },
      },
    ],
    remindersRemoved: [],
  });
  expect(comparison.steps.filter((s: { change: string }) => s.change !== 'same')).toEqual([
    {
      step: 'security_screening',
      title: 'Security screening',
      allowed: { before: 5, after: 3 },
      spent: { before: 9, after: 7 },
      change: 'shorter',
    },
  ]);
  const missing = await h.http
    .post('/v1/definitions/simulate')
    .set(bearer(h.keys.program_manager))
    .send({ ...body, compareWith: { version: 999 } });
  expect(missing.status).toBe(404);
  expect(missing.body.error.message).toBe('definition version resettlement.ke@999 was not found');
});

it('shapes partner events by the profiles given, in the staff language asked for', async () => {
  const res = await h.http
    .post('/v1/definitions/simulate')
    .set(bearer(h.keys.admin))
    .send({
      ...body,
      language: 'ar',
      partners: [
        { role: 'referring', profile: { fields: ['givenName'], events: ['case_closed'] }, consent: true },
      ],
    });
  expect(res.status).toBe(200);
  expect(
    res.body.messages.every(
      (m: { language: string; role: string }) => m.language === 'ar' || m.role.startsWith('partner:'),
    ),
  ).toBe(true);
  expect(res.body.partnerEvents).toEqual([
    expect.objectContaining({
      event: 'case_closed',
      status: 'Closed',
      facts: {},
      personalFields: ['givenName'],
    }),
  ]);
});

it('answers 422 with the problems of a draft that does not validate, and of a path that does not fit', async () => {
  const broken = await h.http
    .post('/v1/definitions/simulate')
    .set(bearer(h.keys.program_manager))
    .send({ ...body, yaml: draft.replace('approved: security_screening', 'approved: securty_screening') });
  expect(broken.status).toBe(422);
  expect(broken.body.error).toMatchObject({
    code: 'rule_violation',
    details: {
      problems: [
        expect.objectContaining({
          path: 'changes[1].set.outcomes.approved',
          message: expect.stringContaining('did you mean "security_screening"?'),
        }),
      ],
    },
  });
  const wrongPath = await h.http
    .post('/v1/definitions/simulate')
    .set(bearer(h.keys.program_manager))
    .send({
      ...body,
      path: [{ step: 'interveiw', outcome: 'completed' }],
      overdue: [{ step: 'rrf', by: 'soon' }],
    });
  expect(wrongPath.status).toBe(422);
  expect(wrongPath.body.error.details.problems).toEqual([
    {
      path: 'path[0].step',
      message: '"interveiw" is not a step of resettlement.ke — did you mean "interview"?',
    },
    { path: 'overdue.rrf', message: '"soon" is not a duration (3d, 12h, 2w or ISO-8601 such as P3D)' },
  ]);
});

it('answers 400 with the path of malformed input, and 403 to a caseworker', async () => {
  const malformed = await h.http
    .post('/v1/definitions/simulate')
    .set(bearer(h.keys.program_manager))
    .send({ ...body, priority: 'soon', start: '4 January', extra: true });
  expect(malformed.status).toBe(400);
  expect(malformed.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
    'body.extra',
    'body.priority',
    'body.start',
  ]);
  const forbidden = await h.http.post('/v1/definitions/simulate').set(bearer(h.keys.caseworker)).send(body);
  expect(forbidden.status).toBe(403);
});

it('is in the OpenAPI document', async () => {
  const document = (await h.http.get('/openapi.json')).body;
  expect(document.paths['/v1/definitions/simulate'].post).toMatchObject({
    requestBody: {
      content: { 'application/json': { schema: { $ref: '#/components/schemas/SimulationRequest' } } },
    },
  });
  expect(
    document.paths['/v1/definitions/simulate'].post.responses['200'].content['application/json'].schema,
  ).toEqual({
    $ref: '#/components/schemas/SimulationResult',
  });
  expect(document.components.schemas.SimulationComparison).toBeDefined();
});

it('answers the request of the example in definitions/README.md, built as written there', async () => {
  const root = join(__dirname, '../..');
  const readme = readFileSync(join(root, 'definitions/README.md'), 'utf8');
  const script = /node -e '([\s\S]*?)' > \/tmp\/simulate\.json/.exec(readme)?.[1];
  if (!script) throw new Error('definitions/README.md has no simulate request example');
  const request = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
  const res = await h.http.post('/v1/definitions/simulate').set(bearer(h.keys.admin)).send(request);
  expect(res.status).toBe(200);
  expect(res.body.end).toMatchObject({ step: 'closed_resettled' });
  expect(res.body.partnerEvents[0]).toMatchObject({
    partner: 'partner-1 (referring)',
    status: 'Referral received',
    facts: { country: 'KE' },
    personalFields: ['givenName'],
  });
});
