import {
  caseView,
  completeStep,
  nextWakeAt,
  receiveEvent,
  startCase,
  tick,
} from '../../../workflows/machine';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../../definitions/load';
import { caseworker, DAY, miniCase, supervisor } from '../../support/case-fixtures';
import { effectsOf, messages, ok, recorded } from './helpers';

const T0 = Date.parse('2026-03-02T06:00:00Z'); // 09:00 in Nairobi
const assessed = {
  step: 'assessment',
  outcome: 'assessed',
  data: { category: 'medical_needs' },
  actor: caseworker,
};

describe('walking the steps', () => {
  it('starts on the start step with a deadline from the priority, and records, notifies, projects', () => {
    const { state, effects } = startCase(miniCase('c1'), 'case-c1', T0);
    expect(state.current).toMatchObject({ visit: 1, step: 'assessment', baseDueAt: T0 + 5 * DAY });
    expect(recorded(effects)).toEqual(['case_started', 'step_entered']);
    expect(messages(effects)).toEqual(['task_assigned c1:v1:enter:notify0:1']);
    expect(effectsOf(effects, 'partner_update').map((e) => [e.update.eventKey, e.update.status])).toEqual([
      ['c1:v1:entered', 'Assessment'],
    ]);
    expect(effectsOf(effects, 'project_case')[0]?.snapshot).toMatchObject({
      status: 'open',
      currentStep: 'assessment',
      currentVisit: 1,
    });
    expect(effectsOf(effects, 'search_attributes')[0]?.attributes).toEqual({
      status: 'open',
      program: 'resettlement',
      country: 'KE',
      step: 'assessment',
      priority: 'normal',
      dueAt: new Date(T0 + 5 * DAY).toISOString(),
    });
  });

  it("tells a four-eyes review's task message who may not act on it: the one who completed the step before", () => {
    const definition = {
      ...miniCase('c1f').definition,
      steps: miniCase('c1f').definition.steps.map((s) =>
        s.id === 'review'
          ? {
              ...s,
              fourEyes: true,
              notify: [
                ...s.notify,
                { on: 'enter' as const, to: 'assignee' as const, template: 'task_assigned' as const },
              ],
            }
          : s,
      ),
    };
    const started = startCase(miniCase('c1f', { definition }), 'case-c1f', T0);
    const { effects } = ok(completeStep(started.state, assessed, T0 + DAY));
    const task = effectsOf(effects, 'notify').find((e) => e.request.kind === 'task_assigned');
    expect(task?.request.step).toMatchObject({ id: 'review', owner: 'supervisor', excluded: caseworker.id });
  });

  it('gives an emergency case its own, shorter deadline', () => {
    const { state } = startCase(miniCase('c2', { priority: 'emergency' }), 'case-c2', T0);
    expect(state.current?.baseDueAt).toBe(T0 + DAY);
  });

  it('counts calendar days in the country time zone across a daylight-saving change', () => {
    const berlin = { ...miniCase('c2b').definition, timeZone: 'Europe/Berlin' };
    const entered = Date.parse('2026-03-27T10:00:00Z'); // 11:00 in Berlin, two days before summer time
    const { state } = startCase(
      miniCase('c2b', { definition: berlin, priority: 'urgent' }),
      'case-c2b',
      entered,
    );
    expect(new Date(state.current?.baseDueAt ?? 0).toISOString()).toBe('2026-03-30T09:00:00.000Z'); // 11:00 CEST
  });

  it('follows an outcome to its next step as a new visit, recording the visit it left', () => {
    const started = startCase(miniCase('c3'), 'case-c3', T0);
    const { state, effects } = ok(completeStep(started.state, assessed, T0 + DAY));
    expect(state.current).toMatchObject({ visit: 2, step: 'review', baseDueAt: T0 + 3 * DAY });
    expect(state.history.map((h) => [h.step, h.outcome, h.actor])).toEqual([
      ['assessment', 'assessed', caseworker.id],
      ['review', undefined, undefined],
    ]);
    expect(effectsOf(effects, 'record_visit').map((v) => [v.visit.visit, v.visit.leftAt !== null])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(recorded(effects)).toEqual(['step_completed', 'step_entered']);
  });

  it('returns to an earlier step by an outcome and counts it as a new visit', () => {
    let state = startCase(miniCase('c4'), 'case-c4', T0).state;
    state = ok(completeStep(state, assessed, T0 + DAY)).state;
    const back = ok(
      completeStep(state, { step: 'review', outcome: 'returned', data: {}, actor: supervisor }, T0 + 2 * DAY),
    );
    expect(back.state.current).toMatchObject({ visit: 3, step: 'assessment', sent: {} });
    expect(messages(back.effects)).toEqual([
      'step_completed c4:v2:outcome:notify0:1',
      'task_assigned c4:v3:enter:notify0:1',
    ]);
  });

  it('leaves a wait step by its timeout outcome when no event comes', () => {
    let state = startCase(miniCase('c5'), 'case-c5', T0).state;
    state = ok(completeStep(state, assessed, T0)).state;
    state = ok(
      completeStep(state, { step: 'review', outcome: 'approved', data: {}, actor: supervisor }, T0),
    ).state;
    expect(state.current?.step).toBe('decision');
    expect(nextWakeAt(state)).toBe(T0 + 30 * DAY);
    expect(tick(state, T0 + 30 * DAY - 1).effects).toEqual([]);
    const timedOut = tick(state, T0 + 30 * DAY);
    expect(timedOut.state.current?.step).toBe('review');
    expect(timedOut.state.history[2]).toMatchObject({ outcome: 'deferred', actor: 'system:timeout' });
  });

  it('runs a timer step to its end and then reaches the end step, closing the case', () => {
    let state = startCase(miniCase('c6'), 'case-c6', T0).state;
    state = ok(completeStep(state, assessed, T0)).state;
    state = ok(
      completeStep(state, { step: 'review', outcome: 'approved', data: {}, actor: supervisor }, T0),
    ).state;
    state = receiveEvent(
      state,
      { event: 'state_decision', outcome: 'accepted', data: {}, eventId: 'e1' },
      T0,
    ).state;
    expect(state.current).toMatchObject({ step: 'travel', baseDueAt: T0 + 7 * DAY });
    expect(nextWakeAt(state)).toBe(T0 + 7 * DAY);
    const arrived = tick(state, T0 + 7 * DAY);
    expect(arrived.state).toMatchObject({
      status: 'closed',
      closureReason: 'resettled',
      current: { step: 'arrived' },
    });
    expect(
      effectsOf(arrived.effects, 'partner_update').map((e) => [
        e.update.event,
        e.update.status,
        e.update.closure,
        e.update.lastStatus,
      ]),
    ).toEqual([
      ['case_closed', 'Closed', { reason: 'resettled', description: 'Arrived' }, 'Awaiting decision'],
    ]);
    expect(nextWakeAt(arrived.state)).toBeNull();
    expect(caseView(arrived.state, T0 + 8 * DAY)).toMatchObject({
      status: 'closed',
      currentStep: 'arrived',
      dueAt: null,
    });
  });
});

describe('the case view', () => {
  it('shows the due date, the overdue flag and the pending reminders', () => {
    const { state } = startCase(miniCase('v1'), 'case-v1', T0);
    const view = caseView(state, T0 + 6 * DAY);
    expect(view).toMatchObject({
      currentStep: 'assessment',
      dueAt: new Date(T0 + 5 * DAY).toISOString(),
      overdue: true,
      status: 'open',
    });
    expect(view.pendingReminders.map((r) => [r.rule, r.occurrence, r.to])).toEqual([
      ['soon', 1, 'amina@pathways.test'],
      ['today', 1, 'amina@pathways.test'],
      ['daily', 1, 'amina@pathways.test'],
      ['supervisor', 1, 'role:supervisor'],
    ]);
    expect(caseView(state, T0).overdue).toBe(false);
  });
});

describe('what a step message carries', () => {
  it('the step title in every language the definition translates it to, and the role that may complete it', () => {
    const ecuador = loadDefinitionsDir(SAMPLES_DIR).find(
      (d) => d.definition.id === 'resettlement.ec',
    )!.definition;
    const { effects } = startCase(miniCase('t1', { definition: ecuador }), 'case-t1', T0);
    expect(effectsOf(effects, 'notify')[0]?.request.step).toMatchObject({
      id: 'identification',
      title: 'Identification and referral',
      owner: 'caseworker',
      titles: { es: 'Identificación y referencia' },
    });
  });
});
