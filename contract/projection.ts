// The rows the case workflow writes to the PostgreSQL projection, through one idempotent
// activity per batch: the state machine builds them, the projection activity stores them.
import type { NotificationRequest, PartnerUpdate } from './activities';
import type { CaseStatus } from './case-view';

/** A row of the CaseEvent projection, written once per eventKey. */
export interface CaseEventRecord {
  eventKey: string;
  caseId: string;
  kind: string;
  step?: string;
  visit?: number;
  outcome?: string;
  actor?: string;
  /** Non-personal facts only: rule, occurrence, reason codes. */
  detail?: Record<string, string | number | boolean>;
  occurredAt: string;
}

/** A row of the StepVisit projection, upserted by (caseId, visit). */
export interface StepVisitRecord {
  caseId: string;
  visit: number;
  step: string;
  /** The step's kind (task, approval, wait, timer, end); absent in records of runs that predate it. */
  kind?: string;
  enteredAt: string;
  dueAt: string | null;
  leftAt: string | null;
  outcome: string | null;
  actor: string | null;
}

/** The workflow-owned columns of the Case projection row. */
export interface CaseSnapshot {
  id: string;
  reference: string;
  workflowId: string;
  program: string;
  country: string;
  definitionId: string;
  definitionVersion: number;
  priority: string;
  status: CaseStatus;
  currentStep: string | null;
  currentVisit: number;
  assignee: string;
  dueAt: string | null;
  holdReason: string | null;
  closureReason: string | null;
  closedAt: string | null;
  /** The state's revision: the API waits for the row of the revision an update returned. */
  revision: number;
}

/**
 * A message the case owes: stored with the batch's rows (the OwedMessage table) and delivered by
 * the worker's relay, which sends an email at most once per recipient and publishes a case's
 * partner updates in the order they were owed.
 */
export type OwedMessage =
  { kind: 'email'; request: NotificationRequest } | { kind: 'partner'; update: PartnerUpdate };

/** One transaction's worth of projection writes, in the order the workflow produced them. */
export interface ProjectionBatch {
  case?: CaseSnapshot;
  visits: StepVisitRecord[];
  events: CaseEventRecord[];
  /** Messages owed by these transitions (runs recorded before owed messages send them as activities). */
  owed?: OwedMessage[];
  /** When they were owed (workflow time, ISO); present with `owed`. */
  owedAt?: string;
}

/** What a batch changed: events inserted now vs. already present from an earlier attempt. */
export interface ProjectionResult {
  eventsInserted: number;
  eventsAlreadyRecorded: number;
}

/** The projection activity the case workflow calls (implemented in activities/projection.ts). */
export interface ProjectionActivities {
  /** Records one batch of case transitions idempotently. */
  applyProjection(batch: ProjectionBatch): Promise<ProjectionResult>;
}
