// Version safety as a program manager and a caseworker see it: a case keeps the definition
// version it started on after a new version is published; new cases take the new version.
import type { ResolvedDefinition } from '../../definitions/schema';
import { bearer, apiDefinition, startApiHarness, startBody, type ApiHarness } from './api-harness';

let h: ApiHarness;
jest.setTimeout(90_000);

beforeAll(async () => {
  h = await startApiHarness();
}, 120_000);
afterAll(() => h?.close());

const DAY = 86_400_000;

/** A country's process is a base plus the country's overlay: publish both, answer the overlay's publication. */
async function publish(definition: ResolvedDefinition) {
  const post = (source: object) => h.http.post('/v1/definitions').set(bearer(h.keys.admin)).send({ source });
  const { country, ...base } = { ...definition, id: 'api-mini' };
  const basePublished = await post(base);
  expect(basePublished.body.error?.details ?? null).toBeNull();
  return post({ extends: 'api-mini', country, timeZone: definition.timeZone, title: definition.title });
}

async function startCase() {
  const res = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.admin))
    .send(startBody(h, { definitionId: 'api-mini.xc' }));
  expect(res.status).toBe(201);
  return res.body as {
    id: string;
    definitionVersion: number;
    dueAt: string;
    history: { enteredAt: string }[];
  };
}

it('keeps running cases on their version; new cases use the latest', async () => {
  const v1 = apiDefinition('XC');
  const first = await publish(v1);
  expect([first.status, first.body.version]).toEqual([201, 1]);
  expect((await publish(v1)).status).toBe(200); // same content: no new version

  const onV1 = await startCase();
  expect(onV1.definitionVersion).toBe(1);
  expect(Date.parse(onV1.dueAt) - Date.parse(onV1.history[0]!.enteredAt)).toBe(5 * DAY);

  // Version 2: a longer assessment deadline, and the review step removed from the path.
  const v2 = structuredClone(v1) as typeof v1;
  const assessment = v2.steps.find((s) => s.id === 'assessment')! as Extract<
    (typeof v1.steps)[number],
    { kind: 'task' }
  >;
  assessment.due = { emergency: 'P2D', urgent: 'P10D', normal: 'P20D' };
  assessment.outcomes = { assessed: 'decision' };
  v2.steps = v2.steps.filter((s) => s.id !== 'review');
  const decision = v2.steps.find((s) => s.id === 'decision')! as Extract<
    (typeof v1.steps)[number],
    { kind: 'wait' }
  >;
  decision.outcomes = { ...decision.outcomes, deferred: 'assessment' };
  const second = await publish(v2);
  expect(second.body.error?.details ?? null).toBeNull();
  expect([second.status, second.body.version]).toEqual([201, 2]);

  const onV2 = await startCase();
  expect(onV2.definitionVersion).toBe(2);
  expect(Date.parse(onV2.dueAt) - Date.parse(onV2.history[0]!.enteredAt)).toBe(20 * DAY);

  // The v1 case still walks v1: assessment leads to the supervisor review, which v2 removed.
  const moved = await h.http
    .post(`/v1/cases/${onV1.id}/complete-step`)
    .set(bearer(h.keys.admin))
    .send({ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' } });
  expect(moved.status).toBe(200);
  expect(moved.body).toMatchObject({ currentStep: 'review', definitionVersion: 1 });

  const movedV2 = await h.http
    .post(`/v1/cases/${onV2.id}/complete-step`)
    .set(bearer(h.keys.admin))
    .send({ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' } });
  expect(movedV2.body).toMatchObject({ currentStep: 'decision', definitionVersion: 2 });
});
