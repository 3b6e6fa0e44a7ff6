// Walking the steps: start a case, enter a step, leave it by an outcome, and the passage of
// time (reminders, wait timeouts, timers). Each function takes a state and returns a new
// state plus the effects it owes; the input state is never changed.
import { ownValue } from '../../definitions/own';
import type { Step } from '../../definitions/schema';
import { enteredUpdateKey } from '../../contract/keys';
import type { CompleteStepInput, StartCaseInput } from '../../contract/messages';
import {
  baseDueAt,
  effectiveDueAt,
  entryAnchor,
  owedReminders,
  reminderRules,
  upcomingReminders,
} from './deadlines';
import {
  businessKey,
  notify,
  partnerUpdate,
  recordEvent,
  snapshotEffects,
  stepNotifications,
  visitRecord,
} from './effect-builders';
import { enterJointStep, familyReportEffects, pausedForFamily } from './family';
import { completeForPerson, personsAtEntry } from './persons';
import { validateCompletion, type RuleViolation } from './rules';
import {
  assertNever,
  currentStep,
  iso,
  keepRecentVisits,
  stepById,
  type CaseState,
  type Effect,
  type Transition,
} from './state';

/**
 * A deep copy for a transition to work on, sharing the definition: no transition changes a
 * definition (a migration replaces it whole), and copying it made every step pay for its size.
 */
export function copyState(state: CaseState): CaseState {
  const copy = JSON.parse(JSON.stringify({ ...state, definition: null })) as CaseState;
  copy.definition = state.definition;
  return copy;
}

/** Message kind of each reminder rule kind. */
const REMINDER_MESSAGE = {
  before_due: 'reminder_before_due',
  at_due: 'due_today',
  overdue: 'overdue',
  escalate: 'escalation',
} as const;

/** The state of a case that has just started, before it enters its first step. */
export function initialState(input: StartCaseInput, workflowId: string): CaseState {
  return {
    caseId: input.caseId,
    workflowId,
    reference: input.reference,
    definition: input.definition,
    definitionVersion: input.definitionVersion,
    priority: input.priority,
    assignee: input.assignee,
    partners: input.partners,
    status: 'open',
    current: null,
    visits: 0,
    history: [],
    holdStartedAt: null,
    holdReason: null,
    closureReason: null,
    controls: 0,
    seenEventIds: [],
    deferredEvents: [],
    partnerEvents: 0,
    revision: 0,
    calendarDates: true,
    ...(input.people ? { people: input.people.map((p) => ({ ...p })) } : {}),
    ...(input.country ? { country: input.country } : {}),
  };
}

/** Rules a run decides once (by `patched()`), known before the case enters its first step. */
export type RunRules = Pick<CaseState, 'waitRemindersFromEntry' | 'calendarDates' | 'personSteps'>;

/** Starts a case: records it and enters the definition's start step (for each person it concerns). */
export function startCase(
  input: StartCaseInput,
  workflowId: string,
  now: number,
  rules: RunRules = {},
): Transition {
  const state = { ...initialState(input, workflowId), ...rules };
  const effects: Effect[] = [
    recordEvent(state, `${state.caseId}:v0:started:case:1`, 'case_started', now, {
      actor: input.startedBy,
      detail: { definitionId: input.definition.id, definitionVersion: input.definitionVersion },
    }),
  ];
  enterStep(state, input.definition.start, now, effects);
  return { state, effects };
}

/** Enters a step (mutates the working copy): new visit, deadline, notifications, projection. */
function enterStep(state: CaseState, stepId: string, now: number, effects: Effect[]): void {
  const step = stepById(state.definition, stepId);
  state.visits += 1;
  state.revision += 1;
  state.current = {
    visit: state.visits,
    step: step.id,
    enteredAt: now,
    pausedMs: 0,
    sent: {},
    baseDueAt: baseDueAt(step, state.priority, now, state.definition),
  };
  const persons = personsAtEntry(state, step);
  if (persons) state.current.persons = persons;
  const dueAt = effectiveDueAt(state.current);
  state.history.push({
    visit: state.visits,
    step: step.id,
    kind: step.kind,
    enteredAt: iso(now),
    ...(dueAt !== null ? { dueAt: iso(dueAt) } : {}),
  });
  keepRecentVisits(state);
  if (step.kind === 'end') {
    state.status = 'closed';
    state.closureReason = step.reason;
    const entry = state.history[state.history.length - 1];
    if (entry) entry.leftAt = iso(now);
  }
  enterJointStep(state, now);
  // Evaluated in order: each partner update takes the next number of the case's sequence.
  effects.push(
    ...visitRecord(state),
    recordEvent(state, businessKey(state, 'entered', step.id, 1), 'step_entered', now),
    ...stepNotifications(state, step, 'enter'),
    ...partnerUpdate(
      state,
      step,
      step.kind === 'end' ? 'case_closed' : 'step_entered',
      enteredUpdateKey(state.caseId, state.visits),
      now,
    ),
    ...(state.family?.waiting
      ? partnerUpdate(state, step, 'family_waiting', `${state.caseId}:v${state.visits}:family_waiting`, now)
      : []),
    ...familyReportEffects(state),
    ...snapshotEffects(state, now),
  );
}

/** Leaves the current step by an outcome and enters the next one (mutates the working copy). */
function leaveStep(
  state: CaseState,
  step: Step,
  outcome: string,
  actor: string,
  now: number,
  effects: Effect[],
): void {
  if (step.kind === 'end') throw new Error(`An end step ("${step.id}") has no outcomes`);
  const next = ownValue(step.outcomes, outcome);
  if (next === undefined) throw new Error(`Step "${step.id}" has no outcome "${outcome}"`);
  const entry = state.history[state.history.length - 1];
  if (entry) Object.assign(entry, { leftAt: iso(now), outcome, actor });
  effects.push(
    ...visitRecord(state),
    recordEvent(state, businessKey(state, 'left', step.id, 1), 'step_completed', now, { outcome, actor }),
    ...stepNotifications(state, step, 'leave'),
    ...stepNotifications(state, step, 'outcome', outcome),
  );
  enterStep(state, next, now, effects);
}

/** Completes the current step for a person; a broken rule comes back instead of a transition. */
export function completeStep(
  state: CaseState,
  input: CompleteStepInput,
  now: number,
): Transition | RuleViolation {
  const broken = validateCompletion(state, input);
  if (broken) return broken;
  const next = copyState(state);
  const effects: Effect[] = [];
  const step = currentStep(next) as Step;
  let outcome: string | undefined = input.outcome;
  // validateCompletion has made sure a per-person step names one of its persons.
  if (next.current?.persons && (step.kind === 'task' || step.kind === 'approval'))
    outcome = completeForPerson(next, step, input, now, effects);
  if (outcome !== undefined) leaveStep(next, step, outcome, input.actor.id, now, effects);
  return { state: next, effects };
}

/** Leaves the current step for the system (an external event or a clock), without person rules. */
export function leaveBySystem(state: CaseState, outcome: string, actor: string, now: number): Transition {
  const next = copyState(state);
  const effects: Effect[] = [];
  leaveStep(next, currentStep(next) as Step, outcome, actor, now, effects);
  return { state: next, effects };
}

/** The outcome a step's own clock brings, if the clock has run out at `now`. */
function clockOutcome(step: Step, dueAt: number | null, now: number): string | undefined {
  if (dueAt === null || now < dueAt) return undefined;
  switch (step.kind) {
    case 'timer':
      return Object.keys(step.outcomes)[0];
    case 'wait':
      return step.timeout?.outcome;
    case 'task':
    case 'approval':
    case 'end':
      return undefined;
    default:
      return assertNever(step);
  }
}

/** The passage of time: a timer or wait timeout that ran out, else the reminders owed at `now`. */
export function tick(state: CaseState, now: number): Transition {
  const visit = state.current;
  const step = currentStep(state);
  if (state.status !== 'open' || !visit || !step || pausedForFamily(state)) return { state, effects: [] };
  // A case waiting for its family stays on the joint step: its clock brings no outcome until released.
  const outcome = state.family?.waiting ? undefined : clockOutcome(step, effectiveDueAt(visit), now);
  if (outcome !== undefined)
    return leaveBySystem(state, outcome, step.kind === 'timer' ? 'system:timer' : 'system:timeout', now);
  const owed = owedReminders(
    reminderRules(step),
    visit,
    state.definition,
    now,
    entryAnchor(step, visit, state.waitRemindersFromEntry === true),
  );
  if (Object.keys(owed.handled).length === 0) return { state, effects: [] };
  const next = copyState(state);
  const effects: Effect[] = [];
  Object.assign((next.current as typeof visit).sent, owed.handled);
  next.revision += 1;
  for (const reminder of owed.send) {
    const key = businessKey(next, reminder.kind, reminder.rule, reminder.occurrence);
    effects.push(
      notify(next, key, REMINDER_MESSAGE[reminder.kind], reminder.to, step, {
        rule: reminder.rule,
        occurrence: String(reminder.occurrence),
      }),
      recordEvent(next, key, 'reminder', now, {
        detail: { rule: reminder.rule, reminderKind: reminder.kind, occurrence: reminder.occurrence },
      }),
    );
  }
  return { state: next, effects };
}

/** When time next matters for the case (a reminder, a timer, a timeout); null = only messages can move it. */
export function nextWakeAt(state: CaseState): number | null {
  const visit = state.current;
  const step = currentStep(state);
  if (state.status !== 'open' || !visit || !step || pausedForFamily(state)) return null;
  const due = state.family?.waiting ? null : effectiveDueAt(visit);
  const times = upcomingReminders(
    reminderRules(step),
    visit,
    state.definition,
    entryAnchor(step, visit, state.waitRemindersFromEntry === true),
  ).map((r) => r.at);
  if (due !== null && clockOutcome(step, due, Number.POSITIVE_INFINITY) !== undefined) times.push(due);
  return times.length === 0 ? null : Math.min(...times);
}
