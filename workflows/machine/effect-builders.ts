// Builders of the effects a transition owes, with the business keys that make each one
// happen at most once (their formats live in contract/keys.ts).
import type { MessageKind, Notification, Recipient, Step } from '../../definitions/schema';
import type { PartnerUpdate } from '../../contract/activities';
import { visitEffectKey } from '../../contract/keys';
import type { CaseSnapshot, StepVisitRecord } from '../../contract/projection';
import { closureOf, partnerStatusOf } from '../../definitions/closure';
import { ownerOf } from '../../definitions/registry';
import { effectiveDueAt } from './deadlines';
import {
  caseFacts,
  countryOf,
  fourEyesExcluded,
  iso,
  lastVisitedPartnerStatus,
  type CaseState,
  type Effect,
} from './state';

/** The business key of one effect on the current step visit (the last one when the case is on none). */
export function businessKey(state: CaseState, kind: string, rule: string, occurrence: number): string {
  return visitEffectKey(state.caseId, state.current?.visit ?? state.visits, kind, rule, occurrence);
}

/** The current deadline as an ISO string, or null. */
export function currentDueAt(state: CaseState): string | null {
  const due = state.current ? effectiveDueAt(state.current) : null;
  return due === null ? null : iso(due);
}

/** The step's title or partner label in other languages, for emails in the recipient's language; undefined when it has none. */
function stepWords(step: Step, word: 'title' | 'partnerStatus'): Record<string, string> | undefined {
  const words = Object.entries(step.translations ?? {}).flatMap(([language, translation]) => {
    const text = translation?.[word];
    return text ? [[language, text]] : [];
  });
  return words.length > 0 ? Object.fromEntries(words) : undefined;
}

/** A message owed to a recipient about the current step (or the case when it is on none). */
export function notify(
  state: CaseState,
  key: string,
  kind: MessageKind,
  to: Recipient,
  step: Step | null,
  detail?: Record<string, string>,
): Effect {
  const visit = state.current;
  const dueAt = currentDueAt(state) ?? undefined;
  const owner = step ? ownerOf(step) : undefined;
  const titles = step ? stepWords(step, 'title') : undefined;
  const partnerStatuses = step?.partnerStatus !== undefined ? stepWords(step, 'partnerStatus') : undefined;
  const excluded = step ? fourEyesExcluded(state, step) : undefined;
  return {
    kind: 'notify',
    request: {
      businessKey: key,
      kind,
      case: caseFacts(state),
      to,
      ...(detail ? { detail } : {}),
      ...(step && visit
        ? {
            step: {
              id: step.id,
              title: step.title,
              visit: visit.visit,
              ...(dueAt ? { dueAt } : {}),
              ...(owner ? { owner } : {}),
              ...(step.partnerStatus !== undefined ? { partnerStatus: step.partnerStatus } : {}),
              ...(titles ? { titles } : {}),
              ...(partnerStatuses ? { partnerStatuses } : {}),
              ...(excluded ? { excluded } : {}),
            },
          }
        : {}),
    },
  };
}

/** The definition's notifications of a step for an event (enter, leave, or a given outcome). */
export function stepNotifications(
  state: CaseState,
  step: Step,
  on: 'enter' | 'leave' | 'outcome',
  outcome?: string,
): Effect[] {
  const matching = (n: Notification) => n.on === on && (on !== 'outcome' || n.outcome === outcome);
  return step.notify.flatMap((n, index) =>
    matching(n)
      ? [
          notify(
            state,
            businessKey(state, on, `notify${index}`, 1),
            n.template,
            n.to,
            step,
            outcome ? { outcome } : undefined,
          ),
        ]
      : [],
  );
}

/** A projection event keyed like the effect it records. */
export function recordEvent(
  state: CaseState,
  eventKey: string,
  kind: string,
  now: number,
  extra: { outcome?: string; actor?: string; detail?: Record<string, string | number | boolean> } = {},
): Effect {
  const visit = state.current;
  return {
    kind: 'record_event',
    event: {
      eventKey,
      caseId: state.caseId,
      kind,
      occurredAt: iso(now),
      ...extra,
      ...(visit ? { step: visit.step, visit: visit.visit } : {}),
    },
  };
}

/** The StepVisit row of the current visit, as the history says. */
export function visitRecord(state: CaseState): Effect[] {
  const visit = state.current;
  const entry = visit ? state.history.find((h) => h.visit === visit.visit) : undefined;
  if (!visit || !entry) return [];
  const record: StepVisitRecord = {
    caseId: state.caseId,
    visit: visit.visit,
    step: visit.step,
    kind: entry.kind,
    enteredAt: entry.enteredAt,
    dueAt: currentDueAt(state),
    leftAt: entry.leftAt ?? null,
    outcome: entry.outcome ?? null,
    actor: entry.actor ?? null,
  };
  return [{ kind: 'record_visit', visit: record }];
}

/**
 * A partner update when the current step is partner-visible (or the case closed). Numbers it
 * in the case's order of transitions: counts it on the working copy of the state.
 */
export function partnerUpdate(
  state: CaseState,
  step: Step | null,
  event: PartnerUpdate['event'],
  key: string,
  now: number,
): Effect[] {
  if (state.partners.length === 0) return [];
  const label = partnerStatusOf(step, event === 'case_closed');
  if (label === undefined) return [];
  state.partnerEvents = (state.partnerEvents ?? 0) + 1;
  const statuses = event !== 'case_closed' && step ? stepWords(step, 'partnerStatus') : undefined;
  const closed =
    event === 'case_closed'
      ? {
          closure: closureOf(state.definition, state.closureReason ?? 'other', step?.id ?? null),
          lastStatus: lastVisitedPartnerStatus(state),
        }
      : {};
  return [
    {
      kind: 'partner_update',
      update: {
        eventKey: key,
        case: caseFacts(state),
        event,
        status: label,
        occurredAt: iso(now),
        sequence: state.partnerEvents,
        ...(statuses ? { statuses } : {}),
        ...(step?.shareStepId ? { step: step.id } : {}),
        ...closed,
      },
    },
  ];
}

/** The case row and search attributes after a transition. */
export function snapshotEffects(state: CaseState, now: number): Effect[] {
  const d = state.definition;
  // Paused (on hold, or waiting for the family on a step that pauses): no due date to chase.
  const paused = state.family?.waiting?.pauseFrom != null;
  const dueAt = state.status === 'open' && !paused ? currentDueAt(state) : null;
  const snapshot: CaseSnapshot = {
    id: state.caseId,
    reference: state.reference,
    workflowId: state.workflowId,
    program: d.program,
    country: countryOf(state),
    definitionId: d.id,
    definitionVersion: state.definitionVersion,
    priority: state.priority,
    status: state.status,
    currentStep: state.current?.step ?? null,
    currentVisit: state.current?.visit ?? state.visits,
    assignee: state.assignee,
    dueAt,
    holdReason: state.holdReason,
    closureReason: state.closureReason,
    closedAt: state.status === 'closed' ? iso(now) : null,
    revision: state.revision,
  };
  return [
    { kind: 'project_case', snapshot },
    {
      kind: 'search_attributes',
      attributes: {
        status: state.status,
        program: d.program,
        country: countryOf(state),
        step: state.current?.step ?? null,
        priority: state.priority,
        dueAt,
      },
    },
  ];
}
