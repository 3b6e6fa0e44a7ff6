// The country overlay: a base definition plus local changes, never a copy of the base.
// Pure zod, like schema.ts. The resolver (resolve.ts) applies it; the result is a
// ResolvedDefinition with id `<base>.<country>` (resettlement.ke).
import { z } from 'zod';
import {
  MAX_DESCRIPTION_LENGTH,
  MAX_LIST_ENTRIES,
  MAX_NAME_LENGTH,
  MAX_STEPS,
  MAX_TITLE_LENGTH,
} from './limits';
import {
  Calendar,
  Duration,
  EventName,
  Identifier,
  Notification,
  ResolvedDefinition,
  Retention,
  shortList,
  Step,
  StepTranslation,
  Title,
} from './schema';
import { LANGUAGES, MILESTONES } from './vocabulary';

/** Where an added or moved step goes: right after or right before another step (else at the end). */
const Placement = {
  after: Identifier.optional(),
  before: Identifier.optional(),
};

/** Add a whole new step. */
export const AddStep = z.object({ add: Step, ...Placement }).strict();

/** Remove a step; the overlay must reroute every outcome that still went to it. */
export const RemoveStep = z.object({ remove: Identifier }).strict();

/** Move a step to another place in the list (order matters for reading and diagrams). */
export const MoveStep = z.object({ move: Identifier, ...Placement }).strict();

/** A deadline in a change: one duration, or per priority where null deletes that priority's entry. */
const DeadlinePatch = z.union([
  Duration,
  z
    .object({
      default: Duration.nullable(),
      emergency: Duration.nullable(),
      urgent: Duration.nullable(),
      normal: Duration.nullable(),
    })
    .partial()
    .strict(),
]);

/** A partial reminder or field: matched by id or name, merged into the base's entry. */
const ReminderPatch = z.object({ id: Identifier }).passthrough();
const FieldPatch = z.object({ name: z.string().max(MAX_NAME_LENGTH) }).passthrough();

/**
 * The part of a step an overlay may change, deep-merged into the base step: mappings merge key
 * by key (null deletes a key, e.g. an outcome), reminders merge by id and fields by name,
 * notifications are appended. Kind and id cannot change: remove and add a step instead.
 */
export const StepPatch = z
  .object({
    title: Title,
    description: z.string().max(MAX_DESCRIPTION_LENGTH).nullable(),
    partnerStatus: z.string().max(MAX_TITLE_LENGTH).nullable(),
    shareStepId: z.boolean().nullable(),
    milestone: z.enum(MILESTONES).nullable(),
    milestoneOutcomes: shortList(Identifier).nullable(),
    owner: Identifier,
    due: DeadlinePatch.nullable(),
    outcomes: z
      .record(Identifier, Identifier.nullable())
      .refine((outcomes) => Object.keys(outcomes).length <= MAX_LIST_ENTRIES, {
        message: `has more than ${MAX_LIST_ENTRIES} outcomes, the most allowed`,
      }),
    fields: shortList(FieldPatch),
    reminders: shortList(ReminderPatch),
    notify: shortList(Notification),
    fourEyes: z.boolean().nullable(),
    manualCompletion: z.boolean().nullable(),
    together: Identifier.nullable(),
    pauseWhileWaiting: z.boolean().nullable(),
    appliesToFamily: z.boolean().nullable(),
    event: EventName,
    timeout: z.object({ after: DeadlinePatch, outcome: Identifier }).partial().strict().nullable(),
    duration: Duration,
    reason: Title,
    translations: z.record(z.enum(LANGUAGES), StepTranslation.nullable()).nullable(),
  })
  .partial()
  .strict();

/** Change some properties of a base step. `drop` removes reminders (by id) and fields (by name). */
export const ChangeStep = z
  .object({
    change: Identifier,
    set: StepPatch.default({}),
    drop: z
      .object({
        reminders: shortList(Identifier).default([]),
        fields: shortList(z.string().max(MAX_NAME_LENGTH)).default([]),
      })
      .strict()
      .optional(),
  })
  .strict();

export const OverlayChange = z.union([AddStep, RemoveStep, MoveStep, ChangeStep]);

/** A country overlay of a base definition (resettlement.ke extends resettlement). */
export const Overlay = z
  .object({
    extends: z
      .string()
      .max(MAX_NAME_LENGTH)
      .regex(/^[a-z][a-z0-9-]*$/, { message: 'must name a base definition such as resettlement' }),
    country: z.string().regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as KE' }),
    title: Title.optional(),
    timeZone: z.string().max(MAX_NAME_LENGTH),
    /** The country's weekend and public holidays (replaces the base's calendar as a whole). */
    calendar: Calendar.optional(),
    /** The country's retention of closed cases' personal data (replaces the base's). */
    retention: Retention.optional(),
    language: z.enum(LANGUAGES).optional(),
    /** Roles this country adds to the base's roles. */
    roles: shortList(Identifier).default([]),
    start: Identifier.optional(),
    changes: z.array(OverlayChange).max(MAX_STEPS).default([]),
    /**
     * Reminders of every task and approval step with a deadline, merged by id before `changes`:
     * a complete reminder is added where missing, a partial one changes the steps that have it.
     */
    reminders: shortList(ReminderPatch).default([]),
    /**
     * Step titles and partner labels per language, by step id, in one place:
     * `{ ar: { interview: { title: "…" } } }` (merged into the steps' own translations).
     */
    translations: z.record(z.enum(LANGUAGES), z.record(Identifier, StepTranslation)).default({}),
  })
  .strict();

/** A base definition file: a resolved definition without a country, whose id has no country part. */
export const BaseDefinition = ResolvedDefinition.omit({ country: true }).extend({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, { message: 'must look like resettlement: a base has no country part' }),
});

/** What a definition file may hold: a base or an overlay (the JSON Schema is generated from this). */
export const DefinitionSource = z.union([BaseDefinition, Overlay]);

export type AddStep = z.infer<typeof AddStep>;
export type RemoveStep = z.infer<typeof RemoveStep>;
export type MoveStep = z.infer<typeof MoveStep>;
export type ChangeStep = z.infer<typeof ChangeStep>;
export type StepPatch = z.infer<typeof StepPatch>;
export type OverlayChange = z.infer<typeof OverlayChange>;
export type Overlay = z.infer<typeof Overlay>;
export type BaseDefinition = z.infer<typeof BaseDefinition>;

/** True when a parsed file is an overlay (it names the base it extends). */
export function isOverlaySource(source: unknown): source is { extends: string } {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as { extends?: unknown }).extends === 'string'
  );
}
