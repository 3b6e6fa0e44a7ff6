// Moving running cases between versions of a definition: the plan in the request, and the
// dry run's report (summary counts first, then each case).
import { DUE_DATE_POLICIES, SKIPPED_LISTED } from '../../contract/migration';
import { z } from './common';

const StepId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/)
  .max(64);

const planFields = {
  from: z.number().int().min(1).max(1_000_000).openapi({ description: 'The version the cases are on' }),
  to: z.number().int().min(1).max(1_000_000).openapi({ description: 'The version to move them to' }),
  steps: z
    .record(StepId, StepId)
    .refine((steps) => Object.keys(steps).length <= 200, { message: 'maps more than 200 steps' })
    .default({})
    .openapi({
      description: 'Old step id → new step id, for steps removed or renamed; the rest keep their id',
    }),
  dueDates: z.enum(DUE_DATE_POLICIES).default('keep').openapi({
    description: "The current step's deadline: kept, recomputed from entering it, or from the move",
  }),
};
const differentVersions = (plan: { from: number; to: number }) => plan.from !== plan.to;
const DIFFERENT = { message: 'must differ from from', path: ['to'] };

/** The plan, for the definition named in the path. */
export const MigrationPlanBody = z.object(planFields).strict().refine(differentVersions, DIFFERENT);

/** Applying a plan: the plan, and whether to start paused (listed, nothing moved until resumed). */
export const ApplyBody = z
  .object({
    ...planFields,
    paused: z.boolean().default(false).openapi({ description: 'Start paused: nothing moves until resumed' }),
  })
  .strict()
  .refine(differentVersions, DIFFERENT);

const Reminder = z.object({ rule: z.string(), kind: z.string(), to: z.string() }).strict();

/** One live case in the dry run: where it would land, or why it cannot move. */
export const CaseMove = z
  .object({
    caseId: z.string(),
    movable: z.boolean(),
    fromStep: z.string().nullable(),
    toStep: z.string().nullable(),
    dueAt: z.string().nullable(),
    previousDueAt: z.string().nullable(),
    remindersAtOnce: z.array(Reminder),
    reason: z.string().nullable(),
    message: z.string().nullable(),
  })
  .strict();

export const DryRunReport = z
  .object({
    definitionId: z.string(),
    from: z.number().int(),
    to: z.number().int(),
    dueDates: z.enum(DUE_DATE_POLICIES),
    summary: z
      .object({
        cases: z.number().int(),
        movable: z.number().int(),
        cannotMove: z.number().int(),
        byReason: z.record(z.number().int()),
        remindersAtOnce: z.number().int(),
        caseworkersReminded: z.number().int().openapi({ description: 'Distinct people reminded at once' }),
        rolesReminded: z.array(z.string()),
      })
      .strict(),
    cases: z.array(CaseMove),
  })
  .strict();
export type DryRunReport = z.infer<typeof DryRunReport>;
export type CaseMove = z.infer<typeof CaseMove>;

/** A migration of one definition, named by its two versions: `v3-v4`. */
export const MigrationParams = z
  .object({
    definitionId: z
      .string()
      .regex(/^[a-z][a-z0-9-]*(\.[a-z]{2})?$/)
      .max(100),
    migration: z
      .string()
      .regex(/^v[1-9]\d{0,5}-v[1-9]\d{0,5}$/, { message: 'must name two versions, such as v3-v4' }),
  })
  .strict();

/** Where a migration stands: counts first, then each case skipped and why. */
export const MigrationProgress = z
  .object({
    migrationId: z.string(),
    state: z.enum(['listing', 'running', 'paused', 'done']),
    total: z.number().int(),
    done: z.number().int(),
    moved: z.number().int(),
    skippedCount: z.number().int().openapi({ description: 'Cases skipped so far' }),
    skipped: z
      .array(
        z
          .object({
            caseId: z.string(),
            outcome: z.enum(['moved', 'skipped']),
            reason: z.string().optional(),
            message: z.string().optional(),
          })
          .strict(),
      )
      .openapi({ description: `The first cases skipped (at most ${SKIPPED_LISTED}), with the reason` }),
  })
  .strict();
