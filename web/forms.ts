// From a submitted completion form to the API's own request body, and from the API's answer to
// messages beside the fields. The rules themselves stay in the API schema and the workflow.
import type { Step } from '../definitions/schema';
import { ApiError } from '../api/errors';
import { CompleteStepBody } from '../api/schemas/case-state';
import type { WebText } from './i18n/catalog';
import type { FormState } from './pages/case';

type FormBody = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The values as typed (to show the form again). */
export function formValues(form: FormBody): Record<string, string> {
  return Object.fromEntries(
    Object.entries(form)
      .filter(([k]) => k !== '_csrf')
      .map(([k, v]) => [k, text(v)]),
  );
}

/**
 * The complete-step body of a form: each field of the step read by its type (an empty input is
 * "not given"; a number that does not parse is passed on as typed, for the rules to refuse).
 */
export function completeStepInput(step: Step | undefined, form: FormBody) {
  const data: Record<string, string | number | boolean> = {};
  for (const field of step && 'fields' in step ? step.fields : []) {
    const raw = text(form[`field:${field.name}`]).trim();
    if (field.type === 'boolean') data[field.name] = raw === 'true';
    else if (raw === '') continue;
    else if (field.type === 'number') data[field.name] = Number.isFinite(Number(raw)) ? Number(raw) : raw;
    else data[field.name] = raw;
  }
  const comment = text(form.comment).trim();
  return CompleteStepBody.safeParse({
    step: text(form.step),
    ...(text(form.outcome) ? { outcome: text(form.outcome) } : {}),
    data,
    ...(comment ? { comment } : {}),
  });
}

/** Where each zod issue of the body belongs: the outcome, a field, or the whole form. */
export function issuesToErrors(
  issues: { path: (string | number)[] }[],
  words: WebText,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const [head, name] = issue.path;
    if (head === 'outcome') errors.outcome = words.unknownOutcome;
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
};

const CODE_WORDS: Record<ApiError['code'], keyof WebText> = {
  malformed: 'badRequest',
  payload_too_large: 'badRequest',
  unauthenticated: 'forbidden',
  forbidden: 'forbidden',
  not_found: 'notFound',
  conflict: 'conflict',
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
        : '';
  return { values: formValues(form), errors: { [key]: sentence } };
}
