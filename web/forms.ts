// From a submitted completion form to the API's own request body, and from the API's answer to
// messages beside the fields. The rules themselves stay in the API schema and the workflow.
import type { Step } from '../definitions/schema';
import { hasOwnKey } from '../definitions/own';
import type { ExternalEventInput } from '../contract/messages';
import { checkFields } from '../workflows/machine/rules';
import { ApiError, ruleError } from '../api/errors';
import { CompleteStepBody, ExternalEventBody } from '../api/schemas/case-state';
import type { WebText } from './i18n/catalog';
import type { FormState } from './pages/case';

type FormBody = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** A comma-separated list as typed ("KE, UG"), or the values of repeated fields (check boxes). */
export function listOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(text) : text(value).split(',');
  return items.map((item) => item.trim()).filter(Boolean);
}

/** The values as typed (to show the form again). */
export function formValues(form: FormBody): Record<string, string> {
  return Object.fromEntries(
    Object.entries(form)
      .filter(([k]) => k !== '_csrf')
      .map(([k, v]) => [k, Array.isArray(v) ? v.map(text).join(',') : text(v)]),
  );
}

/**
 * The data of a step's fields in a form, each read by its type (an empty input is "not given";
 * a number that does not parse is passed on as typed, for the rules to refuse).
 */
function stepData(step: Step | undefined, form: FormBody) {
  const data: Record<string, string | number | boolean> = {};
  for (const field of step && 'fields' in step ? step.fields : []) {
    const raw = text(form[`field:${field.name}`]).trim();
    if (field.type === 'boolean') data[field.name] = raw === 'true';
    else if (raw === '') continue;
    else if (field.type === 'number') data[field.name] = Number.isFinite(Number(raw)) ? Number(raw) : raw;
    else data[field.name] = raw;
  }
  return data;
}

/** The complete-step body of a form, parsed by the API's own schema. */
export function completeStepInput(step: Step | undefined, form: FormBody) {
  const comment = text(form.comment).trim();
  return CompleteStepBody.safeParse({
    step: text(form.step),
    ...(text(form.outcome) ? { outcome: text(form.outcome) } : {}),
    data: stepData(step, form),
    ...(comment ? { comment } : {}),
    ...(text(form.person) ? { person: text(form.person) } : {}),
  });
}

/** The external-event body of a form on a wait step, parsed by the API's own schema. */
export function externalEventInput(step: Step | undefined, form: FormBody) {
  return ExternalEventBody.safeParse({
    event: step?.kind === 'wait' ? step.event : '',
    outcome: text(form.outcome),
    data: stepData(step, form),
    eventId: text(form.eventId).trim(),
  });
}

/** Why a case cannot take an external event now: it is closed, or its step awaits none. */
export function notAwaiting(status: string, step: Step | undefined): ApiError | null {
  if (status === 'closed') return ruleError('case_closed', 'the case is closed');
  return step?.kind === 'wait' ? null : ruleError('wrong_step', 'the case is not waiting for an event');
}

/**
 * Why the workflow would set this event aside, checked before sending it with the workflow's
 * own rules (a signal is accepted at once and an ignored event is only recorded, so a person
 * is told here instead): the step must await it, know its outcome, and get its fields.
 */
export function eventViolation(step: Step | undefined, body: ExternalEventInput): ApiError | null {
  if (step?.kind !== 'wait' || step.event !== body.event)
    return ruleError('wrong_step', 'the case is not waiting for this event');
  if (!hasOwnKey(step.outcomes, body.outcome))
    return ruleError('unknown_outcome', `step "${step.id}" has no outcome "${body.outcome}"`);
  const broken = checkFields(step.id, step.fields, body.data, 'allow');
  return broken ? ruleError(broken.rule, broken.message) : null;
}

/**
 * The zod issues of a form beside its fields: "required" where the field was left empty, else
 * "not valid here"; `fieldOf` names the form field of an issue's path.
 */
export function fieldErrors(
  issues: { path: (string | number)[] }[],
  words: WebText,
  typed: Record<string, string>,
  fieldOf: (path: (string | number)[]) => string = (path) => String(path[0] ?? ''),
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    const empty = !(Object.hasOwn(typed, field) && typed[field]!.trim());
    errors[field] ??= empty ? words.required : words.mistyped;
  }
  return errors;
}

/** Where each zod issue of the body belongs: the outcome, a field, or the whole form. */
export function issuesToErrors(
  issues: { path: (string | number)[]; code?: string }[],
  words: WebText,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const [head, name] = issue.path;
    if (head === 'outcome') errors.outcome = words.unknownOutcome;
    else if (head === 'person') errors.person = words.personUnknown;
    else if (head === 'eventId')
      errors.eventId = issue.code === 'too_small' ? words.required : words.mistyped;
    else if (head === 'data' && typeof name === 'string') errors[name] = words.mistyped;
    else errors[''] = words.badRequest;
  }
  return errors;
}

const RULE_WORDS: Partial<Record<string, keyof WebText>> = {
  missing_field: 'required',
  mistyped_field: 'mistyped',
  unknown_field: 'unknownField',
  unknown_outcome: 'unknownOutcome',
  not_owner: 'notOwner',
  four_eyes: 'fourEyes',
  wrong_step: 'wrongStep',
  step_not_completable: 'wrongStep',
  case_closed: 'caseClosed',
  case_on_hold: 'caseOnHold',
  case_not_on_hold: 'caseNotOnHold',
  person_required: 'personRequired',
  person_already_done: 'personAlreadyDone',
  person_not_of_relationship: 'personUnknown',
  unknown_person: 'personUnknown',
  person_not_expected: 'wrongStep',
};

const CODE_WORDS: Record<ApiError['code'], keyof WebText> = {
  malformed: 'badRequest',
  payload_too_large: 'badRequest',
  unauthenticated: 'forbidden',
  forbidden: 'forbidden',
  not_found: 'notFound',
  conflict: 'conflict',
  case_erased: 'notFound',
  rule_violation: 'badRequest',
  rate_limited: 'unavailable',
  dependency_unavailable: 'unavailable',
  internal: 'unavailable',
};

/** The sentence for an API error in the person's language (by its rule, else its code). */
export function sentenceOf(err: ApiError, words: WebText): string {
  const rule = (err.details as { rule?: string } | undefined)?.rule;
  const key = (rule && RULE_WORDS[rule]) || CODE_WORDS[err.code];
  return words[key];
}

/** The rules about whom a per-person completion is for: said beside the person choice. */
const PERSON_RULES = [
  'person_required',
  'person_already_done',
  'person_not_of_relationship',
  'unknown_person',
];

/** A rejected completion as form errors: beside the field the rule names, else above the form. */
export function rejectionToForm(err: ApiError, form: FormBody, words: WebText): FormState {
  const rule = (err.details as { rule?: string } | undefined)?.rule;
  const field = /field "([^"]+)"/.exec(err.message)?.[1];
  const sentence = sentenceOf(err, words);
  const key =
    field && ['missing_field', 'mistyped_field', 'unknown_field'].includes(rule ?? '')
      ? field
      : rule === 'unknown_outcome'
        ? 'outcome'
        : PERSON_RULES.includes(rule ?? '')
          ? 'person'
          : '';
  return { values: formValues(form), errors: { [key]: sentence } };
}
