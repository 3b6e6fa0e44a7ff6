// Case-level controls (hold, resume, reassign, close) and external events for wait steps.
// Like the step transitions: a new state plus effects, or the broken rule.
import { hasOwnKey } from '../../definitions/own';
import { externalEventKey } from '../../contract/keys';
import type {
  CloseInput,
  ExternalEventInput,
  HoldInput,
  ReassignInput,
  ResumeInput,
} from '../../contract/messages';
import {
  businessKey,
  notify,
  partnerUpdate,
  recordEvent,
  snapshotEffects,
  visitRecord,
} from './effect-builders';
import {
  checkFields,
  dateRuleOf,
  validateClose,
  validateHold,
  validateReassign,
  validateResume,
  type RuleViolation,
} from './rules';
import {
  bankFamilyPause,
  familyDecisionEffects,
  familyReportEffects,
  leaveFamily,
  releaseFromFamily,
  restartFamilyPause,
} from './family';
import type { FamilyRelease } from '../../contract/family';
import { copyState, leaveBySystem } from './steps';
import { currentStep, iso, type CaseState, type Effect, type Transition } from './state';

/** How many external event ids a case remembers for dedupe. */
export const SEEN_EVENT_LIMIT = 200;

/**
 * The events a case keeps while on hold or waiting for its family: at most this many, holding at
 * most WAITING_EVENT_DATA_LIMIT characters of data in all. The case's state is the input of its
 * continue-as-new, which Temporal refuses above 2 MB: unbounded, events sent to a held case
 * failed every workflow task of it (reminders stopped, actions 503) until it moved on.
 */
export const WAITING_EVENTS_LIMIT = 20;
export const WAITING_EVENT_DATA_LIMIT = 64_000;

/** Whether an event would be a second copy of one waiting, or pass the bounds above. */
function beyondWaiting(state: CaseState, input: ExternalEventInput): 'duplicate' | 'full' | null {
  if (state.deferredEvents.some((e) => e.eventId === input.eventId)) return 'duplicate';
  const held = state.deferredEvents.reduce((sum, e) => sum + JSON.stringify(e.data).length, 0);
  if (
    state.deferredEvents.length >= WAITING_EVENTS_LIMIT ||
    held + JSON.stringify(input.data).length > WAITING_EVENT_DATA_LIMIT
  )
    return 'full';
  return null;
}

/** The transition, its state remembering the event id (the newest SEEN_EVENT_LIMIT are kept for dedupe). */
function remembered(t: Transition, eventId: string): Transition {
  t.state.seenEventIds = [...t.state.seenEventIds, eventId].slice(-SEEN_EVENT_LIMIT);
  return t;
}

function withControl(state: CaseState): CaseState {
  const next = copyState(state);
  next.controls += 1;
  next.revision += 1;
  return next;
}

/** Puts the case on hold: reminders stop and the step's clocks pause until resume. */
export function holdCase(state: CaseState, input: HoldInput, now: number): Transition | RuleViolation {
  const broken = validateHold(state, input);
  if (broken) return broken;
  const next = withControl(state);
  bankFamilyPause(next, now); // the hold pauses the clock from here: not counted twice
  Object.assign(next, { status: 'on_hold', holdStartedAt: now, holdReason: input.reason });
  const key = businessKey(next, 'hold', 'case', next.controls);
  const step = currentStep(next);
  const effects: Effect[] = [
    recordEvent(next, key, 'case_on_hold', now, { actor: input.actor.id }),
    notify(next, key, 'case_on_hold', 'assignee', step),
    ...partnerUpdate(next, step, 'case_on_hold', key, now),
    ...snapshotEffects(next, now),
  ];
  return { state: next, effects };
}

/** Resumes a held case: every clock of the current visit moves by the hold's length. */
export function resumeCase(state: CaseState, input: ResumeInput, now: number): Transition | RuleViolation {
  const broken = validateResume(state, input);
  if (broken) return broken;
  let next = withControl(state);
  const held = now - (next.holdStartedAt ?? now);
  if (next.current) next.current.pausedMs += held;
  Object.assign(next, { status: 'open', holdStartedAt: null, holdReason: null });
  restartFamilyPause(next, now);
  const entry = next.current ? next.history.find((h) => h.visit === next.current?.visit) : undefined;
  if (entry && entry.dueAt) entry.dueAt = iso(Date.parse(entry.dueAt) + held);
  const key = businessKey(next, 'resume', 'case', next.controls);
  const step = currentStep(next);
  const effects: Effect[] = [
    recordEvent(next, key, 'case_resumed', now, { actor: input.actor.id, detail: { heldMs: held } }),
    ...visitRecord(next),
    notify(next, key, 'case_resumed', 'assignee', step),
    ...partnerUpdate(next, step, 'case_resumed', key, now),
    ...snapshotEffects(next, now),
  ];
  const deferred = next.deferredEvents;
  next.deferredEvents = [];
  for (const event of deferred) {
    const applied = receiveEventSafely(next, event, now);
    next = applied.state;
    effects.push(...applied.effects);
  }
  return { state: next, effects };
}

/** Hands the case to another caseworker: later reminders go to them. */
export function reassignCase(
  state: CaseState,
  input: ReassignInput,
  now: number,
): Transition | RuleViolation {
  const broken = validateReassign(state, input);
  if (broken) return broken;
  const next = withControl(state);
  next.assignee = input.assignee;
  const key = businessKey(next, 'reassign', 'case', next.controls);
  const effects: Effect[] = [
    recordEvent(next, key, 'case_reassigned', now, { actor: input.actor.id }),
    notify(next, key, 'case_reassigned', 'assignee', currentStep(next)),
    ...snapshotEffects(next, now),
  ];
  return { state: next, effects };
}

/** Closes the case early from any step, with a reason; the workflow then ends. */
export function closeCase(state: CaseState, input: CloseInput, now: number): Transition | RuleViolation {
  const broken = validateClose(state, input);
  if (broken) return broken;
  const next = withControl(state);
  Object.assign(next, {
    status: 'closed',
    closureReason: input.reason,
    holdStartedAt: null,
    deferredEvents: [],
  });
  const entry = next.history[next.history.length - 1];
  if (entry && !entry.leftAt) Object.assign(entry, { leftAt: iso(now), actor: input.actor.id });
  const key = businessKey(next, 'close', 'case', 1);
  const step = currentStep(next);
  const effects: Effect[] = [
    ...visitRecord(next),
    recordEvent(next, key, 'case_closed', now, { actor: input.actor.id, detail: { reason: input.reason } }),
    notify(next, key, 'case_closed', 'assignee', step, { reason: input.reason }),
    ...partnerUpdate(next, step, 'case_closed', key, now),
    ...familyReportEffects(next),
    ...snapshotEffects(next, now),
  ];
  return { state: next, effects };
}

function ignored(
  state: CaseState,
  input: Pick<ExternalEventInput, 'event' | 'eventId'>,
  reason: string,
  now: number,
): Transition {
  const next = copyState(state);
  next.revision += 1;
  const key = externalEventKey(state.caseId, input.eventId);
  return {
    state: next,
    effects: [
      recordEvent(next, key, 'external_event_ignored', now, { detail: { event: input.event, reason } }),
    ],
  };
}

/**
 * An external event (signal). The same eventId counts once. While on hold it waits for resume.
 * An event for another step (or a closed case, an unknown outcome, missing or mistyped data)
 * changes nothing and is recorded as ignored with the reason, so an operator can see and
 * resend it. Extra data the step does not collect is tolerated (sources send more than we use).
 */
export function receiveEvent(
  state: CaseState,
  input: ExternalEventInput,
  now: number,
  bounded: () => boolean = () => true,
): Transition {
  if (state.seenEventIds.includes(input.eventId)) return { state, effects: [] };
  const remember = (t: Transition) => remembered(t, input.eventId);
  // On hold, or waiting for the family on a joint step: the event waits too (applied on resume or
  // release), within bounds; `bounded` says whether this run keeps them (cases recorded before
  // kept every event: the workflow asks its patch, only when an event is beyond them).
  if (state.status === 'on_hold' || (state.status === 'open' && state.family?.waiting)) {
    const beyond = beyondWaiting(state, input);
    if (beyond && bounded()) {
      if (beyond === 'duplicate') return { state, effects: [] };
      return remember(ignored(state, input, 'too_many_waiting_events', now));
    }
    const next = copyState(state);
    next.deferredEvents.push({
      event: input.event,
      outcome: input.outcome,
      eventId: input.eventId,
      data: input.data,
    });
    next.revision += 1;
    return { state: next, effects: [] };
  }
  const step = currentStep(state);
  if (state.status === 'closed' || !step) return remember(ignored(state, input, 'case_closed', now));
  if (step.kind !== 'wait' || step.event !== input.event)
    return remember(ignored(state, input, `not_awaited_on_${step.id}`, now));
  if (!hasOwnKey(step.outcomes, input.outcome))
    return remember(ignored(state, input, `unknown_outcome_${input.outcome}`, now));
  const fields = checkFields(step.id, step.fields, input.data, 'allow', dateRuleOf(state));
  if (fields) return remember(ignored(state, input, fields.rule, now));
  const left = leaveBySystem(state, input.outcome, `event:${input.event}`, now);
  left.effects.push(...familyDecisionEffects(state, step, input));
  left.effects.unshift(
    recordEvent(state, externalEventKey(state.caseId, input.eventId), 'external_event', now, {
      outcome: input.outcome,
      detail: { event: input.event },
    }),
  );
  return remember(left);
}

/**
 * receiveEvent that cannot fail: an unexpected error (a defect, or a definition the engine
 * cannot follow) records the event as ignored with reason `unexpected_error` instead of
 * failing the workflow task, which would make the case unreadable until a fixed worker runs.
 */
export function receiveEventSafely(
  state: CaseState,
  input: ExternalEventInput,
  now: number,
  bounded?: () => boolean,
): Transition {
  try {
    return receiveEvent(state, input, now, bounded);
  } catch {
    return remembered(ignored(state, input, 'unexpected_error', now), input.eventId);
  }
}

/** Events that waited for the family (or a hold that has ended) are applied once the case moves on. */
function withDeferredEvents(moved: Transition, now: number): Transition {
  if (moved.state.status !== 'open' || moved.state.family?.waiting || moved.state.deferredEvents.length === 0)
    return moved;
  let next = moved.state;
  const effects = [...moved.effects];
  const deferred = next.deferredEvents;
  next.deferredEvents = [];
  for (const event of deferred) {
    const applied = receiveEventSafely(next, event, now);
    next = applied.state;
    effects.push(...applied.effects);
  }
  return { state: next, effects };
}

/** The family releases a waiting member: it moves on, and events that arrived meanwhile apply. */
export function releaseByFamily(state: CaseState, release: FamilyRelease, now: number): Transition {
  return withDeferredEvents(releaseFromFamily(state, release, now), now);
}

/** The case was removed from its family group: no longer held, and events that waited apply. */
export function removedFromFamily(
  state: CaseState,
  left: { groupId: string; epoch: number },
  now: number,
): Transition {
  return withDeferredEvents(leaveFamily(state, left, now), now);
}
