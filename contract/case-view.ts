// The live state of a case as its workflow answers it (query and update results). One zod
// schema: the workflow's type is inferred from it and the API derives its response from it.
import { z } from 'zod';

/** Where a case stands: open, on hold, or closed (by an end step or early). */
export const CASE_STATUSES = ['open', 'on_hold', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * How many step visits a case keeps in its state and its view, newest last. The state is carried
 * across continue-as-new and every update answers with the view, both within Temporal's 2 MB
 * payload limit, so a case that loops for years must not grow with its visits. The StepVisit
 * projection keeps every visit; the API reads the older ones from it.
 */
export const HISTORY_KEPT = 50;

/** One entry of a case's step history. */
export const HistoryEntry = z.object({
  visit: z.number().int(),
  step: z.string(),
  kind: z.string(),
  enteredAt: z.string(),
  dueAt: z.string().optional(),
  leftAt: z.string().optional(),
  outcome: z.string().optional(),
  actor: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** A reminder the case still owes on its current step. */
export const PendingReminder = z.object({
  rule: z.string(),
  kind: z.string(),
  occurrence: z.number().int(),
  at: z.string(),
  to: z.string(),
});
export type PendingReminder = z.infer<typeof PendingReminder>;

/** The live state of a case as its workflow sees it. */
export const CaseView = z.object({
  caseId: z.string(),
  reference: z.string(),
  definitionId: z.string(),
  definitionVersion: z.number().int(),
  status: z.enum(CASE_STATUSES),
  currentStep: z.string().nullable(),
  currentStepKind: z.string().nullable(),
  visit: z.number().int(),
  assignee: z.string(),
  priority: z.string(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  holdReason: z.string().nullable(),
  closureReason: z.string().nullable(),
  pendingReminders: z.array(PendingReminder),
  history: z.array(HistoryEntry),
  /**
   * On a step for each person of a relationship (`forEach`): the persons it concerns, by id, and
   * which of them are done (with their outcome). Absent on other steps.
   */
  persons: z
    .array(
      z.object({
        person: z.string(),
        done: z.boolean(),
        outcome: z.string().optional(),
        actor: z.string().optional(),
        at: z.string().optional(),
      }),
    )
    .optional(),
  /** The family group the case is in, and the joint key it waits at (status "waiting for family"). */
  family: z
    .object({
      groupId: z.string(),
      waitingFor: z.string().nullable(),
      waitingSince: z.string().nullable(),
    })
    .nullable()
    .optional(),
  /**
   * Update answers only: the revision of the Case row that projects this change (absent when the
   * change writes none). The API waits for it so that the list shows what the caller just did.
   */
  projectedRevision: z.number().int().optional(),
});
export type CaseView = z.infer<typeof CaseView>;
