// Steps that concern one person at a time (`forEach: child`, e.g. a best-interest determination
// for each child): the persons are fixed when the step is entered, each needs a completion of
// their own, and the step moves on when the last of them has had it.
import type { Step } from '../../definitions/schema';
import type { CasePeopleInput, CompleteStepInput } from '../../contract/messages';
import type { RuleName, RuleViolation } from '../../contract/rules';
import { businessKey, recordEvent, snapshotEffects } from './effect-builders';
import { iso, type CaseState, type Effect, type PersonCompletion } from './state';

function personViolation(rule: RuleName, message: string): RuleViolation {
  return { rule, message: `${rule}: ${message}`, path: 'body.person' };
}

/** The relationship a step is for, if it is a per-person step in this run. */
function forEachOf(state: CaseState, step: Step): string | undefined {
  if (state.personSteps !== true) return undefined;
  return step.kind === 'task' || step.kind === 'approval' ? step.forEach : undefined;
}

/** The persons a step concerns on entry: the case's dependants of its relationship; none = an ordinary step. */
export function personsAtEntry(state: CaseState, step: Step): PersonCompletion[] | undefined {
  const relationship = forEachOf(state, step);
  if (relationship === undefined) return undefined;
  const persons = (state.people ?? [])
    .filter((p) => p.relationship === relationship)
    .map((p) => ({ person: p.id }));
  return persons.length > 0 ? persons : undefined;
}

/** Validates the person a completion names (or does not) against the current visit's persons. */
export function validatePerson(state: CaseState, step: Step, input: CompleteStepInput): RuleViolation | null {
  const persons = state.current?.persons;
  if (!persons) {
    return input.person === undefined
      ? null
      : personViolation('person_not_expected', `step "${step.id}" is not completed per person`);
  }
  const relationship = forEachOf(state, step) ?? 'person';
  const pending = persons.filter((p) => p.outcome === undefined).map((p) => p.person);
  if (input.person === undefined)
    return personViolation(
      'person_required',
      `step "${step.id}" is completed for each ${relationship}: name one of ${pending.join(', ')}`,
    );
  const entry = persons.find((p) => p.person === input.person);
  if (!entry) {
    const known = input.person === 'principal' || (state.people ?? []).some((p) => p.id === input.person);
    return known
      ? personViolation(
          'person_not_of_relationship',
          `${input.person} is not one of the persons (${relationship}) step "${step.id}" concerns: ${persons.map((p) => p.person).join(', ')}`,
        )
      : personViolation('unknown_person', `case ${state.reference} has no person ${input.person}`);
  }
  if (entry.outcome !== undefined)
    return personViolation(
      'person_already_done',
      `step "${step.id}" was already completed for ${input.person} (${entry.outcome})`,
    );
  return null;
}

/**
 * Records one person's completion (mutates the working copy) and returns the step's outcome once
 * every person is done: the first one, in the order given, that is not the step's first-listed
 * (ordinary) outcome, else that ordinary outcome. Undefined while persons are still to do.
 */
export function completeForPerson(
  state: CaseState,
  step: Step & { outcomes: Record<string, string> },
  input: CompleteStepInput,
  now: number,
  effects: Effect[],
): string | undefined {
  const persons = state.current?.persons ?? [];
  const entry = persons.find((p) => p.person === input.person);
  if (!entry) throw new Error(`Step "${step.id}" does not concern ${String(input.person)}`);
  Object.assign(entry, { outcome: input.outcome, actor: input.actor.id, at: iso(now) });
  state.revision += 1;
  effects.push(
    recordEvent(state, businessKey(state, 'person', entry.person, 1), 'person_completed', now, {
      outcome: input.outcome,
      actor: input.actor.id,
      detail: { person: entry.person },
    }),
  );
  if (persons.some((p) => p.outcome === undefined)) {
    effects.push(...snapshotEffects(state, now));
    return undefined;
  }
  const ordinary = Object.keys(step.outcomes)[0];
  return persons.find((p) => p.outcome !== ordinary)?.outcome ?? ordinary;
}

/**
 * The API told the case its dependants: kept for the per-person steps entered from now on. A
 * roster read at a lower revision than one already kept was overtaken on the way and changes nothing.
 */
export function receivePeople(state: CaseState, input: CasePeopleInput): CaseState {
  const { revision } = input;
  if (revision === undefined) return { ...state, people: input.people.map((p) => ({ ...p })) };
  if (state.peopleRevision !== undefined && revision < state.peopleRevision) return state;
  return { ...state, people: input.people.map((p) => ({ ...p })), peopleRevision: revision };
}
