// What queries and updates return: the case as a caseworker sees it now.
import type { Recipient } from '../../definitions/schema';
import type { CaseView, PendingReminder } from '../../contract/case-view';
import { effectiveDueAt, entryAnchor, reminderRules, upcomingReminders } from './deadlines';
import { currentStep, type CaseState } from './state';

function recipientLabel(to: Recipient, assignee: string): string {
  if (to === 'assignee') return assignee;
  return 'role' in to ? `role:${to.role}` : `partner:${to.partner}`;
}

/** The reminders the current visit still owes (none while on hold or closed). */
export function pendingReminders(state: CaseState): PendingReminder[] {
  const step = currentStep(state);
  if (state.status !== 'open' || !state.current || !step || state.family?.waiting?.pauseFrom != null)
    return [];
  return upcomingReminders(
    reminderRules(step),
    state.current,
    state.definition,
    entryAnchor(step, state.current, state.waitRemindersFromEntry === true),
  ).map((r) => ({
    rule: r.rule,
    kind: r.kind,
    occurrence: r.occurrence,
    at: new Date(r.at).toISOString(),
    to: recipientLabel(r.to, state.assignee),
  }));
}

/** The case view at `now`: current step, due date, overdue flag, pending reminders, history. */
export function caseView(state: CaseState, now: number): CaseView {
  const step = currentStep(state);
  const due = state.current && state.status !== 'closed' ? effectiveDueAt(state.current) : null;
  // While on hold the clock is paused: the due date shown already includes the hold so far.
  const familyPause = state.family?.waiting?.pauseFrom;
  const shown =
    due === null
      ? null
      : due +
        (state.status === 'on_hold' && state.holdStartedAt !== null ? now - state.holdStartedAt : 0) +
        (state.status === 'open' && familyPause != null ? now - familyPause : 0);
  return {
    caseId: state.caseId,
    reference: state.reference,
    definitionId: state.definition.id,
    definitionVersion: state.definitionVersion,
    status: state.status,
    // A closed case keeps the step it was closed on (as the projection does): reports need it.
    currentStep: step?.id ?? null,
    currentStepKind: step?.kind ?? null,
    visit: state.current?.visit ?? 0,
    assignee: state.assignee,
    priority: state.priority,
    dueAt: shown === null ? null : new Date(shown).toISOString(),
    overdue: state.status === 'open' && shown !== null && now > shown,
    holdReason: state.holdReason,
    closureReason: state.closureReason,
    pendingReminders: pendingReminders(state),
    history: state.history.map((h) => ({ ...h })),
    ...(state.current?.persons && state.status !== 'closed'
      ? { persons: state.current.persons.map((p) => ({ ...p, done: p.outcome !== undefined })) }
      : {}),
    ...(state.family
      ? {
          family: {
            groupId: state.family.groupId,
            waitingFor: state.family.waiting?.key ?? null,
            waitingSince: state.family.waiting ? new Date(state.family.waiting.since).toISOString() : null,
          },
        }
      : {}),
  };
}
