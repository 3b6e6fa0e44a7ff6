// Messages of the case workflow (signal, update and query names with their inputs): the
// workflow, the API and tests import these constants instead of repeating names. Input schemas
// are zod (bundles into workflow code) and double as the API's request bodies.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { CLOSURE_REASONS, PARTNER_ROLES, PRIORITIES, RELATIONSHIPS } from '../definitions/vocabulary';
import type { ResolvedDefinition } from '../definitions/schema';
import type { CaseView } from './case-view';

/** Who is acting: a staff email and the roles they hold (checked against the step's owner). */
export const Actor = z
  .object({
    id: z.string().min(1).max(200),
    roles: z.array(z.string().min(1).max(60)).max(20),
  })
  .strict();

/** A person of a case by id: a dependant (`P-…`) or the principal applicant (`principal`). */
export const CasePersonId = z.string().regex(/^(P-[0-9A-Z]{10}|principal)$/, {
  message: 'must be a person id such as P-7K2Q9D4M1X, or principal',
});

/** The case's dependants as the workflow knows them: ids and relationships only, no personal data. */
export const CasePeopleInput = z
  .object({
    people: z.array(z.object({ id: CasePersonId, relationship: z.enum(RELATIONSHIPS) }).strict()).max(200),
    /**
     * The case row's people revision the roster was read at: a roster of a lower revision than
     * one already received arrived late and is ignored (absent in signals sent before it existed).
     */
    revision: z.number().int().min(0).optional(),
  })
  .strict();

export const CompleteStepInput = z
  .object({
    /** The step the caller believes the case is on: a stale screen gets a clear rejection. */
    step: z.string().min(1).max(100),
    outcome: z.string().min(1).max(100),
    data: z
      .record(z.string().max(100), z.union([z.string().max(5000), z.number(), z.boolean(), z.null()]))
      .default({}),
    actor: Actor,
    comment: z.string().max(2000).optional(),
    /** On a step for each person of a relationship: the person (of the case's people) this completion is for. */
    person: CasePersonId.optional(),
  })
  .strict();

export const ExternalEventInput = z
  .object({
    /** Event name, e.g. state_decision or documents_received. */
    event: z.string().min(1).max(100),
    /** Outcome the event brings, e.g. accepted / rejected / deferred. */
    outcome: z.string().min(1).max(100),
    data: z
      .record(z.string().max(100), z.union([z.string().max(5000), z.number(), z.boolean(), z.null()]))
      .default({}),
    /** Unique id of the event at its source: the same event delivered twice counts once. */
    eventId: z.string().min(1).max(200),
  })
  .strict();

export const HoldInput = z.object({ reason: z.string().min(1).max(500), actor: Actor }).strict();
export const ResumeInput = z.object({ actor: Actor }).strict();
export const ReassignInput = z.object({ assignee: z.string().min(1).max(200), actor: Actor }).strict();
export const CloseInput = z
  .object({ reason: z.enum(CLOSURE_REASONS), comment: z.string().max(2000).optional(), actor: Actor })
  .strict();

export const CasePartnerLink = z
  .object({
    partnerId: z.string().min(1).max(100),
    role: z.enum(PARTNER_ROLES),
    /** The refugee's consent purposes for this partner, once changed on the running case. */
    consent: z.array(z.string().min(1).max(60)).max(10).optional(),
  })
  .strict();

/** Gives, changes or withdraws (an empty list) the refugee's consent for one partner of the case. */
export const PartnerConsentInput = z
  .object({
    partnerId: z.string().min(1).max(100),
    consent: z.array(z.string().min(1).max(60)).max(10),
    actor: Actor,
  })
  .strict();

/** What a case workflow is started with: the definition is pinned into the input. */
export interface StartCaseInput {
  caseId: string;
  reference: string;
  definition: ResolvedDefinition;
  definitionVersion: number;
  /** The case's country (a base process may run in a country without an overlay); absent in older starts. */
  country?: string;
  priority: (typeof PRIORITIES)[number];
  assignee: string;
  partners: z.infer<typeof CasePartnerLink>[];
  /**
   * Personal data of the applicant, sent by starts before issue 16 (read by nothing in the
   * workflow): kept optional so their histories replay; new starts leave it in PostgreSQL.
   */
  applicant?: Record<string, unknown>;
  /** The case's dependants when the workflow starts (ids and relationships; absent in older starts). */
  people?: CasePeopleInput['people'];
  startedBy: string;
  /** When the case was opened (its row written, ISO): the first step is entered then (absent in older starts: the run's start). */
  openedAt?: string;
  /**
   * The API recorded the first transition (the case row's projection, the first visit and its
   * events, the messages they owe) in the transaction that created the case: the run does not
   * write them again. Absent in older starts and when a start heals one that failed half-way.
   */
  recordedAtStart?: boolean;
}

export type Actor = z.infer<typeof Actor>;
export type CompleteStepInput = z.infer<typeof CompleteStepInput>;
export type ExternalEventInput = z.infer<typeof ExternalEventInput>;
export type HoldInput = z.infer<typeof HoldInput>;
export type ResumeInput = z.infer<typeof ResumeInput>;
export type ReassignInput = z.infer<typeof ReassignInput>;
export type CloseInput = z.infer<typeof CloseInput>;
export type CasePeopleInput = z.infer<typeof CasePeopleInput>;
export type PartnerConsentInput = z.infer<typeof PartnerConsentInput>;

export const completeStepUpdate = defineUpdate<CaseView, [CompleteStepInput]>('completeStep');
export const holdUpdate = defineUpdate<CaseView, [HoldInput]>('hold');
export const resumeUpdate = defineUpdate<CaseView, [ResumeInput]>('resume');
export const reassignUpdate = defineUpdate<CaseView, [ReassignInput]>('reassign');
export const closeUpdate = defineUpdate<CaseView, [CloseInput]>('close');
export const partnerConsentUpdate = defineUpdate<CaseView, [PartnerConsentInput]>('partnerConsent');
export const externalEventSignal = defineSignal<[ExternalEventInput]>('externalEvent');
/** The API tells the case its dependants after each change to them (ids and relationships). */
export const casePeopleSignal = defineSignal<[CasePeopleInput]>('casePeople');
export const caseStateQuery = defineQuery<CaseView>('caseState');
