// Cases: what starting one takes, and what a caller gets back. The response schemas are the
// allow-list for personal data: a field not listed here never leaves the API.
import { FamilyId } from './families';
import { CASE_UPDATES_PURPOSE } from '../../contract/partner-sharing';
import { PARTNER_ROLES, PRIORITIES, PROGRAMS, RELATIONSHIPS } from '../../definitions/vocabulary';
import { CaseState, HistoryEntry } from './case-state';
import { BirthDate, CountryCode, Cursor, IsoDateTime, Limit, QueryBoolean, text, z } from './common';

/** Purposes a refugee can consent to per partner (case_updates: the profile's personal fields). */
export const CONSENT_PURPOSES = [CASE_UPDATES_PURPOSE] as const;

const dependantFields = { givenName: text(200), familyName: text(200), relationship: text(60) };

/** A dependant given at the start: becomes a person of the case, of a relationship the steps know. */
export const Dependant = z
  .object({ ...dependantFields, relationship: z.enum(RELATIONSHIPS), birthDate: BirthDate.optional() })
  .strict();

const applicantFields = {
  givenName: text(200),
  familyName: text(200),
  sex: z.enum(['female', 'male', 'other', 'unknown']).optional(),
  nationality: CountryCode.optional(),
  registrationNumber: text(100).optional(),
  phone: text(40).optional(),
  email: z.string().email().max(200).optional(),
  address: text(500).optional(),
  language: text(40).optional(),
};

/** The applicant's personal data: stored sealed, sent to Temporal only through the codec. */
export const Applicant = z
  .object({
    ...applicantFields,
    birthDate: BirthDate.optional(),
    dependants: z.array(Dependant).max(30).optional(),
  })
  .strict()
  .openapi('Applicant');

/**
 * The applicant as read back: the same fields, dates as stored, so that a case started before
 * a date rule tightened stays readable. Built from the fields, not by extending Applicant, so
 * the OpenAPI document does not combine the two strict objects.
 */
const applicantView = z
  .object({
    ...applicantFields,
    birthDate: z.string().optional(),
    // The case's dependants now: those given at the start and those added since (people).
    dependants: z
      .array(
        z
          .object({
            ...dependantFields,
            birthDate: z.string().optional(),
            sex: z.enum(['female', 'male', 'other', 'unknown']).optional(),
            unaccompaniedChild: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();
export const ApplicantView = applicantView.openapi('ApplicantView');

export const CasePartnerInput = z
  .object({
    partnerId: text(100),
    role: z.enum(PARTNER_ROLES),
    consent: z.array(z.enum(CONSENT_PURPOSES)).max(CONSENT_PURPOSES.length).default([]),
  })
  .strict();

export const StartCaseBody = z
  .object({
    /** Either a definition id, or a program and country (the latest published version is used). */
    definitionId: z
      .string()
      .regex(/^[a-z][a-z0-9-]*(\.[a-z]{2})?$/)
      .max(100)
      .optional(),
    program: z.enum(PROGRAMS).optional(),
    country: CountryCode.optional(),
    reference: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{1,63}$/, {
      message: 'must be a non-personal case reference: 2–64 letters, digits, . _ / -',
    }),
    priority: z.enum(PRIORITIES).default('normal'),
    assignee: z.string().email().max(200),
    partners: z.array(CasePartnerInput).max(20).default([]),
    applicant: Applicant,
  })
  .strict()
  .refine((b) => b.definitionId || (b.program && b.country), {
    message: 'give definitionId, or program and country',
    path: ['definitionId'],
  })
  .openapi('StartCase');

export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(200)
    .optional()
    .openapi({ description: 'Repeat-safe start: the same key returns the same case' }),
});

export const CasePartnerView = z.object({
  partnerId: z.string(),
  role: z.string(),
  consent: z.array(z.string()),
});

/** A case in lists: non-personal projection fields only. */
export const CaseSummary = z
  .object({
    id: z.string(),
    reference: z.string(),
    program: z.string(),
    country: z.string(),
    definitionId: z.string(),
    definitionVersion: z.number().int(),
    priority: z.string(),
    status: z.enum(['open', 'on_hold', 'closed']),
    currentStep: z.string().nullable(),
    assignee: z.string(),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    openedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .openapi('CaseSummary');

export const Delivery = z.object({
  channel: z.enum(['email', 'partner']),
  kind: z.string(),
  to: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  at: z.string(),
});

/** A case as staff see it: projection, live state, history, deliveries and (when allowed) the applicant. */
export const CaseDetail = CaseSummary.extend({
  holdReason: z.string().nullable(),
  closureReason: z.string().nullable(),
  partners: z.array(CasePartnerView),
  applicant: ApplicantView.optional(),
  live: z.boolean().openapi({
    description: 'false when the workflow could not be queried; fields come from the projection',
  }),
  pendingReminders: CaseState.shape.pendingReminders,
  /** The family group, and the joint key the case waits at ("waiting for family"), when in one. */
  family: CaseState.shape.family,
  /** On a step for each person of a relationship: its persons (ids) and which are done. */
  persons: CaseState.shape.persons,
  history: z.array(HistoryEntry).openapi({ description: 'Every step visit of the case, oldest first' }),
  deliveries: z.array(Delivery),
}).openapi('CaseDetail');

/** A case as a partner sees it: reference and partner-visible status, plus what its profile lists. */
export const PartnerCaseView = z
  .object({
    id: z.string(),
    reference: z.string(),
    status: z.string().nullable().openapi({
      description:
        'The partner-visible label of the current step (null when the step is internal); "Closed" once closed',
    }),
    caseStatus: z.enum(['open', 'on_hold', 'closed']),
    closure: z
      .object({ reason: z.string(), description: z.string() })
      .optional()
      .openapi({ description: 'Closed cases: the reason code and its words (never the free-text comment)' }),
    lastStatus: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'Closed cases: the last partner-visible status before closing' }),
    step: z
      .string()
      .optional()
      .openapi({ description: 'Internal step id, only when the definition shares it' }),
    program: z.string().optional(),
    country: z.string().optional(),
    priority: z.string().optional(),
    applicant: applicantView.partial().optional().openapi({
      description: "The profile's personal fields, only with the refugee's case_updates consent",
    }),
  })
  .openapi('PartnerCaseView');

export const CaseResponse = z.union([CaseDetail, PartnerCaseView]);

export const CaseListQuery = z
  .object({
    program: z.enum(PROGRAMS).optional(),
    country: CountryCode.optional(),
    status: z.enum(['open', 'on_hold', 'closed']).optional(),
    step: text(100).optional(),
    assignee: z.string().max(200).optional(),
    partner: text(100).optional(),
    /** Only the members of this family group. */
    family: FamilyId.optional(),
    overdue: QueryBoolean.optional(),
    dueBefore: IsoDateTime.optional(),
    dueAfter: IsoDateTime.optional(),
    sort: z.enum(['dueAt', 'openedAt']).default('dueAt'),
    cursor: Cursor.optional(),
    limit: Limit,
  })
  .strict();

export const CaseList = z
  .object({
    cases: z.array(z.union([CaseSummary, PartnerCaseView])),
    nextCursor: z.string().nullable(),
  })
  .openapi('CaseList');

export const TaskListQuery = z.object({ limit: Limit }).strict();

export const TaskList = z
  .object({
    tasks: z.array(
      CaseSummary.pick({
        id: true,
        reference: true,
        program: true,
        country: true,
        priority: true,
        status: true,
        currentStep: true,
        assignee: true,
        dueAt: true,
        overdue: true,
      }).extend({
        reason: z
          .enum(['assigned', 'review'])
          .openapi({ description: 'assigned: my case; review: an approval step my role decides' }),
      }),
    ),
  })
  .openapi('TaskList');

export type Applicant = z.infer<typeof Applicant>;
export type StartCaseBody = z.infer<typeof StartCaseBody>;
export type CaseSummary = z.input<typeof CaseSummary>;
export type CaseDetail = z.input<typeof CaseDetail>;
export type PartnerCaseView = z.input<typeof PartnerCaseView>;
