// Moving running cases from one version of a definition to another: the plan a program
// manager writes, the update that moves one case, and what a dry run says of a case. Zod
// (bundles into workflow code) so the API, the migration workflow and the case share it.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { ResolvedDefinition } from '../definitions/schema';
import type { CaseView } from './case-view';
import { Actor } from './messages';

/** What happens to the current step's deadline: kept, counted again from entering it, or from the move. */
export const DUE_DATE_POLICIES = ['keep', 'from_entry', 'from_now'] as const;
export type DueDatePolicy = (typeof DUE_DATE_POLICIES)[number];

const StepId = z.string().min(1).max(64);

/** A migration plan: version `from` of one definition to version `to`, steps mapped by id unless `steps` says otherwise. */
export const MigrationPlan = z
  .object({
    definitionId: z.string().min(1).max(64),
    from: z.number().int().positive(),
    to: z.number().int().positive(),
    /** Old step id → new step id, for steps removed or renamed in `to` (the rest keep their id). */
    steps: z.record(StepId, StepId).default({}),
    dueDates: z.enum(DUE_DATE_POLICIES).default('keep'),
  })
  .strict()
  .refine((plan) => plan.from !== plan.to, {
    message: 'from and to must be different versions',
    path: ['to'],
  });
export type MigrationPlan = z.infer<typeof MigrationPlan>;

/** The update that moves one case: the plan, the target version's definition, who moves it and under which migration. */
export const MoveCaseInput = z
  .object({
    migrationId: z.string().min(1).max(100),
    plan: MigrationPlan,
    /** The published version `to`, as the store holds it (validated when it was published: the workflow bundle carries no definition schema). */
    definition: z.custom<ResolvedDefinition>(
      (value) =>
        typeof value === 'object' && value !== null && Array.isArray((value as { steps?: unknown }).steps),
      { message: 'must be a resolved definition' },
    ),
    actor: Actor,
  })
  .strict();
export type MoveCaseInput = z.infer<typeof MoveCaseInput>;

/** Why a case cannot move (or need not): a dry run lists these, the update refuses with them. */
export const UNMOVABLE_REASONS = [
  'already_moved',
  'not_on_plan_version',
  'closed',
  'step_removed',
  'mapped_to_missing_step',
  'step_kind_changed',
  'approver_role_removed',
  'wait_event_changed',
] as const;
export type UnmovableReason = (typeof UNMOVABLE_REASONS)[number];

/** A reminder that falls due the moment a case moves (it is sent on the case's next tick). */
export const ReminderAtOnce = z.object({ rule: z.string(), kind: z.string(), to: z.string() });

/** What moving one case would do, or why it cannot. */
export const MovePreview = z.discriminatedUnion('movable', [
  z.object({
    movable: z.literal(true),
    caseId: z.string(),
    fromStep: z.string(),
    toStep: z.string(),
    dueAt: z.string().nullable(),
    previousDueAt: z.string().nullable(),
    remindersAtOnce: z.array(ReminderAtOnce),
  }),
  z.object({
    movable: z.literal(false),
    caseId: z.string(),
    fromStep: z.string().nullable(),
    reason: z.enum(UNMOVABLE_REASONS),
    message: z.string(),
  }),
]);
export type MovePreview = z.infer<typeof MovePreview>;

export const moveCaseUpdate = defineUpdate<CaseView, [MoveCaseInput]>('moveCase');
export const movePreviewQuery = defineQuery<MovePreview, [MoveCaseInput]>('movePreview');

/** What the migration workflow is started with: the plan, under an id that makes a second run a no-op. */
export interface MigrationRunInput {
  migrationId: string;
  plan: MigrationPlan;
  actor: { id: string; roles: string[] };
  /** Start paused: the cases are listed, and nothing moves until resumed. */
  paused?: boolean;
  /**
   * Continue as new after this many batches in one run (tests; by default only when the server
   * suggests it, as the history grows).
   */
  batchesPerRun?: number;
}

/** One case of a migration: moved, or skipped with the reason (already moved, cannot move, no answer). */
export interface CaseMoveResult {
  caseId: string;
  outcome: 'moved' | 'skipped';
  reason?: string;
  message?: string;
}

/** How many skipped cases a migration's progress lists (the first ones); `skippedCount` counts them all. */
export const SKIPPED_LISTED = 200;

/** Where a migration stands: counts first, then the cases skipped and why. */
export interface MigrationProgress {
  migrationId: string;
  state: 'listing' | 'running' | 'paused' | 'done';
  total: number;
  done: number;
  moved: number;
  /** Cases skipped so far (absent in progress carried from runs that listed them all). */
  skippedCount?: number;
  /** The first `SKIPPED_LISTED` cases skipped, with the reason. */
  skipped: CaseMoveResult[];
}

/** A page of a migration's cases: those after the case id `after` (null: from the first), at most `limit`. */
export interface MigrationCasesPage {
  after: string | null;
  limit: number;
}

/** A case a migration moves. */
export interface MigrationCase {
  caseId: string;
  workflowId: string;
}

/** The activities the migration workflow calls (the worker registers them with the case activities). */
export interface MigrationActivities {
  /**
   * The live cases on the plan's `from` version, by id: one page, or (without a page, as runs
   * from before pages ask) all of them.
   */
  migrationCases(plan: MigrationPlan, page?: MigrationCasesPage): Promise<MigrationCase[]>;
  /** How many live cases the plan's `from` version has. */
  migrationCaseCount(plan: MigrationPlan): Promise<number>;
  /** Moves one case by its own update (its validator may refuse): the outcome, never a retryable refusal. */
  moveOneCase(input: MigrationRunInput & { caseId: string; workflowId: string }): Promise<CaseMoveResult>;
}

export const migrationProgressQuery = defineQuery<MigrationProgress>('migrationProgress');
export const pauseMigrationSignal = defineSignal('pauseMigration');
export const resumeMigrationSignal = defineSignal('resumeMigration');
