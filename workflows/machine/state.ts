// The state of one case as the plain state machine sees it. JSON-shaped (times are epoch
// milliseconds) so it can be carried across continue-as-new and compared in unit tests.
import { lastPartnerStatus } from '../../definitions/closure';
import type { ResolvedDefinition, Step } from '../../definitions/schema';
import type { Priority } from '../../definitions/vocabulary';
import type { CaseFacts, NotificationRequest, PartnerUpdate } from '../../contract/activities';
import { HISTORY_KEPT, type CaseStatus, type HistoryEntry } from '../../contract/case-view';
import type { CasePeopleInput, StartCaseInput } from '../../contract/messages';
import type { CaseEventRecord, CaseSnapshot, StepVisitRecord } from '../../contract/projection';
import type { CaseSearchAttributes } from '../../contract/search-attributes';
import type { FamilyDecision, MemberReport } from '../../contract/family';

/** The step a case is on now: one visit (a step entered twice is two visits). */
export interface VisitState {
  visit: number;
  step: string;
  enteredAt: number;
  /** Deadline (task/approval due, wait timeout, timer end) as computed on entry; null = none. */
  baseDueAt: number | null;
  /** Time this visit spent on hold: every clock of the visit moves by it. */
  pausedMs: number;
  /** Reminder rule id → occurrences already handled on this visit. */
  sent: Record<string, number>;
  /** On a step for each person of a relationship: the persons it concerns (fixed on entry) and their completions. */
  persons?: PersonCompletion[];
}

/** One person's completion of a per-person step (no outcome yet: still to do). */
export interface PersonCompletion {
  person: string;
  outcome?: string;
  actor?: string;
  at?: string;
}

/** An external event received while the case was on hold, applied on resume. */
export interface DeferredEvent {
  event: string;
  outcome: string;
  eventId: string;
  data: Record<string, string | number | boolean | null>;
}

export interface CaseState {
  caseId: string;
  workflowId: string;
  reference: string;
  definition: ResolvedDefinition;
  definitionVersion: number;
  /** The case's country as the API started it (absent in older starts: the definition's). */
  country?: string;
  priority: Priority;
  assignee: string;
  partners: StartCaseInput['partners'];
  status: CaseStatus;
  current: VisitState | null;
  /** Number of step visits so far (the current visit's number). */
  visits: number;
  /** The most recent visits (at most `HISTORY_KEPT`), the current one last. */
  history: HistoryEntry[];
  /** The last partner status among the visits no longer in `history` (absent: none had one). */
  earlierPartnerStatus?: string;
  holdStartedAt: number | null;
  holdReason: string | null;
  closureReason: string | null;
  /** Counts hold/resume/reassign controls: the occurrence part of their business keys. */
  controls: number;
  /** Recent external event ids (dedupe), newest last, bounded. */
  seenEventIds: string[];
  deferredEvents: DeferredEvent[];
  /**
   * Partner updates produced so far: each update carries the next number, fixed at the
   * transition, so partners see the case's own order (absent in states carried from runs
   * that predate it: counts from 0 there).
   */
  partnerEvents?: number;
  /** Increases on every change: the workflow wakes its loop on it. */
  revision: number;
  /**
   * Escalations and overdue reminders on a wait step count from entering it (not from its
   * timeout). Set by the workflow from `patched('wait-reminders-from-entry')`: runs that started
   * before the change keep counting from the timeout.
   */
  waitRemindersFromEntry?: boolean;
  /**
   * A `date` field must be a real calendar date (no 2026-02-30, which Date.parse rolls over).
   * Set by the workflow from `patched('calendar-dates')`: runs that started before the change
   * keep the old rule, so the data they accepted replays as it was accepted.
   */
  calendarDates?: boolean;
  /** The case's dependants (ids and relationships) as the API last told the workflow; absent = never told. */
  people?: CasePeopleInput['people'];
  /** The people revision of that roster (absent: told without one, or only at the start). */
  peopleRevision?: number;
  /**
   * Steps with `forEach` need a completion per person. Set by the workflow from
   * `patched('person-steps')`: runs that started before the change pass such steps as ordinary ones.
   */
  personSteps?: boolean;
  /** The family group the case belongs to (absent or null: none), and the joint step it waits on. */
  family?: CaseFamily | null;
}

/** A case's membership of a family group (see contract/family.ts). */
export interface CaseFamily {
  groupId: string;
  /** The revision at which the case joined: reports of an earlier membership are stale. */
  epoch: number;
  /** The joint step the case waits on; `pauseFrom` is when its paused clock last stopped. */
  waiting: { key: string; visit: number; since: number; pauseFrom: number | null } | null;
}

/** What the workflow must do after a transition, in order. */
export type Effect =
  | { kind: 'notify'; request: NotificationRequest }
  | { kind: 'partner_update'; update: PartnerUpdate }
  | { kind: 'record_event'; event: CaseEventRecord }
  | { kind: 'record_visit'; visit: StepVisitRecord }
  | { kind: 'project_case'; snapshot: CaseSnapshot }
  | { kind: 'search_attributes'; attributes: CaseSearchAttributes }
  | { kind: 'family_report'; report: MemberReport }
  | { kind: 'family_decision'; groupId: string; decision: FamilyDecision };

/** A new state and the effects that the transition owes. */
export interface Transition {
  state: CaseState;
  effects: Effect[];
}

/** An instant (epoch milliseconds) as an ISO-8601 string. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Throws on a value the type system says cannot exist (exhaustive switches). */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}

/** The step of a definition by id; throws when the definition does not have it (a definition bug). */
export function stepById(definition: ResolvedDefinition, id: string): Step {
  const step = definition.steps.find((s) => s.id === id);
  if (!step) throw new Error(`Definition ${definition.id} has no step "${id}"`);
  return step;
}

/** The step the case is on, or null when it is on none (closed). */
export function currentStep(state: CaseState): Step | null {
  return state.current ? stepById(state.definition, state.current.step) : null;
}

/** Who completed the visit before the current one (the person four-eyes excludes). */
export function previousActor(state: CaseState): string | undefined {
  return state.history.length >= 2 ? state.history[state.history.length - 2]?.actor : undefined;
}

/** The partner status of the last step the case visited that has one (end steps aside), or null. */
export function lastVisitedPartnerStatus(state: CaseState): string | null {
  return (
    lastPartnerStatus(
      state.definition,
      state.history.map((h) => h.step),
    ) ??
    state.earlierPartnerStatus ??
    null
  );
}

/**
 * Drops the oldest visits past `HISTORY_KEPT` (mutates the working copy), remembering the last
 * partner status among them: what a closing case tells its partners was its last status.
 */
export function keepRecentVisits(state: CaseState): void {
  const dropped = state.history.length - HISTORY_KEPT;
  if (dropped <= 0) return;
  const status = lastPartnerStatus(
    state.definition,
    state.history.slice(0, dropped).map((h) => h.step),
  );
  if (status !== null) state.earlierPartnerStatus = status;
  state.history.splice(0, dropped);
}

/** The person a step's four-eyes rule bars from completing it on the current visit, if any. */
export function fourEyesExcluded(state: CaseState, step: Step): string | undefined {
  return step.kind === 'approval' && step.fourEyes ? previousActor(state) : undefined;
}

/** Non-personal facts for messages and partner updates. */
/**
 * The case's country: as the case was started (a base process runs in a country without an
 * overlay), else its definition's, as older starts had it.
 */
export function countryOf(state: CaseState): string {
  return state.country || state.definition.country || '';
}

export function caseFacts(state: CaseState): CaseFacts {
  const d = state.definition;
  return {
    caseId: state.caseId,
    reference: state.reference,
    program: d.program,
    country: countryOf(state),
    definitionId: d.id,
    definitionVersion: state.definitionVersion,
    timeZone: d.timeZone,
    language: d.language,
    priority: state.priority,
    assignee: state.assignee,
  };
}
