// Helpers for the machine tests: unwrap transitions and pick effects by kind.
import type { Effect, RuleViolation, Transition } from '../../../workflows/machine';

/** The transition, failing the test with the rule's message when a rule was broken. */
export function ok(result: Transition | RuleViolation): Transition {
  if ('rule' in result) throw new Error(`expected a transition, got ${result.message}`);
  return result;
}

/** The violation, failing the test when the request was accepted. */
export function broken(result: Transition | RuleViolation): RuleViolation {
  if (!('rule' in result)) throw new Error('expected a rule violation, got a transition');
  return result;
}

/** Effects of one kind. */
export function effectsOf<K extends Effect['kind']>(
  effects: Effect[],
  kind: K,
): Extract<Effect, { kind: K }>[] {
  return effects.filter((e): e is Extract<Effect, { kind: K }> => e.kind === kind);
}

/** Message kinds and keys of the notify effects. */
export function messages(effects: Effect[]): string[] {
  return effectsOf(effects, 'notify').map((e) => `${e.request.kind} ${e.request.businessKey}`);
}

/** Kinds of the recorded projection events. */
export function recorded(effects: Effect[]): string[] {
  return effectsOf(effects, 'record_event').map((e) => e.event.kind);
}
