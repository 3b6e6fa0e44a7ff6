// Steps for each person of a relationship (`forEach: child`): the persons are fixed on entry,
// each completion names one of them, and the step moves on when the last is done.
import { caseView, completeStep, receivePeople, startCase, type CaseState } from '../../../workflows/machine';
import type { CompleteStepInput, StartCaseInput } from '../../../contract/messages';
import { caseworker, otherCaseworker } from '../../support/case-fixtures';
import { bidCaseInput, bidDefinition, household } from '../../support/person-steps';
import { broken, ok, recorded } from './helpers';

const T0 = Date.parse('2026-03-02T06:00:00Z');
const [first, spouse, second] = household.map((p) => p.id) as [string, string, string];

const input = (extra: Partial<StartCaseInput> = {}) => bidCaseInput('b1', extra);

function started(people = household, personSteps = true): CaseState {
  const state = startCase(input(), 'case-b1', T0).state;
  return receivePeople({ ...state, personSteps }, { people });
}

const registered = (state: CaseState) =>
  ok(completeStep(state, { step: 'registration', outcome: 'registered', data: {}, actor: caseworker }, T0))
    .state;

const bid = (person: string | undefined, outcome = 'in_interest'): CompleteStepInput => ({
  step: 'bid',
  outcome,
  data: {},
  actor: caseworker,
  ...(person === undefined ? {} : { person }),
});

describe('a step for each child', () => {
  it('concerns the children on the case when it is entered, and the view shows who is done', () => {
    const onBid = registered(started());
    expect(onBid.current?.persons).toEqual([{ person: first }, { person: second }]);
    const after = ok(completeStep(onBid, bid(first), T0 + 1000));
    expect(after.state.current?.step).toBe('bid');
    expect(recorded(after.effects)).toEqual(['person_completed']);
    expect(caseView(after.state, T0 + 2000).persons).toEqual([
      {
        person: first,
        done: true,
        outcome: 'in_interest',
        actor: caseworker.id,
        at: '2026-03-02T06:00:01.000Z',
      },
      { person: second, done: false },
    ]);
  });

  it('moves on when the last child is done, by the ordinary outcome when every child had it', () => {
    const onBid = registered(started());
    const one = ok(completeStep(onBid, bid(second), T0)).state;
    const both = ok(completeStep(one, { ...bid(first), actor: otherCaseworker }, T0 + 1000));
    expect(both.state.current?.step).toBe('submitted');
    expect(both.state.history.at(-2)).toMatchObject({
      step: 'bid',
      outcome: 'in_interest',
      actor: otherCaseworker.id,
    });
    expect(recorded(both.effects)).toEqual(['person_completed', 'step_completed', 'step_entered']);
    expect(caseView(both.state, T0 + 2000).persons).toBeUndefined();
  });

  it('moves on by the first outcome given that is not the ordinary one', () => {
    const onBid = registered(started());
    const one = ok(completeStep(onBid, bid(first, 'not_in_interest'), T0)).state;
    expect(one.current?.step).toBe('bid');
    const both = ok(completeStep(one, bid(second, 'in_interest'), T0)).state;
    expect(both.current?.step).toBe('not_submitted');
  });

  it.each<[string, string | undefined, RegExp]>([
    [
      'person_required',
      undefined,
      /^person_required: step "bid" is completed for each child: name one of P-CH1LD00001, P-CH1LD00002/,
    ],
    ['unknown_person', 'P-N0B0DY0000', /^unknown_person: case KE-b1 has no person P-N0B0DY0000/],
    [
      'person_not_of_relationship',
      spouse,
      /^person_not_of_relationship: P-SP0USE0001 is not one of the persons \(child\)/,
    ],
    ['person_not_of_relationship', 'principal', /^person_not_of_relationship: principal is not one/],
  ])('rejects %s (%s) at body.person', (rule, person, message) => {
    const violation = broken(completeStep(registered(started()), bid(person), T0));
    expect(violation).toMatchObject({ rule, path: 'body.person' });
    expect(violation.message).toMatch(message);
  });

  it('rejects a second completion for the same child', () => {
    const one = ok(completeStep(registered(started()), bid(first), T0)).state;
    expect(broken(completeStep(one, bid(first, 'not_in_interest'), T0))).toMatchObject({
      rule: 'person_already_done',
      message: 'person_already_done: step "bid" was already completed for P-CH1LD00001 (in_interest)',
    });
  });

  it('keeps the persons of its entry: a child added later is not one of them', () => {
    const onBid = registered(started());
    const later = receivePeople(onBid, {
      people: [...household, { id: 'P-CH1LD00003', relationship: 'child' }],
    });
    expect(broken(completeStep(later, bid('P-CH1LD00003'), T0)).rule).toBe('person_not_of_relationship');
  });

  it('is an ordinary step when no child is on the case, and then takes no person', () => {
    const onBid = registered(started([household[1] as (typeof household)[number]]));
    expect(onBid.current?.persons).toBeUndefined();
    expect(broken(completeStep(onBid, bid(first), T0))).toMatchObject({
      rule: 'person_not_expected',
      path: 'body.person',
    });
    expect(ok(completeStep(onBid, bid(undefined, 'not_in_interest'), T0)).state.current?.step).toBe(
      'not_submitted',
    );
  });

  it('is an ordinary step in runs that started before per-person steps (no marker)', () => {
    const onBid = registered(started(household, false));
    expect(onBid.current?.persons).toBeUndefined();
    expect(ok(completeStep(onBid, bid(undefined), T0)).state.current?.step).toBe('submitted');
  });

  it('knows the people given at the start, with no roster told since', () => {
    const state = startCase(input({ people: household }), 'case-b1', T0, { personSteps: true }).state;
    expect(state.people).toEqual(household);
    expect(registered(state).current?.persons).toEqual([{ person: first }, { person: second }]);
  });

  it('takes the persons of a start step from the people given at the start', () => {
    const definition = { ...bidDefinition(), start: 'bid' };
    const onStart = (personSteps: boolean | undefined) =>
      startCase(input({ definition, people: household }), 'case-b1', T0, { personSteps }).state.current;
    expect(onStart(true)?.persons).toEqual([{ person: first }, { person: second }]);
    // Runs that started before per-person steps (no marker): an ordinary step.
    expect(onStart(undefined)?.persons).toBeUndefined();
  });

  it('keeps the roster of the highest revision told: one overtaken on the way changes nothing', () => {
    const newer = receivePeople(started([]), { people: household, revision: 3 });
    const late = receivePeople(newer, { people: [household[0]!], revision: 2 });
    expect(late.people).toEqual(household);
    const again = receivePeople(late, { people: [household[1]!], revision: 3 });
    expect(again.people).toEqual([household[1]]);
    // A roster without a revision (sent before revisions existed) is taken as it comes.
    expect(receivePeople(again, { people: household }).people).toEqual(household);
  });
});
