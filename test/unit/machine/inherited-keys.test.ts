// Issue 10, item 1: text from outside that names what every object inherits ("constructor",
// "__proto__", "toString", "hasOwnProperty") passed `in` checks and broke cases for good.
// Each must be an ordinary unknown outcome, event or field, and the case stays usable.
import { ResolvedDefinition } from '../../../definitions/schema';
import {
  caseView,
  completeStep,
  receiveEvent,
  receiveEventSafely,
  startCase,
  tick,
  upcomingReminders,
  type CaseState,
} from '../../../workflows/machine';
import { caseworker, DAY, miniCase, miniDefinition, supervisor } from '../../support/case-fixtures';
import { broken, ok, recorded } from './helpers';

const T0 = Date.parse('2026-03-02T06:00:00Z');
const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

function onDecision(): CaseState {
  let state = startCase(miniCase('h1'), 'case-h1', T0).state;
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

describe.each(INHERITED)('the name "%s"', (name) => {
  it('is an unknown outcome of complete-step, and the step can still be completed', () => {
    const state = startCase(miniCase('h2'), 'case-h2', T0).state;
    const attempt = {
      step: 'assessment',
      outcome: name,
      data: { category: 'medical_needs' },
      actor: caseworker,
    };
    expect(broken(completeStep(state, attempt, T0))).toMatchObject({ rule: 'unknown_outcome' });
    expect(ok(completeStep(state, { ...attempt, outcome: 'assessed' }, T0)).state.current?.step).toBe(
      'review',
    );
  });

  it('is an unknown field of complete-step, not a present one', () => {
    const state = startCase(miniCase('h3'), 'case-h3', T0).state;
    const attempt = {
      step: 'assessment',
      outcome: 'assessed',
      data: { category: 'medical_needs', [name]: 'x' },
      actor: caseworker,
    };
    expect(broken(completeStep(state, attempt, T0))).toMatchObject({ rule: 'unknown_field' });
  });

  it('as the outcome of a partner event is recorded as ignored, and the awaited event still moves the case', () => {
    const state = onDecision();
    const hostile = ok(
      receiveEvent(
        state,
        { event: 'state_decision', outcome: name, data: {}, eventId: `e-${name}` },
        T0 + DAY,
      ),
    );
    expect(recorded(hostile.effects)).toEqual(['external_event_ignored']);
    expect(caseView(hostile.state, T0 + DAY)).toMatchObject({ status: 'open', currentStep: 'decision' });
    const next = receiveEvent(
      hostile.state,
      { event: 'state_decision', outcome: 'accepted', data: {}, eventId: 'e-ok' },
      T0 + DAY,
    );
    expect(next.state.current?.step).toBe('travel');
  });

  it('as the event name of a partner event is ignored as not awaited', () => {
    const hostile = receiveEvent(
      onDecision(),
      { event: name, outcome: 'accepted', data: {}, eventId: 'e-name' },
      T0,
    );
    expect(hostile.effects.map((e) => e.kind === 'record_event' && e.event.detail?.reason)).toEqual([
      'not_awaited_on_decision',
    ]);
  });
});

describe('definition names that objects inherit', () => {
  // "constructor" and "toString" are valid identifiers: a definition may use them as names.
  const definition = ResolvedDefinition.parse({
    ...miniDefinition,
    id: 'inherit.ke',
    steps: miniDefinition.steps.map((step) =>
      step.kind === 'task'
        ? {
            ...step,
            fields: [{ name: 'constructor', type: 'string', required: true }],
            reminders: [{ id: 'constructor', kind: 'overdue', every: 'P1D', limit: 2 }],
          }
        : step,
    ),
  });

  it('a required field named "constructor" is missing until it is given', () => {
    const state = startCase(miniCase('h4', { definition }), 'case-h4', T0).state;
    const attempt = { step: 'assessment', outcome: 'assessed', data: {}, actor: caseworker };
    expect(broken(completeStep(state, attempt, T0))).toMatchObject({ rule: 'missing_field' });
    expect(
      ok(completeStep(state, { ...attempt, data: { constructor: 'yes' } }, T0)).state.current?.step,
    ).toBe('review');
  });

  it('a reminder rule named "constructor" counts its occurrences from one', () => {
    const state = startCase(miniCase('h5', { definition }), 'case-h5', T0).state;
    expect(
      upcomingReminders(
        definition.steps[0]!.kind === 'task' ? definition.steps[0]!.reminders : [],
        state.current!,
        'Africa/Nairobi',
      ),
    ).toMatchObject([{ rule: 'constructor', occurrence: 1 }]);
    const later = tick(state, T0 + 6 * DAY + 1);
    expect(later.state.current?.sent).toEqual({ constructor: 1 });
  });
});

describe('an event the engine cannot follow', () => {
  it('is recorded as ignored with reason unexpected_error instead of throwing', () => {
    const state = onDecision();
    const corrupt: CaseState = {
      ...state,
      definition: {
        ...state.definition,
        steps: state.definition.steps.map((s) =>
          s.id === 'decision' && s.kind === 'wait' ? { ...s, outcomes: { accepted: 'nowhere' } } : s,
        ),
      },
    };
    expect(() =>
      receiveEvent(corrupt, { event: 'state_decision', outcome: 'accepted', data: {}, eventId: 'x1' }, T0),
    ).toThrow();
    const safe = receiveEventSafely(
      corrupt,
      { event: 'state_decision', outcome: 'accepted', data: {}, eventId: 'x1' },
      T0,
    );
    expect(
      safe.effects.map((e) => e.kind === 'record_event' && [e.event.kind, e.event.detail?.reason]),
    ).toEqual([['external_event_ignored', 'unexpected_error']]);
    expect(safe.state.seenEventIds).toContain('x1');
    expect(safe.state.current?.step).toBe('decision');
  });
});
