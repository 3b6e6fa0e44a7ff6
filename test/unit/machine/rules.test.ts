import {
  closeCase,
  completeStep,
  holdCase,
  reassignCase,
  receiveEvent,
  resumeCase,
  startCase,
  type CaseState,
} from '../../../workflows/machine';
import type { CompleteStepInput } from '../../../contract/messages';
import {
  caseworker,
  doubleHatted,
  miniCase,
  otherCaseworker,
  supervisor,
  waitingDefinition,
} from '../../support/case-fixtures';
import { broken, ok } from './helpers';

const T0 = Date.parse('2026-03-02T06:00:00Z');
const assessed: CompleteStepInput = {
  step: 'assessment',
  outcome: 'assessed',
  data: { category: 'medical_needs' },
  actor: caseworker,
};
const fresh = (): CaseState => startCase(miniCase('r1'), 'case-r1', T0).state;
const onReview = (by = caseworker): CaseState =>
  ok(completeStep(fresh(), { ...assessed, actor: by }, T0)).state;

describe('rules of completing a step', () => {
  it.each<[string, Partial<CompleteStepInput>, RegExp]>([
    ['wrong_step', { step: 'review' }, /^wrong_step: the case is on step "assessment", not "review"/],
    [
      'unknown_outcome',
      { outcome: 'approved' },
      /^unknown_outcome: step "assessment" has outcomes assessed, not "approved"/,
    ],
    ['missing_field', { data: {} }, /^missing_field: step "assessment" requires the field "category"/],
    ['missing_field', { data: { category: '' } }, /requires the field "category"/],
    [
      'mistyped_field',
      { data: { category: 'hungry' } },
      /^mistyped_field: field "category" of step "assessment" must be one of legal_physical_protection, medical_needs/,
    ],
    [
      'mistyped_field',
      { data: { category: 'medical_needs', dependants: 'three' } },
      /field "dependants" .* must be a number/,
    ],
    [
      'mistyped_field',
      { data: { category: 'medical_needs', interviewDate: '02/03/2026' } },
      /field "interviewDate" .* must be a real calendar date/,
    ],
    [
      'mistyped_field',
      { data: { category: 'medical_needs', interviewDate: '2026-02-30' } },
      /field "interviewDate" .* must be a real calendar date \(YYYY-MM-DD, 1900–9999\)/,
    ],
    [
      'mistyped_field',
      { data: { category: 'medical_needs', interviewDate: '2025-02-29' } },
      /must be a real calendar date/,
    ],
    [
      'mistyped_field',
      { data: { category: 'medical_needs', interviewDate: '0000-01-01' } },
      /must be a real calendar date/,
    ],
    [
      'mistyped_field',
      { data: { category: 'medical_needs', interviewDate: '1899-12-31' } },
      /must be a real calendar date/,
    ],
    [
      'unknown_field',
      { data: { category: 'medical_needs', name: 'A. Person' } },
      /^unknown_field: step "assessment" does not collect a field named "name"/,
    ],
    ['not_owner', { actor: supervisor }, /^not_owner: step "assessment" is owned by the role "caseworker"/],
  ])('rejects %s', (rule, change, message) => {
    const violation = broken(completeStep(fresh(), { ...assessed, ...change }, T0));
    expect(violation.rule).toBe(rule);
    expect(violation.message).toMatch(message);
  });

  it('accepts a leap day, and keeps the old date rule for runs that started before calendar-dates', () => {
    const leapDay = { category: 'medical_needs', interviewDate: '2028-02-29' };
    expect(ok(completeStep(fresh(), { ...assessed, data: leapDay }, T0)).state.current?.step).toBe('review');
    const rolledOver = { category: 'medical_needs', interviewDate: '2026-02-30' };
    const oldRun = { ...fresh(), calendarDates: false };
    expect(ok(completeStep(oldRun, { ...assessed, data: rolledOver }, T0)).state.current?.step).toBe(
      'review',
    );
  });

  it('accepts optional fields of the right type', () => {
    const data = { category: 'medical_needs', interviewDate: '2026-03-01', dependants: 2 };
    expect(ok(completeStep(fresh(), { ...assessed, data }, T0)).state.current?.step).toBe('review');
  });

  it('keeps four eyes on an approval: the reviewer may not have completed the previous step', () => {
    const state = onReview(doubleHatted);
    const violation = broken(
      completeStep(state, { step: 'review', outcome: 'approved', data: {}, actor: doubleHatted }, T0),
    );
    expect(violation).toEqual({
      rule: 'four_eyes',
      message: 'four_eyes: the reviewer of "review" may not be the person who completed the previous step',
    });
    expect(
      ok(completeStep(state, { step: 'review', outcome: 'approved', data: {}, actor: supervisor }, T0)).state
        .current?.step,
    ).toBe('decision');
  });

  it('lets only the external event complete a wait step without an owner', () => {
    const state = ok(
      completeStep(onReview(), { step: 'review', outcome: 'approved', data: {}, actor: supervisor }, T0),
    ).state;
    const violation = broken(
      completeStep(state, { step: 'decision', outcome: 'accepted', data: {}, actor: supervisor }, T0),
    );
    expect(violation.rule).toBe('step_not_completable');
  });

  it('refuses completions on a held or closed case', () => {
    const held = ok(holdCase(fresh(), { reason: 'security screening', actor: supervisor }, T0)).state;
    expect(broken(completeStep(held, assessed, T0)).rule).toBe('case_on_hold');
    const closed = ok(closeCase(fresh(), { reason: 'withdrawn', actor: supervisor }, T0)).state;
    expect(broken(completeStep(closed, assessed, T0)).rule).toBe('case_closed');
  });
});

describe('rules of the case controls', () => {
  it('refuses a second hold, a resume of an open case, and controls on a closed case', () => {
    const held = ok(holdCase(fresh(), { reason: 'screening', actor: supervisor }, T0)).state;
    expect(broken(holdCase(held, { reason: 'again', actor: supervisor }, T0)).rule).toBe('case_on_hold');
    expect(broken(resumeCase(fresh(), { actor: supervisor }, T0)).rule).toBe('case_not_on_hold');
    const closed = ok(closeCase(fresh(), { reason: 'withdrawn', actor: supervisor }, T0)).state;
    expect(broken(resumeCase(closed, { actor: supervisor }, T0)).rule).toBe('case_closed');
    expect(broken(reassignCase(closed, { assignee: otherCaseworker.id, actor: supervisor }, T0)).rule).toBe(
      'case_closed',
    );
    expect(broken(closeCase(closed, { reason: 'withdrawn', actor: supervisor }, T0)).rule).toBe(
      'case_closed',
    );
  });

  it('refuses reassigning to the current assignee and closing for a reason the definition does not allow', () => {
    expect(broken(reassignCase(fresh(), { assignee: caseworker.id, actor: supervisor }, T0)).rule).toBe(
      'same_assignee',
    );
    const strict = startCase(
      miniCase('r2', {
        definition: { ...miniCase('r2').definition, closureReasons: ['withdrawn'] },
      }),
      'case-r2',
      T0,
    ).state;
    expect(broken(closeCase(strict, { reason: 'duplicate', actor: supervisor }, T0))).toEqual({
      rule: 'unknown_closure_reason',
      message: 'unknown_closure_reason: definition mini.ke does not allow closing for "duplicate"',
    });
  });

  it('ignores an external event that misses required data of the awaited step, tolerates extra data', () => {
    const definition = miniCase('r3').definition;
    const steps = definition.steps.map((s) =>
      s.id === 'decision' && s.kind === 'wait'
        ? { ...s, fields: [{ name: 'decisionDate', type: 'date' as const, required: true }] }
        : s,
    );
    let state = startCase(miniCase('r3', { definition: { ...definition, steps } }), 'case-r3', T0).state;
    state = ok(completeStep(state, assessed, T0)).state;
    state = ok(
      completeStep(state, { step: 'review', outcome: 'approved', data: {}, actor: supervisor }, T0),
    ).state;
    const missing = receiveEvent(
      state,
      { event: 'state_decision', outcome: 'accepted', data: { note: 'x' }, eventId: 'bad' },
      T0,
    );
    expect(missing.state.current?.step).toBe('decision');
    expect(missing.effects[0]).toMatchObject({
      kind: 'record_event',
      event: { kind: 'external_event_ignored', detail: { reason: 'missing_field' } },
    });
    const extra = receiveEvent(
      state,
      {
        event: 'state_decision',
        outcome: 'accepted',
        data: { decisionDate: '2026-05-01', note: 'x' },
        eventId: 'good',
      },
      T0,
    );
    expect(extra.state.current?.step).toBe('travel');
  });
});

describe('completing a wait step by hand', () => {
  const waiting = (manualCompletion: boolean | undefined) => {
    const steps = waitingDefinition.steps.map((step) => {
      if (step.kind !== 'wait') return step;
      const { manualCompletion: _default, ...rest } = step;
      return manualCompletion === undefined ? (rest as typeof step) : { ...rest, manualCompletion };
    });
    return startCase(miniCase('wh', { definition: { ...waitingDefinition, steps } }), 'case-wh', T0).state;
  };
  const byHand = { step: 'decision', outcome: 'accepted', data: {}, actor: caseworker };

  it('is refused unless the definition allows it, with where to record the event instead', () => {
    expect(broken(completeStep(waiting(false), byHand, T0))).toEqual({
      rule: 'step_not_completable',
      message:
        'step_not_completable: step "decision" completes only by its external event "state_decision"; record the event (POST /v1/cases/{id}/events), or allow manualCompletion in the definition',
    });
  });

  it('is allowed to the owner with manualCompletion: true, and in definitions pinned before the setting existed', () => {
    expect(ok(completeStep(waiting(true), byHand, T0)).state.current?.step).toBe('closed');
    expect(ok(completeStep(waiting(undefined), byHand, T0)).state.current?.step).toBe('closed');
  });
});
