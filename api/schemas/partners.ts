// Partners: organisations that refer cases or receive updates, their data-sharing profiles,
// webhook secrets (shown once when rotated) and dead letters.
import { CaseId, text, z } from './common';

export const PARTNER_KINDS = ['ngo', 'unhcr', 'iom', 'state', 'legal_aid'] as const;

/** Fields a partner may be given: case facts and applicant fields (the latter need consent too). */
export const SHAREABLE_FIELDS = [
  'reference', 'program', 'country', 'status', 'step', 'priority', 'dueAt', 'openedAt', 'closedAt',
  'applicant', 'applicant.givenName', 'applicant.familyName', 'applicant.birthDate', 'applicant.sex',
  'applicant.nationality', 'applicant.registrationNumber', 'applicant.phone', 'applicant.email',
  'applicant.address', 'applicant.language', 'applicant.dependants',
] as const;

export const SharingProfile = z.object({
  fields: z.array(z.enum(SHAREABLE_FIELDS)).max(SHAREABLE_FIELDS.length).default([]),
  events: z.array(text(60)).max(20).default([]),
}).strict().openapi('SharingProfile');

export const PartnerIdParams = z.object({ partnerId: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,99}$/) }).strict();

export const CreatePartnerBody = z.object({
  id: PartnerIdParams.shape.partnerId,
  name: text(200),
  kind: z.enum(PARTNER_KINDS),
  contactEmail: z.string().email().max(200),
  language: z.enum(['en', 'fr', 'ar', 'es']).default('en'),
  webhookUrl: z.string().url().max(500).nullable().optional(),
  sharingProfile: SharingProfile,
}).strict().openapi('CreatePartner');

export const UpdatePartnerBody = CreatePartnerBody.omit({ id: true }).partial().strict().openapi('UpdatePartner');

export const Partner = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  contactEmail: z.string(),
  language: z.string(),
  webhookUrl: z.string().nullable(),
  sharingProfile: z.object({ fields: z.array(z.string()).default([]), events: z.array(z.string()).default([]) }),
  createdAt: z.string(),
}).openapi('Partner');

export const PartnerList = z.object({ partners: z.array(Partner) });

export const PartnerCreated = Partner.extend({
  webhookSecret: z.string().nullable().openapi({ description: 'The signing secret: shown once' }),
}).openapi('PartnerCreated');

export const RotatedSecret = z.object({
  partnerId: z.string(),
  webhookSecret: z.string().openapi({ description: 'The new signing secret: shown once' }),
  previousValidUntil: z.string().nullable(),
}).openapi('RotatedSecret');

export const DeadLetter = z.object({
  id: z.string(),
  eventKey: z.string(),
  partnerId: z.string(),
  caseId: CaseId.or(z.string()),
  seq: z.number().int(),
  status: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
}).openapi('DeadLetter');

export const DeadLetterList = z.object({ deadLetters: z.array(DeadLetter) });

export const DeadLetterParams = PartnerIdParams.extend({ eventId: z.string().uuid() }).strict();

export const Redelivered = z.object({ id: z.string(), status: z.string() }).openapi('Redelivered');
