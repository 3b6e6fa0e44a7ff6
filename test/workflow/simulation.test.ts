// The simulation against the real thing: the same definition and path walked by the simulator
// (state machine on a virtual clock) and by the case workflow on the time-skipping server with
// the recording activities. Steps, due dates, reminders, escalations and partner updates must
// match to the minute.
import type { WorkflowHandle } from '@temporalio/client';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../definitions/load';
import type { ResolvedDefinition } from '../../definitions/schema';
import { caseWorkflowV2 } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import { caseStateQuery, completeStepUpdate, externalEventSignal } from '../../contract/messages';
import type { NotificationRequest } from '../../contract/activities';
import { defaultPartners, planSimulation, type SimulationRequest } from '../../simulation/plan';
import { recipientRole, timelineOf, type Timeline } from '../../simulation/timeline';
import { simulatedStart, walkCase, type Walk } from '../../simulation/walk';
import { miniDefinition, waitingDefinition } from '../support/case-fixtures';
import { caseWorkerSuite, recordingActivities, settled } from '../support/case-worker';

jest.setTimeout(300_000);

const recorder = recordingActivities();
const suite = caseWorkerSuite('simulation', () => recorder.activities);
const kenya = loadDefinitionsDir(SAMPLES_DIR).find((d) => d.definition.id === 'resettlement.ke')?.definition;
const MINUTE = 60_000;

type Row = (string | number | null)[];

/** Minutes from the start, rounded: the unit in which both runs must agree. */
const minutes = (iso: string | null | undefined, start: number) =>
  iso ? Math.round((Date.parse(iso) - start) / MINUTE) : null;

async function sleepUntil(handle: WorkflowHandle, at: number): Promise<void> {
  const now = await suite.env.currentTimeMs();
  if (at > now) await suite.env.sleep(at - now);
  await settled(handle);
}

/** Replays the simulation's actions on the real workflow, each at the same time after its step was entered. */
async function replay(handle: WorkflowHandle, walk: Walk): Promise<void> {
  const simEntered = (visit: number) =>
    Date.parse(walk.state.history.find((h) => h.visit === visit)?.enteredAt ?? '');
  for (const action of walk.actions) {
    let view = await handle.query(caseStateQuery);
    for (let tries = 0; view.history.length < action.visit && tries < 10; tries++) {
      // The step is entered by a timer or timeout: as long after the real visit before it as simulated.
      const last = view.history[view.history.length - 1];
      const since = simEntered(action.visit) - simEntered(last?.visit ?? 1);
      await sleepUntil(handle, Date.parse(last?.enteredAt ?? '') + since + 1000 * (tries + 1));
      view = await handle.query(caseStateQuery);
    }
    expect([view.history.length, view.currentStep]).toEqual([action.visit, action.step]);
    const realEntered = Date.parse(view.history[action.visit - 1]?.enteredAt ?? '');
    const later = action.at - simEntered(action.visit);
    // A second after what is due at that instant, so that the reminders of that instant fire first, as simulated.
    if (later > 0) await sleepUntil(handle, realEntered + later + 1000);
    if (action.kind === 'complete') await handle.executeUpdate(completeStepUpdate, { args: [action.input] });
    else await handle.signal(externalEventSignal, action.input);
    await settled(handle);
  }
}

function simulatedRows(timeline: Timeline, start: number) {
  return {
    visits: timeline.visits.map((v): Row => [
      v.visit,
      v.step,
      v.outcome,
      minutes(v.enteredAt, start),
      minutes(v.dueAt, start),
      minutes(v.leftAt, start),
    ]),
    messages: timeline.messages
      .map((m): Row => [minutes(m.at, start), m.kind, m.visit, m.step, m.rule, m.occurrence, m.role])
      .sort(byTimeThenText),
    partners: timeline.partnerEvents.map((e): Row => [minutes(e.at, start), e.event, e.status, e.sequence]),
  };
}

function byTimeThenText(a: Row, b: Row): number {
  return Number(a[0]) - Number(b[0]) || JSON.stringify(a).localeCompare(JSON.stringify(b));
}

function realRows(
  caseId: string,
  history: Awaited<ReturnType<typeof caseWorkflowV2>>['history'],
  start: number,
) {
  const ofCase = recorder.calls.filter((c) =>
    c.activity === 'deliverNotification'
      ? c.request.case.caseId === caseId
      : c.activity === 'publishPartnerUpdate'
        ? c.update.case.caseId === caseId
        : false,
  );
  const messages = ofCase.flatMap((c) =>
    c.activity === 'deliverNotification' ? [{ at: c.at, request: c.request }] : [],
  );
  const row = ({ at, request }: { at: number; request: NotificationRequest }): Row => [
    Math.round((at - start) / MINUTE),
    request.kind,
    request.step?.visit ?? history.length,
    request.step?.id ?? '',
    request.detail?.rule ?? null,
    request.detail?.occurrence ? Number(request.detail.occurrence) : null,
    recipientRole(request),
  ];
  return {
    visits: history.map((h): Row => [
      h.visit,
      h.step,
      h.outcome ?? null,
      minutes(h.enteredAt, start),
      minutes(h.dueAt, start),
      h.outcome ? minutes(h.leftAt, start) : null,
    ]),
    messages: messages.map(row).sort(byTimeThenText),
    partners: ofCase.flatMap((c): Row[] =>
      c.activity === 'publishPartnerUpdate'
        ? [[Math.round((c.at - start) / MINUTE), c.update.event, c.update.status, c.update.sequence ?? 0]]
        : [],
    ),
  };
}

/** Simulates, runs the same path for real, and returns both as rows. */
async function simulateAndRun(
  caseId: string,
  definition: ResolvedDefinition,
  request: Omit<SimulationRequest, 'start' | 'partners'>,
) {
  const partners = defaultPartners();
  const draft = planSimulation(definition, { ...request, partners, start: 0 });
  const handle = await suite.env.client.workflow.start(caseWorkflowV2, {
    taskQueue: 'simulation',
    workflowId: caseWorkflowId(caseId),
    args: [{ ...simulatedStart(definition, 1, draft), caseId, reference: caseId }],
  });
  await settled(handle);
  const start = Date.parse((await handle.query(caseStateQuery)).history[0]?.enteredAt ?? '');
  const plan = { ...draft, start };
  const walk = walkCase(definition, 1, plan);
  const timeline = timelineOf(walk, plan, 1);
  await replay(handle, walk);
  await sleepUntil(handle, Date.parse(timeline.end?.at ?? '') + MINUTE);
  const result = await handle.result();
  return {
    simulated: simulatedRows(timeline, start),
    real: realRows(caseId, result.history, start),
    timeline,
  };
}

it('matches a Kenyan emergency case with an interview three days late (reminders, escalation) to the minute', async () => {
  if (!kenya) throw new Error('definitions/samples has no resettlement.ke');
  const { simulated, real, timeline } = await simulateAndRun('sim-ke-1', kenya, {
    priority: 'emergency',
    path: [
      { step: 'state_decision', outcome: 'accepted' },
      { step: 'travel_documents', outcome: 'issued' },
    ],
    overdue: { interview: 'P3D' },
  });
  expect(real.visits).toEqual(simulated.visits);
  expect(real.messages).toEqual(simulated.messages);
  expect(real.partners).toEqual(simulated.partners);
  // The run is the one the test meant: the late interview escalated to a supervisor, the case resettled.
  expect(simulated.messages).toContainEqual([
    expect.any(Number),
    'escalation',
    4,
    'interview',
    'escalate_to_supervisor',
    1,
    'supervisor',
  ]);
  expect(timeline.end).toMatchObject({ step: 'closed_resettled', reason: 'resettled' });
});

it('matches a case returned by its reviewer, a wait that times out, a timer and a late task', async () => {
  const { simulated, real } = await simulateAndRun('sim-mini-1', miniDefinition, {
    priority: 'urgent',
    path: [
      { step: 'review', outcome: 'returned' },
      { step: 'review', outcome: 'approved' },
      { step: 'decision', outcome: 'deferred' },
      { step: 'decision', outcome: 'accepted' },
    ],
    overdue: { assessment: 'P2D' },
  });
  expect(real.visits).toEqual(simulated.visits);
  expect(real.messages).toEqual(simulated.messages);
  expect(real.partners).toEqual(simulated.partners);
  expect(simulated.visits.map((v) => [v.at(1), v.at(2)])).toEqual([
    ['assessment', 'assessed'],
    ['review', 'returned'],
    ['assessment', 'assessed'],
    ['review', 'approved'],
    ['decision', 'deferred'],
    ['review', 'approved'],
    ['decision', 'accepted'],
    ['travel', 'elapsed'],
    ['arrived', null],
  ]);
  expect(simulated.messages.filter((m) => m[1] === 'escalation')).toHaveLength(2);
});

it('matches a German case across the change to summer time, with a late eligibility check escalated', async () => {
  const germany = loadDefinitionsDir(SAMPLES_DIR).find(
    (d) => d.definition.id === 'family-reunification.de',
  )?.definition;
  if (!germany) throw new Error('definitions/samples has no family-reunification.de');
  // Skip ahead to 20 March: the check falls due, is reminded and escalated across 28 March (CET → CEST).
  const now = new Date(await suite.env.currentTimeMs());
  const march = Date.UTC(now.getUTCFullYear() + (now.getUTCMonth() >= 2 ? 1 : 0), 2, 20, 8);
  await suite.env.sleep(march - now.getTime());
  const { simulated, real, timeline } = await simulateAndRun('sim-de-1', germany, {
    priority: 'urgent',
    path: [
      { step: 'document_collection', outcome: 'complete' },
      { step: 'embassy_appointment', outcome: 'booked' },
      { step: 'immigration_authority_approval', outcome: 'pre_approved' },
      { step: 'embassy_decision', outcome: 'granted' },
    ],
    overdue: { eligibility_check: 'P20D' },
  });
  expect(real.visits).toEqual(simulated.visits);
  expect(real.messages).toEqual(simulated.messages);
  expect(real.partners).toEqual(simulated.partners);
  const check = timeline.visits.find((v) => v.step === 'eligibility_check');
  // Entered in winter time, due in summer time: the same wall-clock hour, 14 days on.
  expect([check?.enteredAt.slice(-6), check?.dueAt?.slice(-6)]).toEqual(['+01:00', '+02:00']);
  expect(check?.enteredAt.slice(11, 16)).toBe(check?.dueAt?.slice(11, 16));
  expect(simulated.messages.filter((m) => m[1] === 'escalation')).toHaveLength(1);
});

it('matches a wait nobody answers: escalated from entry, reminded before its timeout, then closed', async () => {
  const { simulated, real } = await simulateAndRun('sim-wait-1', waitingDefinition, {
    priority: 'normal',
    path: [],
    overdue: {},
  });
  expect(real.visits).toEqual(simulated.visits);
  expect(real.messages).toEqual(simulated.messages);
  expect(simulated.messages.map((m) => m[1])).toEqual(['escalation', 'reminder_before_due']);
});
