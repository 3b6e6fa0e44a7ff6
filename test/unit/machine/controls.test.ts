import {
  caseView,
  closeCase,
  completeStep,
  holdCase,
  nextWakeAt,
  reassignCase,
  receiveEvent,
  resumeCase,
  startCase,
  type CaseState,
} from '../../../workflows/machine';
import { WAITING_EVENT_DATA_LIMIT, WAITING_EVENTS_LIMIT } from '../../../workflows/machine/controls';
import type { ExternalEventInput } from '../../../contract/messages';
import { caseworker, DAY, miniCase, otherCaseworker, supervisor } from '../../support/case-fixtures';
import { effectsOf, messages, ok, recorded } from './helpers';

const T0 = Date.parse('2026-03-02T06:00:00Z');
const accepted: ExternalEventInput = {
  event: 'state_decision',
  outcome: 'accepted',
  data: {},
  eventId: 'state-dec-1',
};

function onDecision(): CaseState {
  let state = startCase(miniCase('k1'), 'case-k1', T0).state;
  state = ok(
    completeStep(
      state,
      { step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' }, actor: caseworker },
      T0,
    ),
  ).state;
  return ok(completeStep(state, { step: 'review', outcome: 'approved', data: {}, actor: supervisor }, T0))
    .state;
}

describe('case controls', () => {
  it('hold records, notifies, tells partners and projects; keys count controls', () => {
    const { state, effects } = ok(
      holdCase(
        startCase(miniCase('k2'), 'case-k2', T0).state,
        { reason: 'security screening', actor: supervisor },
        T0 + DAY,
      ),
    );
    expect(state).toMatchObject({
      status: 'on_hold',
      holdReason: 'security screening',
      holdStartedAt: T0 + DAY,
      controls: 1,
    });
    expect(recorded(effects)).toEqual(['case_on_hold']);
    expect(messages(effects)).toEqual(['case_on_hold k2:v1:hold:case:1']);
    expect(effectsOf(effects, 'partner_update').map((e) => [e.update.event, e.update.status])).toEqual([
      ['case_on_hold', 'Assessment'],
    ]);
    expect(effectsOf(effects, 'search_attributes')[0]?.attributes).toMatchObject({
      status: 'on_hold',
      dueAt: null,
    });
    const resumed = ok(resumeCase(state, { actor: supervisor }, T0 + 2 * DAY));
    expect(messages(resumed.effects)).toEqual(['case_resumed k2:v1:resume:case:2']);
  });

  it('close from any step ends the visit, records the reason and tells partners', () => {
    const { state, effects } = ok(
      closeCase(onDecision(), { reason: 'withdrawn', actor: supervisor }, T0 + DAY),
    );
    expect(state).toMatchObject({ status: 'closed', closureReason: 'withdrawn' });
    expect(state.history[2]).toMatchObject({ step: 'decision', leftAt: new Date(T0 + DAY).toISOString() });
    expect(recorded(effects)).toEqual(['case_closed']);
    expect(
      effectsOf(effects, 'partner_update').map((e) => [
        e.update.event,
        e.update.status,
        e.update.closure,
        e.update.lastStatus,
      ]),
    ).toEqual([
      ['case_closed', 'Closed', { reason: 'withdrawn', description: 'Withdrawn' }, 'Awaiting decision'],
    ]);
    expect(effectsOf(effects, 'project_case')[0]?.snapshot).toMatchObject({
      status: 'closed',
      closedAt: new Date(T0 + DAY).toISOString(),
      dueAt: null,
    });
  });

  it('numbers partner updates in the order the case moved, within one transition and across transitions', () => {
    const held = ok(holdCase(onDecision(), { reason: 'screening', actor: supervisor }, T0)).state;
    const waiting = receiveEvent(held, { ...accepted, outcome: 'rejected' }, T0).state;
    const resumed = ok(resumeCase(waiting, { actor: supervisor }, T0 + DAY));
    // assessment (1), decision (2), on hold (3), then resumed and closed by the deferred event in one transition.
    expect(
      effectsOf(resumed.effects, 'partner_update').map((e) => [e.update.sequence, e.update.event]),
    ).toEqual([
      [4, 'case_resumed'],
      [5, 'case_closed'],
    ]);
    expect(resumed.state.partnerEvents).toBe(5);
    const legacy = { ...onDecision(), partnerEvents: undefined }; // carried from a run that predates the counter
    expect(
      effectsOf(
        ok(holdCase(legacy, { reason: 'screening', actor: supervisor }, T0)).effects,
        'partner_update',
      )[0]?.update.sequence,
    ).toBe(1);
  });

  it('close of a held case also works', () => {
    const held = ok(holdCase(onDecision(), { reason: 'screening', actor: supervisor }, T0)).state;
    expect(ok(closeCase(held, { reason: 'not_eligible', actor: supervisor }, T0)).state.status).toBe(
      'closed',
    );
  });

  it('reassign changes the assignee of later messages and the projection', () => {
    const { state, effects } = ok(
      reassignCase(onDecision(), { assignee: otherCaseworker.id, actor: supervisor }, T0),
    );
    expect(state.assignee).toBe(otherCaseworker.id);
    expect(effectsOf(effects, 'project_case')[0]?.snapshot.assignee).toBe(otherCaseworker.id);
  });
});

describe('external events', () => {
  it('complete the awaited wait step with their outcome', () => {
    const { state, effects } = receiveEvent(onDecision(), accepted, T0 + DAY);
    expect(state.current?.step).toBe('travel');
    expect(state.history[2]).toMatchObject({ outcome: 'accepted', actor: 'event:state_decision' });
    expect(effectsOf(effects, 'record_event')[0]?.event).toMatchObject({
      eventKey: 'k1:event:state-dec-1',
      kind: 'external_event',
      step: 'decision',
      visit: 3,
      outcome: 'accepted',
    });
  });

  it('count once per eventId', () => {
    const once = receiveEvent(onDecision(), accepted, T0);
    const twice = receiveEvent(once.state, accepted, T0);
    expect(twice.effects).toEqual([]);
    expect(twice.state).toBe(once.state);
  });

  it('for another step are recorded as ignored and change nothing', () => {
    const state = startCase(miniCase('k3'), 'case-k3', T0).state;
    const { state: after, effects } = receiveEvent(state, accepted, T0);
    expect(after.current).toEqual(state.current);
    expect(effectsOf(effects, 'record_event').map((e) => [e.event.kind, e.event.detail])).toEqual([
      ['external_event_ignored', { event: 'state_decision', reason: 'not_awaited_on_assessment' }],
    ]);
    expect(receiveEvent(after, accepted, T0).effects).toEqual([]);
  });

  it('with an outcome the step does not have are ignored', () => {
    const { state, effects } = receiveEvent(onDecision(), { ...accepted, outcome: 'maybe' }, T0);
    expect(state.current?.step).toBe('decision');
    expect(effectsOf(effects, 'record_event')[0]?.event.detail).toMatchObject({
      reason: 'unknown_outcome_maybe',
    });
  });

  it('received on hold wait for resume, then apply', () => {
    const held = ok(holdCase(onDecision(), { reason: 'screening', actor: supervisor }, T0)).state;
    const deferred = receiveEvent(held, accepted, T0 + DAY);
    expect(deferred.state.current?.step).toBe('decision');
    expect(deferred.state.deferredEvents).toHaveLength(1);
    const resumed = ok(resumeCase(deferred.state, { actor: supervisor }, T0 + 2 * DAY));
    expect(resumed.state.current?.step).toBe('travel');
    expect(resumed.state.deferredEvents).toEqual([]);
    expect(recorded(resumed.effects)).toEqual([
      'case_resumed',
      'external_event',
      'step_completed',
      'step_entered',
    ]);
  });

  it('received on hold are kept within bounds: a second copy counts once, the rest is ignored', () => {
    let state = ok(holdCase(onDecision(), { reason: 'screening', actor: supervisor }, T0)).state;
    const other = (n: number, data: ExternalEventInput['data'] = {}) => ({
      ...accepted,
      event: 'documents_received',
      eventId: `docs-${n}`,
      data,
    });
    for (let n = 0; n < WAITING_EVENTS_LIMIT - 1; n += 1) state = receiveEvent(state, other(n), T0).state;
    expect(receiveEvent(state, other(0), T0)).toEqual({ state, effects: [] });
    state = receiveEvent(state, accepted, T0).state; // the last one kept
    const past = receiveEvent(state, other(99), T0);
    expect(past.state.deferredEvents).toHaveLength(WAITING_EVENTS_LIMIT);
    expect(effectsOf(past.effects, 'record_event')[0]?.event).toMatchObject({
      kind: 'external_event_ignored',
      detail: { event: 'documents_received', reason: 'too_many_waiting_events' },
    });
    // Counted once, like every ignored event: sent again, it changes nothing.
    expect(receiveEvent(past.state, other(99), T0).effects).toEqual([]);
    // A case recorded before the bound keeps them all (its workflow's patch says so).
    expect(receiveEvent(state, other(99), T0, () => false).state.deferredEvents).toHaveLength(
      WAITING_EVENTS_LIMIT + 1,
    );
    // The kept events still decide the case on resume.
    expect(ok(resumeCase(past.state, { actor: supervisor }, T0 + DAY)).state.current?.step).toBe('travel');
  });

  it('received on hold are kept up to a bound of data in all', () => {
    let state = ok(holdCase(onDecision(), { reason: 'screening', actor: supervisor }, T0)).state;
    const sized = (n: number, chars: number) => ({
      ...accepted,
      eventId: `sized-${n}`,
      data: { note: 'x'.repeat(chars) },
    });
    const half = WAITING_EVENT_DATA_LIMIT / 2 - 100;
    state = receiveEvent(state, sized(1, half), T0).state;
    state = receiveEvent(state, sized(2, half), T0).state;
    expect(state.deferredEvents).toHaveLength(2);
    const past = receiveEvent(state, sized(3, 200), T0);
    expect(past.state.deferredEvents).toHaveLength(2);
    expect(effectsOf(past.effects, 'record_event')[0]?.event.detail).toMatchObject({
      reason: 'too_many_waiting_events',
    });
  });
});

describe('the view of a held case', () => {
  it('shows the due date moving with the hold, never overdue, and no pending reminders', () => {
    const start = startCase(miniCase('k9'), 'case-k9', T0).state;
    const held = ok(holdCase(start, { reason: 'screening', actor: supervisor }, T0 + DAY)).state;
    const view = caseView(held, T0 + 10 * DAY);
    expect(view).toMatchObject({
      status: 'on_hold',
      overdue: false,
      pendingReminders: [],
      holdReason: 'screening',
    });
    expect(view.dueAt).toBe(new Date(T0 + 5 * DAY + 9 * DAY).toISOString());
    expect(nextWakeAt(held)).toBeNull();
  });
});
