// The simulator over the real state machine: timelines in the country's time zone, reminders
// and escalations with their recipients and language, partner events as the sharing policy
// shapes them, and every wrong name in a request reported with a did-you-mean.
import { loadDefinitionsDir, SAMPLES_DIR } from '../../../definitions/load';
import type { ResolvedDefinition } from '../../../definitions/schema';
import {
  defaultPartners,
  parseOverdueText,
  parsePathText,
  SimulationError,
  type SimulationRequest,
} from '../../../simulation/plan';
import { simulate } from '../../../simulation/timeline';
import { parseLocal, simulationStart } from '../../../simulation/local-time';
import { HISTORY_KEPT } from '../../../contract/case-view';
import { miniDefinition, waitingDefinition } from '../../support/case-fixtures';

const samples = new Map(loadDefinitionsDir(SAMPLES_DIR).map((d) => [d.definition.id, d.definition]));
const sample = (id: string): ResolvedDefinition => {
  const found = samples.get(id);
  if (!found) throw new Error(`no sample ${id}`);
  return found;
};
const kenya = sample('resettlement.ke');
const decided = [
  { step: 'state_decision', outcome: 'accepted' },
  { step: 'travel_documents', outcome: 'issued' },
];

function request(overrides: Partial<SimulationRequest> = {}): SimulationRequest {
  return {
    priority: 'emergency',
    path: decided,
    overdue: {},
    partners: defaultPartners(),
    start: parseLocal('2027-01-04', 'Africa/Nairobi') as number,
    ...overrides,
  };
}

function problemsOf(work: () => unknown): { path: string; message: string }[] {
  try {
    work();
  } catch (error) {
    if (error instanceof SimulationError) return error.problems;
    throw error;
  }
  throw new Error('expected a SimulationError');
}

describe('a simulated case', () => {
  it('walks every step to the end, with each due date in the country time zone', () => {
    const timeline = simulate(kenya, request(), 3);
    expect(timeline).toMatchObject({
      definitionId: 'resettlement.ke',
      version: 3,
      timeZone: 'Africa/Nairobi',
    });
    expect(timeline.start).toBe('2027-01-04T09:00:00+03:00');
    expect(timeline.visits[0]).toMatchObject({
      step: 'identification',
      enteredAt: '2027-01-04T09:00:00+03:00',
      dueAt: '2027-01-06T09:00:00+03:00', // emergency: P2D
      outcome: 'referred',
      leftBy: 'caseworker',
    });
    expect(timeline.visits.find((v) => v.step === 'security_screening')?.dueAt).toBe(
      '2027-01-09T09:00:00+03:00',
    );
    // Three timers (3, 3 and 6 months) after departure, then the end.
    expect(timeline.end).toEqual({
      at: '2028-01-04T09:00:00+03:00',
      step: 'closed_resettled',
      reason: 'resettled',
    });
  });

  it('sends no reminder when every step is done at once, and the late step its reminders and escalation', () => {
    expect(simulate(kenya, request()).messages.filter((m) => m.reminder)).toEqual([]);
    const late = simulate(kenya, request({ overdue: { interview: '3d' }, language: 'fr' }));
    expect(
      late.messages.filter((m) => m.reminder).map((m) => [m.at, m.kind, m.rule, m.role, m.language]),
    ).toEqual([
      ['2027-01-06T09:00:00+03:00', 'reminder_before_due', 'due_soon', 'caseworker', 'fr'],
      ['2027-01-07T09:00:00+03:00', 'due_today', 'due_today', 'caseworker', 'fr'],
      ['2027-01-08T09:00:00+03:00', 'overdue', 'overdue_daily', 'caseworker', 'fr'],
      ['2027-01-09T09:00:00+03:00', 'overdue', 'overdue_daily', 'caseworker', 'fr'],
      ['2027-01-10T09:00:00+03:00', 'overdue', 'overdue_daily', 'caseworker', 'fr'],
      ['2027-01-10T09:00:00+03:00', 'escalation', 'escalate_to_supervisor', 'supervisor', 'fr'],
    ]);
    const interview = late.visits.find((v) => v.step === 'interview');
    expect(interview).toMatchObject({
      dueAt: '2027-01-07T09:00:00+03:00',
      leftAt: '2027-01-10T09:00:00+03:00',
    });
  });

  it('lets a wait time out unless the path gives its event, and takes the way forward otherwise', () => {
    const kenyan = simulate(kenya, request());
    expect(kenyan.visits.find((v) => v.step === 'state_decision')).toMatchObject({
      outcome: 'accepted',
      leftAt: kenyan.visits.find((v) => v.step === 'state_decision')?.enteredAt,
      leftBy: 'event:state_decision',
    });
    // Not on the path: the wait's timeout (escalated from entry, reminded before the timeout).
    const waited = simulate(waitingDefinition, request({ path: [], priority: 'normal' }));
    expect(waited.visits.map((v) => [v.step, v.outcome, v.leftBy, v.leftAt])).toEqual([
      ['decision', 'no_decision', 'timeout', '2027-03-05T09:00:00+03:00'],
      ['closed', null, null, null],
    ]);
    expect(waited.messages.map((m) => [m.at, m.kind, m.role])).toEqual([
      ['2027-02-03T09:00:00+03:00', 'escalation', 'supervisor'],
      ['2027-02-26T09:00:00+03:00', 'reminder_before_due', 'caseworker'],
    ]);
    // Asking for the outcome the timeout brings is the timeout; a wait without one takes its first outcome at once.
    const asked = simulate(
      waitingDefinition,
      request({ path: [{ step: 'decision', outcome: 'no_decision' }] }),
    );
    expect(asked.visits[0]).toMatchObject({ outcome: 'no_decision', leftBy: 'timeout' });
  });

  it('follows returns and repeated visits in the order the path gives them', () => {
    const timeline = simulate(
      miniDefinition,
      request({
        path: [
          { step: 'review', outcome: 'returned' },
          { step: 'review', outcome: 'approved' },
          { step: 'decision', outcome: 'deferred' },
          { step: 'decision', outcome: 'accepted' },
        ],
      }),
    );
    expect(timeline.visits.map((v) => `${v.step}:${v.outcome ?? 'end'}:${v.leftBy ?? ''}`)).toEqual([
      'assessment:assessed:caseworker',
      'review:returned:supervisor',
      'assessment:assessed:caseworker',
      'review:approved:supervisor',
      'decision:deferred:timeout',
      'review:approved:supervisor',
      'decision:accepted:event:state_decision',
      'travel:elapsed:timer',
      'arrived:end:',
    ]);
  });

  it('lists every visit of a path that loops more often than a case keeps visits in its state', () => {
    const rounds = HISTORY_KEPT;
    const timeline = simulate(
      miniDefinition,
      request({
        path: [
          ...Array.from({ length: rounds }, () => ({ step: 'review', outcome: 'returned' })),
          { step: 'review', outcome: 'approved' },
          { step: 'decision', outcome: 'accepted' },
        ],
      }),
    );
    const visits = 2 * rounds + 5;
    expect(timeline.visits.map((v) => v.visit)).toEqual(Array.from({ length: visits }, (_, i) => i + 1));
    expect(timeline.visits.slice(0, 2).map((v) => [v.step, v.kind, v.outcome, v.leftBy])).toEqual([
      ['assessment', 'task', 'assessed', 'caseworker'],
      ['review', 'approval', 'returned', 'supervisor'],
    ]);
    expect(timeline.visits.at(-1)).toMatchObject({ step: 'arrived', kind: 'end', outcome: null });
  });

  it('walks a published version (stored without key order) as its draft: the way forward, not the first key', () => {
    // PostgreSQL jsonb orders an object's keys by length, then bytes: so does this copy.
    const reordered = JSON.parse(
      JSON.stringify(kenya, (_key, value: unknown) =>
        value && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(
              Object.entries(value).sort(([a], [b]) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)),
            )
          : value,
      ),
    ) as ResolvedDefinition;
    const needs = reordered.steps.find((s) => s.id === 'needs_assessment');
    expect(Object.keys(needs && 'outcomes' in needs ? needs.outcomes : {})[0]).toBe('not_eligible');
    const draft = simulate(kenya, request());
    const published = simulate(reordered, request());
    expect(published.visits).toEqual(draft.visits);
    expect(draft.visits.map((v) => v.outcome).slice(0, 6)).toEqual([
      'referred',
      'confirmed',
      'resettlement_needed',
      'completed',
      'ready_for_review',
      'approved',
    ]);
  });

  it('reports a path that never ends instead of walking it forever', () => {
    const problems = problemsOf(() => simulate(kenya, request({ path: [] })));
    expect(problems[0]?.message).toMatch(
      /does not reach an end within 200 steps; it loops .*state_decision:no_decision/,
    );
  });

  it('uses the country language and zone by default', () => {
    const ecuador = simulate(
      sample('resettlement.ec'),
      request({ start: parseLocal('2027-01-04', 'America/Guayaquil') as number }),
    );
    expect(ecuador.language).toBe('es');
    expect(ecuador.visits[0]?.enteredAt).toBe('2027-01-04T09:00:00-05:00');
    expect(ecuador.messages[0]).toMatchObject({ kind: 'task_assigned', role: 'caseworker', language: 'es' });
  });

  it('starts at a local time in the zone, tomorrow 09:00 unless told, and refuses a date that does not exist', () => {
    expect(simulationStart('2027-01-04T14:30', 'Africa/Nairobi', 0)).toBe(Date.parse('2027-01-04T11:30:00Z'));
    expect(simulationStart(undefined, 'America/Guayaquil', Date.parse('2027-06-01T03:00:00Z'))).toBe(
      Date.parse('2027-06-01T14:00:00Z'), // 31 May 22:00 in Guayaquil: tomorrow is 1 June
    );
    expect(simulationStart('2027-02-30', 'Africa/Nairobi', 0)).toBeUndefined();
    expect(simulationStart('2027-01-04T24:00', 'Africa/Nairobi', 0)).toBeUndefined();
  });

  it('answers in well under a second', () => {
    const began = performance.now();
    simulate(kenya, request({ overdue: { interview: '3d', rrf: '2w' } }));
    expect(performance.now() - began).toBeLessThan(500);
  });
});

describe('partner events', () => {
  it('carry what the profile lists: case facts, and personal fields only by webhook with consent', () => {
    const timeline = simulate(
      kenya,
      request({
        partners: [
          {
            role: 'referring',
            profile: { fields: ['country', 'givenName'], events: ['step_entered'] },
            consent: true,
            webhook: true,
          },
          {
            role: 'service',
            profile: { fields: ['givenName'], events: ['step_entered', 'case_closed'] },
            consent: false,
            webhook: true,
          },
          {
            role: 'receiving',
            profile: { fields: ['priority', 'givenName'], events: ['case_closed'] },
            consent: true,
            webhook: false,
          },
        ],
      }),
    );
    const first = timeline.partnerEvents.filter((e) => e.sequence === 1);
    expect(first).toEqual([
      {
        at: '2027-01-04T09:00:00+03:00',
        visit: 1,
        sequence: 1,
        partner: 'partner-1 (referring)',
        event: 'step_entered',
        status: 'Referral received',
        step: null,
        facts: { country: 'KE' },
        personalFields: ['givenName'],
      },
      expect.objectContaining({ partner: 'partner-2 (service)', facts: {}, personalFields: [] }),
    ]);
    const closed = timeline.partnerEvents.filter((e) => e.event === 'case_closed');
    expect(closed.map((e) => [e.partner, e.status, e.facts, e.personalFields])).toEqual([
      ['partner-2 (service)', 'Closed', {}, []],
      ['partner-3 (receiving)', 'Closed', { priority: 'emergency' }, []],
    ]);
  });
});

describe('a request with wrong names', () => {
  it('names the step or outcome and suggests the likely one', () => {
    const problems = problemsOf(() =>
      simulate(
        kenya,
        request({
          path: [
            { step: 'interveiw', outcome: 'completed' },
            { step: 'interview', outcome: 'complted' },
            { step: 'wait_3_months', outcome: 'elapsed' },
          ],
          overdue: { state_decision: '3d', rrf: 'soon', screening: '1d' },
        }),
      ),
    );
    expect(problems).toEqual([
      {
        path: 'path[0].step',
        message: '"interveiw" is not a step of resettlement.ke — did you mean "interview"?',
      },
      {
        path: 'path[1].outcome',
        message:
          'step "interview" has outcomes completed, withdrawn, not "complted" — did you mean "completed"?',
      },
      {
        path: 'path[2].outcome',
        message: '"wait_3_months" is a timer step: it takes its only outcome when its time is up',
      },
      {
        path: 'overdue.state_decision',
        message: '"state_decision" is a wait step: only tasks and approvals are completed late',
      },
      { path: 'overdue.rrf', message: '"soon" is not a duration (3d, 12h, 2w or ISO-8601 such as P3D)' },
      { path: 'overdue.screening', message: '"screening" is not a step of resettlement.ke' },
    ]);
  });

  it('reads the command line’s path and overdue lists, naming a malformed piece', () => {
    expect(parsePathText('interview:completed, review:approved')).toEqual([
      { step: 'interview', outcome: 'completed' },
      { step: 'review', outcome: 'approved' },
    ]);
    expect(problemsOf(() => parsePathText('interview:completed,review'))).toEqual([
      { path: 'path[1]', message: '"review" is not step:outcome' },
    ]);
    expect(parseOverdueText('interview=3d,rrf=PT12H')).toEqual({ interview: '3d', rrf: 'PT12H' });
    expect(Object.keys(parseOverdueText('__proto__=1d'))).toEqual(['__proto__']);
    expect(problemsOf(() => parseOverdueText('interview'))).toEqual([
      { path: 'overdue', message: '"interview" is not step=duration (e.g. interview=3d)' },
    ]);
  });
});

describe('a simulated case that counts working days (Jordan: Friday and Saturday off)', () => {
  // Sunday 23 August 2026; Tuesday 25 August is the Prophet's Birthday in the sample's calendar.
  const jordan = sample('resettlement.jo');
  const timeline = simulate(
    jordan,
    request({ overdue: { identification: '4d' }, start: parseLocal('2026-08-23', 'Asia/Amman') as number }),
  );
  const weekday = (at: string) =>
    new Date(`${at.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en', { weekday: 'long', timeZone: 'UTC' });

  it('puts a deadline in working days past the holiday, and a calendar deadline anywhere', () => {
    expect(timeline.visits.slice(0, 3).map((v) => [v.step, v.enteredAt, v.dueAt])).toEqual([
      // 2 working days: Monday, (Tuesday's holiday), Wednesday.
      ['identification', '2026-08-23T09:00:00+03:00', '2026-08-26T09:00:00+03:00'],
      // Entered on Sunday 30 (late): Monday 31, Tuesday 1.
      ['registration_check', '2026-08-30T09:00:00+03:00', '2026-09-01T09:00:00+03:00'],
      // P3D, calendar days, as in the base.
      ['needs_assessment', '2026-08-30T09:00:00+03:00', '2026-09-02T09:00:00+03:00'],
    ]);
  });

  it('reminds and escalates on working days only: not on the holiday, not over the weekend', () => {
    const reminders = timeline.messages
      .filter((m) => m.reminder && m.step === 'identification')
      .map((m) => [m.at, m.rule, m.role]);
    expect(reminders).toEqual([
      // 1 working day before Wednesday's deadline skips Tuesday's holiday.
      ['2026-08-24T09:00:00+03:00', 'due_soon', 'caseworker'],
      ['2026-08-26T09:00:00+03:00', 'due_today', 'caseworker'],
      // Every working day after it: Thursday, then (Friday, Saturday off) Sunday.
      ['2026-08-27T09:00:00+03:00', 'overdue_daily', 'caseworker'],
      ['2026-08-30T09:00:00+03:00', 'overdue_daily', 'caseworker'],
      // 2 working days after the deadline: Thursday, Sunday.
      ['2026-08-30T09:00:00+03:00', 'escalate_to_supervisor', 'supervisor'],
    ]);
    const days = new Set(reminders.map(([at]) => weekday(at as string)));
    expect([...days].filter((day) => ['Friday', 'Saturday'].includes(day))).toEqual([]);
    expect(reminders.some(([at]) => (at as string).startsWith('2026-08-25'))).toBe(false);
  });
});
