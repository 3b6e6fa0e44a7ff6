// A case that loops through its steps many times keeps a bounded state: the workflow carries it
// across continue-as-new and answers every update with its view, both limited to 2 MB by
// Temporal. Its full step history is the StepVisit projection's (one row per visit).
import { HISTORY_KEPT } from '../../../contract/case-view';
import { caseView, completeStep, receiveEvent, startCase, tick } from '../../../workflows/machine';
import type { CaseState } from '../../../workflows/machine';
import { ResolvedDefinition } from '../../../definitions/schema';
import { caseworker, DAY, miniCase, miniDefinition, supervisor } from '../../support/case-fixtures';
import { effectsOf, ok } from './helpers';

const T0 = Date.parse('2026-03-02T06:00:00Z');
const assessed = {
  step: 'assessment',
  outcome: 'assessed',
  data: { category: 'medical_needs' },
  actor: caseworker,
};

/** Returns the case from review to assessment and back, `rounds` times (two visits a round). */
function loop(state: CaseState, rounds: number, at: number): CaseState {
  let s = state;
  for (let i = 0; i < rounds; i++) {
    s = ok(completeStep(s, assessed, at)).state;
    s = ok(completeStep(s, { step: 'review', outcome: 'returned', data: {}, actor: supervisor }, at)).state;
  }
  return s;
}

describe("a case's step history in its state", () => {
  it('keeps the most recent visits only, so its state and its answers stay small however long it loops', () => {
    const start = startCase(miniCase('h1'), 'case-h1', T0).state;
    const after100 = loop(start, 50, T0 + DAY);
    const after2000 = loop(after100, 950, T0 + DAY);
    expect(after2000.visits).toBe(2001);
    expect(after2000.current).toMatchObject({ visit: 2001, step: 'assessment' });
    const view = caseView(after2000, T0 + DAY);
    expect(view.visit).toBe(2001);
    expect(view.history.map((h) => h.visit)).toEqual(
      Array.from({ length: HISTORY_KEPT }, (_, i) => 2001 - HISTORY_KEPT + 1 + i),
    );
    expect(view.history.at(-2)).toMatchObject({ step: 'review', outcome: 'returned', actor: supervisor.id });
    // The state a run carries on, and the answer to each update, no bigger after 2,001 visits than after 101.
    expect(JSON.stringify(after2000).length).toBeLessThanOrEqual(JSON.stringify(after100).length + 200);
    expect(JSON.stringify(view).length).toBeLessThanOrEqual(
      JSON.stringify(caseView(after100, T0 + DAY)).length + 200,
    );
  });

  it('still writes each visit to the projection, with its step kind', () => {
    const start = startCase(miniCase('h2'), 'case-h2', T0).state;
    const looped = loop(start, HISTORY_KEPT, T0 + DAY);
    const { effects } = ok(completeStep(looped, assessed, T0 + 2 * DAY));
    expect(effectsOf(effects, 'record_visit').map((e) => e.visit)).toEqual([
      expect.objectContaining({
        visit: 2 * HISTORY_KEPT + 1,
        step: 'assessment',
        kind: 'task',
        outcome: 'assessed',
      }),
      expect.objectContaining({
        visit: 2 * HISTORY_KEPT + 2,
        step: 'review',
        kind: 'approval',
        leftAt: null,
      }),
    ]);
  });

  it("tells partners the case's last status even when the step that set it is no longer in the state", () => {
    // Only the assessment has a partner status; review and decision then alternate past the bound.
    const definition = ResolvedDefinition.parse({
      ...miniDefinition,
      steps: miniDefinition.steps.map((s) =>
        s.id === 'review' || s.id === 'decision' ? { ...s, partnerStatus: undefined } : s,
      ),
    });
    let state = startCase(miniCase('h3', { definition }), 'case-h3', T0).state;
    state = ok(completeStep(state, assessed, T0)).state;
    let at = T0;
    for (let i = 0; i < HISTORY_KEPT; i++) {
      state = ok(
        completeStep(state, { step: 'review', outcome: 'approved', data: {}, actor: supervisor }, at),
      ).state;
      at += 31 * DAY;
      state = tick(state, at).state; // the decision times out: back to review
    }
    expect(state.history.some((h) => h.step === 'assessment')).toBe(false);
    state = ok(
      completeStep(state, { step: 'review', outcome: 'approved', data: {}, actor: supervisor }, at),
    ).state;
    const closed = receiveEvent(
      state,
      { event: 'state_decision', outcome: 'rejected', data: {}, eventId: 'h3-decision' },
      at,
    );
    expect(closed.state.status).toBe('closed');
    expect(effectsOf(closed.effects, 'partner_update').map((e) => e.update.lastStatus)).toEqual([
      'Assessment',
    ]);
  });
});
