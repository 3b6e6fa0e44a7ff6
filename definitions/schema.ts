// The process-definition language as zod schemas: the single source of truth for the types,
// for validation and for the JSON Schema that editors use. Pure: no I/O, JSON-shaped values
// only (ISO strings, no transforms), so workflows, activities and the API share it.
import { z } from 'zod';
import {
  CLOSURE_REASONS,
  FIELD_TYPES,
  LANGUAGES,
  MESSAGE_KINDS,
  MILESTONES,
  NOTIFY_ON,
  PARTNER_ROLES,
  PRIORITIES,
  PROGRAMS,
  RELATIONSHIPS,
} from './vocabulary';
import {
  MAX_DESCRIPTION_LENGTH,
  MAX_HOLIDAYS,
  MAX_WEEKEND_DAYS,
  MAX_WORKING_DAYS,
  MAX_DURATION_DAYS,
  MAX_DURATION_YEARS,
  MAX_LIST_ENTRIES,
  MAX_NAME_LENGTH,
  MAX_STEPS,
  MAX_TITLE_LENGTH,
  MIN_REPEAT_HOURS,
  SPAN_PATTERN,
  atLeastMinimumRepeat,
  withinMaximumDuration,
  withinMaximumWorkingDays,
} from './limits';
import { isRealDate, WEEKDAYS } from './calendar';

/**
 * ISO-8601 duration such as P14D, PT36H, P3M, at most MAX_DURATION_YEARS long, or a count of
 * working days on the definition's calendar (`10 working days`); semantic checks live in duration.ts.
 */
export const Duration = z
  .string()
  .regex(SPAN_PATTERN, {
    message: `must be an ISO-8601 duration such as P14D, PT12H or P3M, of at most ${MAX_DURATION_YEARS} years, or working days such as "10 working days"`,
  })
  .refine(withinMaximumDuration, (text) => ({
    message: `"${text}" is longer than ${MAX_DURATION_YEARS} years, the longest duration a definition may use (P${MAX_DURATION_YEARS}Y, P${MAX_DURATION_YEARS * 12}M, P${Math.floor(MAX_DURATION_DAYS)}D)`,
  }))
  .refine(withinMaximumWorkingDays, (text) => ({
    message: `"${text}" counts more than ${MAX_WORKING_DAYS} working days, the most a definition may use`,
  }))
  .describe(
    `ISO-8601 duration (P14D, PT12H, P3M) of at most ${MAX_DURATION_YEARS} years in total (P${MAX_DURATION_YEARS}Y, P${MAX_DURATION_YEARS * 12}M, P${Math.floor(MAX_DURATION_DAYS)}D), a year counted as 365.25 days; or whole working days on the definition's calendar ("1 working day", "10 working days", at most ${MAX_WORKING_DAYS})`,
  );

/** How often an overdue reminder repeats: a duration of at least MIN_REPEAT_HOURS. */
export const Repeat = Duration.refine(atLeastMinimumRepeat, (text) => ({
  message: `"${text}" repeats more often than every ${MIN_REPEAT_HOURS} hour, the shortest repeat allowed`,
})).describe(
  `ISO-8601 duration of at least ${MIN_REPEAT_HOURS} hour and at most ${MAX_DURATION_YEARS} years`,
);

export const Identifier = z
  .string()
  .max(MAX_NAME_LENGTH)
  .regex(/^[a-z][a-z0-9_]*$/, {
    message: 'must be lower_snake_case: a letter, then letters, digits or _',
  });

/** A title, label or status a person reads. */
export const Title = z.string().min(1).max(MAX_TITLE_LENGTH);

/** A list of at most MAX_LIST_ENTRIES entries. */
export function shortList<T extends z.ZodTypeAny>(entry: T) {
  return z.array(entry).max(MAX_LIST_ENTRIES);
}

/** A deadline: one duration, or one per case priority (with an optional default). */
export const Deadline = z.union([
  Duration,
  z
    .object({
      default: Duration.optional(),
      emergency: Duration.optional(),
      urgent: Duration.optional(),
      normal: Duration.optional(),
    })
    .strict(),
]);

/** Who receives a notification or reminder. */
export const Recipient = z.union([
  z.literal('assignee'),
  z.object({ role: Identifier }).strict(),
  z.object({ partner: z.enum([...PARTNER_ROLES, 'all']) }).strict(),
]);

export const Field = z
  .object({
    name: z
      .string()
      .max(MAX_NAME_LENGTH)
      .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/, { message: 'must be a field name: letters, digits, _' }),
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(false),
    values: shortList(z.string().max(MAX_TITLE_LENGTH)).optional(),
    label: z.string().max(MAX_TITLE_LENGTH).optional(),
  })
  .strict();

export const Reminder = z.discriminatedUnion('kind', [
  z
    .object({
      id: Identifier,
      kind: z.literal('before_due'),
      before: Duration,
      to: Recipient.default('assignee'),
    })
    .strict(),
  z.object({ id: Identifier, kind: z.literal('at_due'), to: Recipient.default('assignee') }).strict(),
  z
    .object({
      id: Identifier,
      kind: z.literal('overdue'),
      every: Repeat,
      after: Duration.optional(),
      limit: z.number().int().positive().optional(),
      to: Recipient.default('assignee'),
    })
    .strict(),
  z
    .object({
      id: Identifier,
      kind: z.literal('escalate'),
      after: Duration,
      to: z.object({ role: Identifier }).strict(),
    })
    .strict(),
]);

export const Notification = z
  .object({
    on: z.enum(NOTIFY_ON),
    outcome: z.string().max(MAX_NAME_LENGTH).optional(),
    to: Recipient,
    template: z.enum(MESSAGE_KINDS),
  })
  .strict();

/** A step's words in another language: its title and partner label (missing ones fall back to the definition's own). */
export const StepTranslation = z
  .object({
    title: Title.optional(),
    partnerStatus: Title.optional(),
  })
  .strict();

/** Language → the step's words in it, e.g. `{ ar: { title: "المقابلة" } }`. */
export const StepTranslations = z.record(z.enum(LANGUAGES), StepTranslation);

const stepCommon = {
  id: Identifier,
  title: Title,
  /** The title and partner label in other languages than the definition's own. */
  translations: StepTranslations.optional(),
  description: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
  /** Label a partner sees while the case is on this step; absent = not partner-visible. */
  partnerStatus: z.string().max(MAX_TITLE_LENGTH).optional(),
  /** Share the internal step id with partners (off unless the definition says so). */
  shareStepId: z.boolean().optional(),
  notify: shortList(Notification).default([]),
  /** The monthly-statistics milestone that completing this step reaches (monitoring counts by it). */
  milestone: z.enum(MILESTONES).optional(),
  /** The outcomes that reach the milestone; absent = every outcome (a decision: accepted, rejected, deferred). */
  milestoneOutcomes: shortList(Identifier).optional(),
  /**
   * A joint step: the cases of one family group wait on entering it until every active member
   * has reached a step with the same key (a key, not a step id, so different definitions meet).
   */
  together: Identifier.optional(),
  /** On a joint step: whether its deadline and reminders pause while the case waits for its family (default true). */
  pauseWhileWaiting: z.boolean().optional(),
};

const ownedStep = {
  owner: Identifier,
  due: Deadline.optional(),
  fields: shortList(Field).default([]),
  reminders: shortList(Reminder).default([]),
  /**
   * The step concerns each person of this relationship (e.g. a best-interest determination for
   * each child): every such person on the case when the step is entered needs a completion of
   * their own, and the step moves on when the last of them has had it.
   */
  forEach: z.enum(RELATIONSHIPS).optional(),
};

/** Outcome name → id of the next step (at most MAX_LIST_ENTRIES outcomes). */
export const Outcomes = z
  .record(Identifier, Identifier)
  .refine((outcomes) => Object.keys(outcomes).length <= MAX_LIST_ENTRIES, {
    message: `has more than ${MAX_LIST_ENTRIES} outcomes, the most allowed`,
  });

/** Name of an external event (signal), e.g. state_decision. */
export const EventName = z
  .string()
  .max(MAX_NAME_LENGTH)
  .regex(/^[a-z][a-z0-9_-]*$/);

export const TaskStep = z
  .object({
    ...stepCommon,
    ...ownedStep,
    kind: z.literal('task'),
    outcomes: Outcomes,
  })
  .strict();

export const ApprovalStep = z
  .object({
    ...stepCommon,
    ...ownedStep,
    kind: z.literal('approval'),
    outcomes: Outcomes,
    /** Four eyes: the reviewer may not be who completed the previous step. */
    fourEyes: z.boolean().default(true),
  })
  .strict();

export const WaitStep = z
  .object({
    ...stepCommon,
    kind: z.literal('wait'),
    owner: Identifier.optional(),
    /** Name of the external event (signal) that completes the step, e.g. state_decision. */
    event: EventName,
    outcomes: Outcomes,
    fields: shortList(Field).default([]),
    timeout: z.object({ after: Deadline, outcome: Identifier }).strict().optional(),
    reminders: shortList(Reminder).default([]),
    /**
     * Whether the owner may also complete the step by hand (complete-step) instead of the event
     * arriving. Off unless the definition says so. Definitions pinned before the setting existed
     * lack it and keep allowing it, so running cases are not changed.
     */
    manualCompletion: z.boolean().default(false),
    /**
     * The event decides for the whole family (e.g. a State decision on linked cases): when it
     * completes this step on one member of a family group, it is delivered to every other member.
     */
    appliesToFamily: z.boolean().optional(),
  })
  .strict();

export const TimerStep = z
  .object({
    ...stepCommon,
    kind: z.literal('timer'),
    duration: Duration,
    outcomes: Outcomes,
  })
  .strict();

export const EndStep = z
  .object({
    ...stepCommon,
    kind: z.literal('end'),
    reason: Title,
  })
  .strict();

export const Step = z.discriminatedUnion('kind', [TaskStep, ApprovalStep, WaitStep, TimerStep, EndStep]);

/** A public holiday: a real date (YYYY-MM-DD) and its name. */
export const Holiday = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD, such as 2026-12-25' })
      .refine(
        (text) => !/^\d{4}-\d{2}-\d{2}$/.test(text) || isRealDate(text),
        (text) => ({ message: `"${text}" is not a real date (years 2000–2199)` }),
      ),
    name: Title,
  })
  .strict();

/**
 * The working calendar of a country: its weekend days and public holidays. `N working days`
 * skip both; ISO durations (P10D) ignore the calendar.
 */
export const Calendar = z
  .object({
    weekend: z
      .array(z.enum(WEEKDAYS))
      .max(MAX_WEEKEND_DAYS)
      .describe(`The days off every week, at most ${MAX_WEEKEND_DAYS} (a week keeps four working days)`),
    holidays: z.array(Holiday).max(MAX_HOLIDAYS).default([]),
  })
  .strict();

/** How long a closed case's personal data is kept before it is erased (crypto-shredded). */
export const Retention = z
  .object({
    /** Counted from the case's closure, in the definition's time zone: P5Y, P18M, P90D. */
    afterClosure: Duration,
  })
  .strict();

/** A resolved, self-contained definition: what a workflow pins and interprets. */
export const ResolvedDefinition = z
  .object({
    id: z
      .string()
      .max(MAX_NAME_LENGTH)
      .regex(/^[a-z][a-z0-9-]*(\.[a-z]{2})?$/, { message: 'must look like resettlement or resettlement.ke' }),
    program: z.enum(PROGRAMS),
    title: Title,
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as KE' })
      .optional(),
    timeZone: z.string().max(MAX_NAME_LENGTH).default('UTC'),
    /** Weekend and public holidays that `N working days` skip; absent = Saturday and Sunday off, no holidays. */
    calendar: Calendar.optional(),
    language: z.enum(LANGUAGES).default('en'),
    roles: shortList(Identifier).min(1),
    start: Identifier,
    steps: z.array(Step).min(1).max(MAX_STEPS),
    closureReasons: shortList(z.enum(CLOSURE_REASONS)).default([...CLOSURE_REASONS]),
    /** Retention of a closed case's personal data; absent = kept until an approved erasure. */
    retention: Retention.optional(),
  })
  .strict();

export type Retention = z.infer<typeof Retention>;
export type Deadline = z.infer<typeof Deadline>;
export type Holiday = z.infer<typeof Holiday>;
export type Calendar = z.infer<typeof Calendar>;
export type Recipient = z.infer<typeof Recipient>;
export type Field = z.infer<typeof Field>;
export type Reminder = z.infer<typeof Reminder>;
export type Notification = z.infer<typeof Notification>;
export type TaskStep = z.infer<typeof TaskStep>;
export type ApprovalStep = z.infer<typeof ApprovalStep>;
export type WaitStep = z.infer<typeof WaitStep>;
export type TimerStep = z.infer<typeof TimerStep>;
export type EndStep = z.infer<typeof EndStep>;
export type Step = z.infer<typeof Step>;
export type StepTranslations = z.infer<typeof StepTranslations>;
export type ResolvedDefinition = z.infer<typeof ResolvedDefinition>;
export { PRIORITIES };
export type { MessageKind } from './vocabulary';
