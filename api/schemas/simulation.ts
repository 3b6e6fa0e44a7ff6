// Simulating a draft definition: the request (the draft and the virtual case's path) and the
// timeline. The timeline holds no personal data: a virtual case, roles, never people.
import { MAX_NAME_LENGTH } from '../../definitions/limits';
import { LANGUAGES, PARTNER_ROLES, PRIORITIES, MESSAGE_KINDS } from '../../definitions/vocabulary';
import { PARTNER_EVENTS, SharingProfile } from '../../contract/partner-sharing';
import { DefinitionSourceBody } from './definitions';
import { z } from './common';

const name = z.string().min(1).max(MAX_NAME_LENGTH);

export const SimulationBody = DefinitionSourceBody.innerType()
  .extend({
    priority: z.enum(PRIORITIES),
    path: z
      .array(z.object({ step: name, outcome: name }).strict())
      .max(200)
      .default([])
      .openapi({
        description: 'What happens on each step, in order; a step not on it takes the way forward',
      }),
    overdue: z
      .array(
        z
          .object({
            step: name,
            by: z
              .string()
              .min(1)
              .max(40)
              .openapi({ example: 'P3D', description: 'ISO-8601, or 3d, 12h, 2w' }),
          })
          .strict(),
      )
      .max(200)
      .default([])
      .openapi({ description: 'Tasks and approvals completed that long after their due date' }),
    language: z
      .enum(LANGUAGES)
      .optional()
      .openapi({ description: "Staff messages' language (default: the country's)" }),
    start: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, { message: 'must be YYYY-MM-DD or YYYY-MM-DDTHH:MM' })
      .optional()
      .openapi({
        description: "When the case starts, in the country's local time (default: tomorrow 09:00)",
      }),
    partners: z
      .array(
        z
          .object({
            role: z.enum(PARTNER_ROLES),
            profile: SharingProfile,
            consent: z.boolean().default(true),
            webhook: z.boolean().default(true),
            language: z.enum(LANGUAGES).optional(),
          })
          .strict(),
      )
      .max(20)
      .optional()
      .openapi({
        description: 'Default: one referring partner subscribed to every event and the case facts',
      }),
    compareWith: z
      .object({ version: z.number().int().min(1).max(1_000_000) })
      .strict()
      .optional()
      .openapi({
        description:
          'A published version of the same definition: the same case walked through it too, and what the draft changes',
      }),
  })
  .strict()
  .refine((b) => (b.source === undefined) !== (b.yaml === undefined), {
    message: 'give exactly one of source or yaml',
    path: ['source'],
  })
  .openapi('SimulationRequest');

const LocalTime = z.string().openapi({ example: '2027-01-04T09:00:00+03:00' });

export const Timeline = z
  .object({
    definitionId: z.string(),
    version: z.number().int().nullable(),
    timeZone: z.string(),
    priority: z.enum(PRIORITIES),
    language: z.enum(LANGUAGES),
    start: LocalTime,
    visits: z.array(
      z.object({
        visit: z.number().int(),
        step: z.string(),
        title: z.string(),
        kind: z.string(),
        owner: z.string().nullable(),
        enteredAt: LocalTime,
        dueAt: LocalTime.nullable(),
        leftAt: LocalTime.nullable(),
        outcome: z.string().nullable(),
        leftBy: z.string().nullable(),
      }),
    ),
    messages: z.array(
      z.object({
        at: LocalTime,
        visit: z.number().int(),
        step: z.string(),
        kind: z.enum(MESSAGE_KINDS),
        reminder: z.boolean(),
        rule: z.string().nullable(),
        occurrence: z.number().int().nullable(),
        role: z.string(),
        language: z.enum(LANGUAGES),
        title: z.string(),
      }),
    ),
    partnerEvents: z.array(
      z.object({
        at: LocalTime,
        visit: z.number().int(),
        sequence: z.number().int(),
        partner: z.string(),
        event: z.enum(PARTNER_EVENTS),
        status: z.string(),
        step: z.string().nullable(),
        facts: z.record(z.string()),
        personalFields: z.array(z.string()),
      }),
    ),
    end: z.object({ at: LocalTime, step: z.string(), reason: z.string() }).nullable(),
    unusedPath: z
      .array(z.string())
      .openapi({ description: 'Choices of the path the case never came to use' }),
  })
  .openapi('SimulationTimeline');

const Pair = z.object({ before: z.number().nullable(), after: z.number().nullable() });

const ReminderChange = z.object({
  step: z.string(),
  rule: z.string(),
  kind: z.enum(MESSAGE_KINDS),
  role: z.string(),
  count: z.object({ before: z.number().int(), after: z.number().int() }),
});

/** What a draft changes against a published version, for the same case. */
export const Comparison = z
  .object({
    definitionId: z.string(),
    version: z.number().int().openapi({ description: 'The published version compared with' }),
    steps: z.array(
      z.object({
        step: z.string(),
        title: z.string(),
        allowed: Pair.openapi({ description: "Days the step's deadline allows on its first visit" }),
        spent: Pair.openapi({ description: 'Days the case spends in the step over all visits' }),
        change: z.enum(['added', 'removed', 'longer', 'shorter', 'same']),
      }),
    ),
    remindersAdded: z.array(ReminderChange),
    remindersRemoved: z.array(ReminderChange),
    length: Pair.openapi({ description: 'Days from start to end' }),
  })
  .openapi('SimulationComparison');

/** The draft's timeline, and when asked, what it changes against a published version. */
export const SimulationResult = Timeline.extend({ comparison: Comparison.optional() }).openapi(
  'SimulationResult',
);
