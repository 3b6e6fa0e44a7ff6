// A case's side of its family group: joining, waiting on a joint step, being released, leaving
// or following a merge. Like the other transitions: a new state plus effects, or the broken rule.
import {
  FAMILY_EVENT_PREFIX,
  type FamilyHeldUp,
  type FamilyRelease,
  type JoinFamilyInput,
  type MemberReport,
} from '../../contract/family';
import type { ExternalEventInput } from '../../contract/messages';
import type { Step } from '../../definitions/schema';
import { jointKeyOf, jointKeysAhead, pausesWhileWaiting } from '../../definitions/together';
import type { RuleViolation } from './rules';
import { currentStep, iso, type CaseState, type Effect, type Transition } from './state';
import {
  currentDueAt,
  notify,
  partnerUpdate,
  recordEvent,
  snapshotEffects,
  visitRecord,
} from './effect-builders';

function violation(rule: RuleViolation['rule'], message: string): RuleViolation {
  return { rule, message: `${rule}: ${message}` };
}

function copy(state: CaseState): CaseState {
  return JSON.parse(JSON.stringify(state)) as CaseState;
}

/** What the case tells its family about itself now; null when it is in no family. */
export function memberReport(state: CaseState): MemberReport | null {
  const family = state.family;
  if (!family) return null;
  const closed = state.status === 'closed';
  return {
    caseId: state.caseId,
    workflowId: state.workflowId,
    groupId: family.groupId,
    epoch: family.epoch,
    revision: state.revision,
    closed,
    ahead: closed || !state.current ? [] : jointKeysAhead(state.definition, state.current.step),
    dueAt: state.status === 'open' && !pausedForFamily(state) && !family.waiting ? currentDueAt(state) : null,
    waiting: family.waiting
      ? { key: family.waiting.key, visit: family.waiting.visit, since: iso(family.waiting.since) }
      : null,
  };
}

/** The effect that sends the case's report to its family, if it has one. */
export function familyReportEffects(state: CaseState): Effect[] {
  const report = memberReport(state);
  return report ? [{ kind: 'family_report', report }] : [];
}

/** Whether the case waits for its family on a step whose clock is paused meanwhile. */
export function pausedForFamily(state: CaseState): boolean {
  return state.family?.waiting?.pauseFrom != null;
}

/** The rule a join breaks: a closed case joins nothing; a case is in at most one family group. */
export function validateJoin(state: CaseState, input: JoinFamilyInput): RuleViolation | null {
  if (state.status === 'closed') return violation('case_closed', `case ${state.reference} is closed`);
  const group = state.family?.groupId;
  if (group !== undefined && group !== input.groupId)
    return violation('in_another_family', `case ${state.reference} is already in family group ${group}`);
  return null;
}

/** Joins a family group (joining the same group again changes nothing and reports again). */
export function joinFamily(
  state: CaseState,
  input: JoinFamilyInput,
  now: number,
): Transition | RuleViolation {
  const broken = validateJoin(state, input);
  if (broken) return broken;
  if (state.family) return { state, effects: familyReportEffects(state) };
  const next = copy(state);
  next.revision += 1;
  next.family = { groupId: input.groupId, epoch: next.revision, waiting: null };
  const effects: Effect[] = [
    recordEvent(
      next,
      `${next.caseId}:family:${input.groupId}:${next.revision}:joined`,
      'family_joined',
      now,
      {
        actor: input.actor.id,
        detail: { groupId: input.groupId },
      },
    ),
    ...familyReportEffects(next),
  ];
  return { state: next, effects };
}

/** On entering a step (working copy): a joint step makes a family member wait for the others. */
export function enterJointStep(state: CaseState, now: number): void {
  const step = currentStep(state);
  if (!state.family || !step || !state.current) return;
  const key = jointKeyOf(step);
  state.family.waiting =
    key === undefined || state.status !== 'open'
      ? null
      : { key, visit: state.current.visit, since: now, pauseFrom: pausesWhileWaiting(step) ? now : null };
}

/** Stops the family pause of the clock (working copy): the time paused moves every clock of the visit. */
export function bankFamilyPause(state: CaseState, now: number): void {
  const waiting = state.family?.waiting;
  if (!waiting || waiting.pauseFrom === null || !state.current) return;
  const paused = now - waiting.pauseFrom;
  state.current.pausedMs += paused;
  const entry = state.history.find((h) => h.visit === state.current?.visit);
  if (entry?.dueAt) entry.dueAt = iso(Date.parse(entry.dueAt) + paused);
  waiting.pauseFrom = null;
}

/** Starts the family pause again after a hold ends (working copy), when the step pauses. */
export function restartFamilyPause(state: CaseState, now: number): void {
  const waiting = state.family?.waiting;
  const step = currentStep(state);
  if (waiting && step && pausesWhileWaiting(step)) waiting.pauseFrom = now;
}

function released(state: CaseState, cause: string, key: string, by: string, now: number): Transition {
  const next = copy(state);
  if (next.status === 'open') bankFamilyPause(next, now);
  if (next.family) next.family.waiting = null;
  next.revision += 1;
  const effects: Effect[] = [
    ...visitRecord(next),
    recordEvent(
      next,
      `${next.caseId}:family:v${next.current?.visit ?? 0}:${key}:released`,
      'family_released',
      now,
      {
        actor: by,
        detail: { key, cause },
      },
    ),
    ...partnerUpdate(
      next,
      currentStep(next),
      'family_released',
      `${next.caseId}:v${next.current?.visit ?? 0}:family_released`,
      now,
    ),
    ...familyReportEffects(next),
    ...snapshotEffects(next, now),
  ];
  return { state: next, effects };
}

/** The family lets a waiting member move on; a stale release (another visit or key) changes nothing. */
export function releaseFromFamily(state: CaseState, release: FamilyRelease, now: number): Transition {
  const waiting = state.family?.waiting;
  if (state.status === 'closed' || !waiting || waiting.key !== release.key || waiting.visit !== release.visit)
    return { state, effects: [] };
  return released(state, release.cause, release.key, release.by, now);
}

/** The case left its family group (removed, split): it no longer waits and reports nothing more. */
export function leaveFamily(
  state: CaseState,
  left: { groupId: string; epoch: number },
  now: number,
): Transition {
  const family = state.family;
  if (!family || family.groupId !== left.groupId || family.epoch !== left.epoch)
    return { state, effects: [] };
  const moved = family.waiting
    ? released(state, 'left_family', family.waiting.key, 'system:family', now)
    : null;
  const next = moved ? moved.state : copy(state);
  next.family = null;
  if (!moved) next.revision += 1;
  const effects: Effect[] = [
    ...(moved ? moved.effects.filter((e) => e.kind !== 'family_report') : []),
    recordEvent(next, `${next.caseId}:family:${left.groupId}:${left.epoch}:left`, 'family_left', now, {
      detail: { groupId: left.groupId },
    }),
  ];
  return { state: next, effects };
}

/** The case's group was merged into another: it now reports there. */
export function followMerge(state: CaseState, moved: { from: string; to: string }, now: number): Transition {
  if (state.family?.groupId !== moved.from) return { state, effects: [] };
  const next = copy(state);
  (next.family as NonNullable<CaseState['family']>).groupId = moved.to;
  next.revision += 1;
  return {
    state: next,
    effects: [
      recordEvent(next, `${next.caseId}:family:${moved.from}:merged:${moved.to}`, 'family_merged', now, {
        detail: { from: moved.from, to: moved.to },
      }),
      ...familyReportEffects(next),
    ],
  };
}

/**
 * The family is held up by another member's overdue step: the waiting case's caseworker and
 * the supervisors are told once per (member waited on, due date), in their language, with the
 * case ids and the days only.
 */
export function heldUpByFamily(state: CaseState, notice: FamilyHeldUp, now: number): Transition {
  const family = state.family;
  if (!family?.waiting || state.status !== 'open') return { state, effects: [] };
  const step = currentStep(state);
  const key = `${state.caseId}:family:${notice.waitingOn}:${notice.overdueSince}:held_up`;
  const detail = { waitingOn: notice.waitingOn, days: String(notice.days) };
  const next = copy(state);
  next.revision += 1;
  return {
    state: next,
    effects: [
      notify(next, key, 'family_waiting', 'assignee', step, detail),
      notify(next, key, 'family_waiting', { role: 'supervisor' }, step, detail),
      recordEvent(next, key, 'family_held_up', now, {
        detail: { waitingOn: notice.waitingOn, days: notice.days },
      }),
    ],
  };
}

/** An event that decides for the family (a wait step with appliesToFamily) goes to the group, to reach every member. */
export function familyDecisionEffects(state: CaseState, step: Step, input: ExternalEventInput): Effect[] {
  if (step.kind !== 'wait' || step.appliesToFamily !== true || !state.family) return [];
  if (input.eventId.startsWith(FAMILY_EVENT_PREFIX)) return [];
  return [
    {
      kind: 'family_decision',
      groupId: state.family.groupId,
      decision: {
        from: state.caseId,
        event: { event: input.event, outcome: input.outcome, eventId: input.eventId, data: input.data },
      },
    },
  ];
}
