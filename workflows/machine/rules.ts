// The rules a request must pass before the case changes. Each returns the first broken rule
// as a typed violation whose message names the rule, or null when the request is allowed.
import { hasOwnKey, ownValue } from '../../definitions/own';
import type { Field, Step } from '../../definitions/schema';
import type {
  CloseInput,
  CompleteStepInput,
  HoldInput,
  ReassignInput,
  ResumeInput,
} from '../../contract/messages';
import type { RuleName, RuleViolation } from '../../contract/rules';
import { validatePerson } from './persons';
import { assertNever, currentStep, fourEyesExcluded, type CaseState } from './state';

export type { RuleName, RuleViolation };

type FieldValue = string | number | boolean | null;

function violation(rule: RuleName, message: string): RuleViolation {
  return { rule, message: `${rule}: ${message}` };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** How a `date` field is checked: a real calendar date from 1900 to 9999, or (runs before `calendar-dates`) what Date.parse accepts. */
export type DateRule = 'calendar' | 'lenient';

/** A real calendar date, YYYY-MM-DD, in the years 1900–9999 (the API's own dates keep the same bounds). */
export function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

function fieldTypeMatches(field: Field, value: Exclude<FieldValue, null>, dates: DateRule): boolean {
  switch (field.type) {
    case 'string':
    case 'text':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      if (typeof value !== 'string') return false;
      return dates === 'calendar'
        ? isCalendarDate(value)
        : ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));
    case 'enum':
      return typeof value === 'string' && (field.values ?? []).includes(value);
    default:
      return assertNever(field.type);
  }
}

/**
 * Checks collected data against a step's fields: required present, types right, and (unless
 * `unknown` is 'allow', as for external systems' events) nothing the step does not collect.
 */
export function checkFields(
  stepId: string,
  fields: Field[],
  data: Record<string, FieldValue>,
  unknown: 'reject' | 'allow' = 'reject',
  dates: DateRule = 'calendar',
): RuleViolation | null {
  for (const name of unknown === 'reject' ? Object.keys(data) : []) {
    if (!fields.some((f) => f.name === name)) {
      return violation('unknown_field', `step "${stepId}" does not collect a field named "${name}"`);
    }
  }
  for (const field of fields) {
    const value = ownValue(data, field.name);
    if (value === undefined || value === null || value === '') {
      if (field.required)
        return violation('missing_field', `step "${stepId}" requires the field "${field.name}"`);
      continue;
    }
    if (!fieldTypeMatches(field, value, dates)) {
      const expected =
        field.type === 'enum'
          ? `one of ${(field.values ?? []).join(', ')}`
          : field.type === 'date'
            ? 'a real calendar date (YYYY-MM-DD, 1900–9999)'
            : `a ${field.type}`;
      return violation('mistyped_field', `field "${field.name}" of step "${stepId}" must be ${expected}`);
    }
  }
  return null;
}

/** The date rule of a case's run (see CaseState.calendarDates). */
export function dateRuleOf(state: CaseState): DateRule {
  return state.calendarDates === true ? 'calendar' : 'lenient';
}

function openCase(state: CaseState): RuleViolation | null {
  if (state.status === 'closed') return violation('case_closed', `case ${state.reference} is closed`);
  if (state.status === 'on_hold')
    return violation('case_on_hold', `case ${state.reference} is on hold; resume it first`);
  return null;
}

function ownerRule(step: Step, input: CompleteStepInput): RuleViolation | null {
  if (step.kind === 'timer' || step.kind === 'end') {
    return violation(
      'step_not_completable',
      `a ${step.kind} step ("${step.id}") cannot be completed by a person`,
    );
  }
  if (step.kind === 'wait' && (step.owner === undefined || step.manualCompletion === false)) {
    // manualCompletion is absent (so allowed) only in definitions pinned before it existed.
    return violation(
      'step_not_completable',
      `step "${step.id}" completes only by its external event "${step.event}"` +
        (step.owner === undefined
          ? ''
          : '; record the event (POST /v1/cases/{id}/events), or allow manualCompletion in the definition'),
    );
  }
  const owner = step.owner as string;
  if (!input.actor.roles.includes(owner))
    return violation('not_owner', `step "${step.id}" is owned by the role "${owner}"`);
  return null;
}

/** Validates a completion of the current step (the update validator and the handler both call it). */
export function validateCompletion(state: CaseState, input: CompleteStepInput): RuleViolation | null {
  const closedOrHeld = openCase(state);
  if (closedOrHeld) return closedOrHeld;
  const step = currentStep(state);
  if (!step) return violation('case_closed', `case ${state.reference} is on no step`);
  if (state.family?.waiting && input.step === step.id)
    return violation(
      'waiting_for_family',
      `case ${state.reference} waits for its family group ${state.family.groupId} at "${state.family.waiting.key}"`,
    );
  if (input.step !== step.id) {
    return violation('wrong_step', `the case is on step "${step.id}", not "${input.step}"`);
  }
  const owner = ownerRule(step, input);
  if (owner) return owner;
  if (step.kind === 'end' || step.kind === 'timer') return null; // unreachable: ownerRule rejected them
  if (!hasOwnKey(step.outcomes, input.outcome)) {
    return violation(
      'unknown_outcome',
      `step "${step.id}" has outcomes ${Object.keys(step.outcomes).join(', ')}, not "${input.outcome}"`,
    );
  }
  const fields = checkFields(step.id, step.fields, input.data, 'reject', dateRuleOf(state));
  if (fields) return fields;
  const person = validatePerson(state, step, input);
  if (person) return person;
  if (fourEyesExcluded(state, step) === input.actor.id) {
    return violation(
      'four_eyes',
      `the reviewer of "${step.id}" may not be the person who completed the previous step`,
    );
  }
  return null;
}

/** Validates putting the case on hold. */
export function validateHold(state: CaseState, _input: HoldInput): RuleViolation | null {
  return openCase(state);
}

/** Validates resuming a held case. */
export function validateResume(state: CaseState, _input: ResumeInput): RuleViolation | null {
  if (state.status === 'closed') return violation('case_closed', `case ${state.reference} is closed`);
  if (state.status !== 'on_hold')
    return violation('case_not_on_hold', `case ${state.reference} is not on hold`);
  return null;
}

/** Validates handing the case to another caseworker (allowed while on hold). */
export function validateReassign(state: CaseState, input: ReassignInput): RuleViolation | null {
  if (state.status === 'closed') return violation('case_closed', `case ${state.reference} is closed`);
  if (input.assignee === state.assignee)
    return violation('same_assignee', `case ${state.reference} is already assigned to them`);
  return null;
}

/** Validates closing the case early, from any step, with a reason the definition allows. */
export function validateClose(state: CaseState, input: CloseInput): RuleViolation | null {
  if (state.status === 'closed') return violation('case_closed', `case ${state.reference} is already closed`);
  if (!state.definition.closureReasons.includes(input.reason)) {
    return violation(
      'unknown_closure_reason',
      `definition ${state.definition.id} does not allow closing for "${input.reason}"`,
    );
  }
  return null;
}
