// The rules the case workflow enforces before a case changes. A rejected update carries a
// RuleViolation as its failure's first detail; the API maps the rule name to an HTTP status.

/** Every rule the case state machine can report as broken. */
export const RULE_NAMES = [
  'invalid_input',
  'case_closed',
  'case_on_hold',
  'case_not_on_hold',
  'wrong_step',
  'step_not_completable',
  'unknown_outcome',
  'missing_field',
  'mistyped_field',
  'unknown_field',
  'not_owner',
  'four_eyes',
  'unknown_closure_reason',
  'same_assignee',
  'waiting_for_family',
  'in_another_family',
  'not_in_family',
  'nothing_waiting',
  'family_merged',
  'family_full',
  'not_movable',
  'person_required',
  'person_not_expected',
  'unknown_person',
  'person_not_of_relationship',
  'person_already_done',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

/** A broken rule: which one, and a message a caseworker can act on. */
export interface RuleViolation {
  rule: RuleName;
  message: string;
  /** Where in the request the broken rule points, e.g. `body.person` (absent: the request as a whole). */
  path?: string;
}

/** Whether a value (e.g. a failure detail read back from Temporal) names a known rule. */
export function isRuleName(value: unknown): value is RuleName {
  return typeof value === 'string' && (RULE_NAMES as readonly string[]).includes(value);
}
