// Moving a running case to another version of its definition: where it lands, its deadline
// under each policy, the reminders that fall due at once, and the cases that cannot move.
import {
  closeCase,
  completeStep,
  holdCase,
  moveCase,
  previewMove,
  startCase,
  tick,
  type CaseState,
} from '../../../workflows/machine';
import { caseworker, DAY, miniCase, supervisor } from '../../support/case-fixtures';
import { miniPlan, moveInput } from '../../support/migration-fixtures';
import { effectsOf, messages, ok, recorded } from './helpers';

const T0 = Date.parse('2026-03-02T06:00:00Z'); // normal: due at T0 + 5 days in v1, + 3 in v2
const iso = (ms: number) => new Date(ms).toISOString();

function started(id = 'mv'): CaseState {
  return startCase(miniCase(id), `case-${id}`, T0).state;
}

/** The case after the clock ran to `at` (reminders handled on the way). */
function runTo(state: CaseState, at: number): CaseState {
  let current = state;
  for (let t = T0 + 3_600_000; t <= at; t += 3_600_000) current = tick(current, t).state;
  return current;
}

describe('a dry run of a move', () => {
  it('lands a case mid-step on the renamed step, with its deadline per policy', () => {
    const state = started();
    const now = T0 + DAY;
    expect(previewMove(state, moveInput(miniPlan({ dueDates: 'keep' })), now)).toEqual({
      movable: true,
      caseId: 'mv',
      fromStep: 'assessment',
      toStep: 'needs_assessment',
      dueAt: iso(T0 + 5 * DAY),
      previousDueAt: iso(T0 + 5 * DAY),
      remindersAtOnce: [],
    });
    expect(previewMove(state, moveInput(miniPlan({ dueDates: 'from_entry' })), now)).toMatchObject({
      dueAt: iso(T0 + 3 * DAY),
    });
    expect(previewMove(state, moveInput(miniPlan({ dueDates: 'from_now' })), now)).toMatchObject({
      dueAt: iso(now + 3 * DAY),
    });
  });

  it('lists the reminders that fall due at once, not those already sent', () => {
    // Day 6 in v1: before-due (day 4), at-due (day 5) and the first overdue (day 6) are sent.
    const state = runTo(started(), T0 + 6 * DAY);
    expect(state.current?.sent).toEqual({ soon: 1, today: 1, daily: 1 });
    // From entry in v2 it was due on day 3: the early escalation (day 4) has passed, so it goes at once;
    // the daily overdue reminder owes its day-5 and day-6 occurrences, of which only the latest is sent.
    const preview = previewMove(state, moveInput(miniPlan({ dueDates: 'from_entry' })), T0 + 6 * DAY);
    expect(preview).toMatchObject({
      movable: true,
      dueAt: iso(T0 + 3 * DAY),
      remindersAtOnce: [
        { rule: 'early', kind: 'escalate', to: 'role:protection_officer' },
        { rule: 'daily', kind: 'overdue', to: 'amina@pathways.test' },
      ],
    });
  });

  it('says why a case cannot move', () => {
    const atReview = ok(
      completeStep(
        started(),
        { step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' }, actor: caseworker },
        T0,
      ),
    ).state;
    expect(previewMove(atReview, moveInput(), T0)).toMatchObject({
      movable: false,
      fromStep: 'review',
      reason: 'approver_role_removed',
      message: 'the approval "review" waits for a supervisor, a role mini.ke v2 no longer has',
    });
    expect(previewMove(started(), moveInput(miniPlan({ steps: {} })), T0)).toMatchObject({
      reason: 'step_removed',
      message: 'its step "assessment" is not in mini.ke v2 and the plan maps it to no step',
    });
    expect(
      previewMove(started(), moveInput(miniPlan({ steps: { assessment: 'assesment' } })), T0),
    ).toMatchObject({
      reason: 'mapped_to_missing_step',
    });
    expect(
      previewMove(started(), moveInput(miniPlan({ steps: { assessment: 'review' } })), T0),
    ).toMatchObject({
      reason: 'step_kind_changed',
    });
    expect(previewMove(started(), moveInput(miniPlan({ from: 3, to: 4 })), T0)).toMatchObject({
      reason: 'not_on_plan_version',
    });
    const closed = ok(closeCase(started(), { reason: 'withdrawn', actor: supervisor }, T0)).state;
    expect(previewMove(closed, moveInput(), T0)).toMatchObject({ reason: 'closed' });
  });
});

describe('moving a case', () => {
  it('keeps the visit, its history and the reminders already sent; audits the move; tells no one', () => {
    const state = runTo(started(), T0 + 6 * DAY);
    const moved = ok(moveCase(state, moveInput(miniPlan({ dueDates: 'from_entry' })), T0 + 6 * DAY));
    expect(moved.state).toMatchObject({
      definitionVersion: 2,
      definition: { start: 'needs_assessment' },
      current: {
        visit: 1,
        step: 'needs_assessment',
        enteredAt: T0,
        baseDueAt: T0 + 3 * DAY,
        sent: { soon: 1, today: 1, daily: 1 },
      },
    });
    expect(moved.state.history).toEqual([
      { visit: 1, step: 'needs_assessment', kind: 'task', enteredAt: iso(T0), dueAt: iso(T0 + 3 * DAY) },
    ]);
    expect(messages(moved.effects)).toEqual([]);
    expect(effectsOf(moved.effects, 'partner_update')).toEqual([]);
    expect(recorded(moved.effects)).toEqual(['case_moved']);
    expect(effectsOf(moved.effects, 'record_event')[0]?.event).toMatchObject({
      eventKey: 'mv:v1:moved:mig-1:1',
      actor: 'pm@pathways.test',
      detail: {
        migrationId: 'mig-1',
        fromVersion: 1,
        toVersion: 2,
        fromStep: 'assessment',
        toStep: 'needs_assessment',
        dueDates: 'from_entry',
      },
    });
    expect(effectsOf(moved.effects, 'project_case')[0]?.snapshot).toMatchObject({ definitionVersion: 2 });
    // The next tick sends what the dry run listed, and nothing already sent.
    expect(messages(tick(moved.state, T0 + 6 * DAY).effects)).toEqual([
      'escalation mv:v1:escalate:early:1',
      // Occurrences 2 (day 5) and 3 (day 6) of the new clock have passed: only the latest goes.
      'overdue mv:v1:overdue:daily:3',
    ]);
  });

  it('is idempotent: the same move again changes nothing', () => {
    const once = ok(moveCase(started(), moveInput(), T0)).state;
    const twice = ok(moveCase(once, moveInput(), T0 + DAY));
    expect(twice.state).toBe(once);
    expect(twice.effects).toEqual([]);
    expect(previewMove(once, moveInput(), T0)).toMatchObject({ movable: false, reason: 'already_moved' });
  });

  it('audits each move of a case moved back and forth under the same plan', () => {
    const there = ok(moveCase(started(), moveInput(), T0));
    const back = ok(
      moveCase(
        there.state,
        {
          ...moveInput(miniPlan({ from: 2, to: 1, steps: { needs_assessment: 'assessment' } }), 'mig-back'),
          definition: miniCase('x').definition,
        },
        T0 + DAY,
      ),
    );
    expect(back.state.current?.step).toBe('assessment');
    const again = ok(moveCase(back.state, moveInput(), T0 + 2 * DAY));
    const keys = [there, back, again].map((t) => effectsOf(t.effects, 'record_event')[0]?.event.eventKey);
    expect(keys).toEqual(['mv:v1:moved:mig-1:1', 'mv:v1:moved:mig-back:2', 'mv:v1:moved:mig-1:3']);
  });

  it('refuses a case that cannot move with the reason', () => {
    expect(moveCase(started(), moveInput(miniPlan({ steps: {} })), T0)).toEqual({
      rule: 'not_movable',
      message:
        'not_movable: step_removed: its step "assessment" is not in mini.ke v2 and the plan maps it to no step',
    });
  });

  it('counts a held case from now only for the time the hold lasts after the move', () => {
    const held = ok(holdCase(started(), { reason: 'screening', actor: supervisor }, T0 + DAY)).state;
    const moved = ok(moveCase(held, moveInput(miniPlan({ dueDates: 'from_now' })), T0 + 2 * DAY)).state;
    expect(moved.status).toBe('on_hold');
    expect(previewMove(held, moveInput(miniPlan({ dueDates: 'from_now' })), T0 + 2 * DAY)).toMatchObject({
      dueAt: iso(T0 + 5 * DAY),
      remindersAtOnce: [],
    });
    // The visit stores its deadline without the running hold; resuming adds the hold's length.
    expect(moved.history[0]?.dueAt).toBe(iso(T0 + 4 * DAY));
  });
});
