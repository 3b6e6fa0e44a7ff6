// A case on hold keeps the external events it receives for its resume. Unbounded, events sent to
// it (each up to the body limit) grew the workflow's state until its continue-as-new input passed
// Temporal's payload limit (2 MB): every workflow task of the case then failed, so its reminders
// stopped and every action but resume answered 503. Real API, Temporal dev server (its limits),
// worker and PostgreSQL.
import { temporal } from '@temporalio/proto';
import { caseWorkflowId } from '../../contract/keys';
import { database } from '../../lib/database';
import { WAITING_EVENTS_LIMIT } from '../../workflows/machine/controls';
import { bearer, startApiHarness, startBody, type ApiHarness } from './api-harness';

jest.setTimeout(300_000);

const EventType = temporal.api.enums.v1.EventType;
let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
}, 120_000);
afterAll(() => h?.close());

/** Data as large as one request may carry: 48 fields of 5,000 characters (about 240 kB). */
function largestData(n: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`f${i}`, `${n}`.padEnd(5000, 'x')]));
}

it('a case on hold keeps what its bounds allow, records the rest as ignored, and keeps running', async () => {
  const started = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;
  const act = (action: string, body: object, key = h.keys.caseworker) =>
    h.http.post(`/v1/cases/${caseId}/${action}`).set(bearer(key)).send(body);
  expect((await act('hold', { reason: 'waiting for documents' })).status).toBe(200);

  const event = (eventId: string, data: object = {}) =>
    act('events', { event: 'documents_received', outcome: 'complete', eventId, data });
  for (let n = 0; n < 40; n += 1) expect((await event(`big-${n}`, largestData(n))).status).toBe(202);
  for (let n = 0; n < WAITING_EVENTS_LIMIT + 2; n += 1) expect((await event(`small-${n}`)).status).toBe(202);
  expect((await event('small-0')).status).toBe(202); // the same event again counts once

  // Still on hold, the case answers an action (it answered 503 while its tasks failed).
  const reassigned = await act('reassign', { assignee: h.staff.supervisor }, h.keys.supervisor);
  expect([reassigned.status, reassigned.body.status]).toEqual([200, 'on_hold']);
  const history = await h.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  const kinds = (history.events ?? []).map((e) => e.eventType);
  expect(kinds).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);

  expect((await act('resume', {})).status).toBe(200);
  const ignored = await database().caseEvent.findMany({
    where: { caseId, kind: 'external_event_ignored' },
  });
  const reasons = ignored.map((e) => [
    e.eventKey.split(':event:')[1],
    (e.detail as { reason: string }).reason,
  ]);
  // Every large event and the small ones past the limit: recorded as ignored while the case waited.
  // (Sorted: several are recorded within one millisecond.)
  const ids = (kept: boolean) =>
    reasons
      .filter(([, reason]) => (reason === 'too_many_waiting_events') !== kept)
      .map(([id]) => id!)
      .sort();
  expect(ids(false)).toEqual(
    [
      ...Array.from({ length: 40 }, (_, n) => `big-${n}`),
      `small-${WAITING_EVENTS_LIMIT}`,
      `small-${WAITING_EVENTS_LIMIT + 1}`,
    ].sort(),
  );
  // The ones kept waited for the resume and were then read against the step (none awaited here).
  expect(ids(true)).toEqual(Array.from({ length: WAITING_EVENTS_LIMIT }, (_, n) => `small-${n}`).sort());
});
