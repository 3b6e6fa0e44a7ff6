// Partners: organisations that refer cases or receive updates. Request bodies are the partner
// directory's own schemas; secrets appear only in the answer that creates or rotates them.
import { PartnerInput, PartnerUpdateInput } from '../../directory/partners';
import { z } from './common';

export const PartnerIdParams = z.object({ partnerId: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/) }).strict();

export const CreatePartnerBody = PartnerInput.openapi('CreatePartner');
export const UpdatePartnerBody = PartnerUpdateInput.openapi('UpdatePartner');

export const Partner = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    contactEmail: z.string(),
    language: z.string(),
    timeZone: z.string().nullable(),
    webhookUrl: z.string().nullable(),
    sharingProfile: z.object({
      fields: z.array(z.string()).default([]),
      events: z.array(z.string()).default([]),
    }),
    createdAt: z.union([z.date().transform((d) => d.toISOString()), z.string()]),
  })
  .openapi('Partner');

export const PartnerList = z.object({ partners: z.array(Partner) });

export const PartnerCreated = Partner.extend({
  webhookSecret: z
    .string()
    .nullable()
    .openapi({ description: 'The signing secret (partners with a webhook): shown once' }),
}).openapi('PartnerCreated');

export const RotateSecretBody = z
  .object({
    overlapHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 14)
      .default(24)
      .openapi({ description: 'How long the previous secret keeps signing' }),
  })
  .strict();

export const RotatedSecret = z
  .object({
    partnerId: z.string(),
    webhookSecret: z.string().openapi({ description: 'The new signing secret: shown once' }),
    previousValidUntil: z.string(),
  })
  .openapi('RotatedSecret');

export const DeadLetter = z
  .object({
    id: z.string(),
    partnerId: z.string(),
    caseId: z.string(),
    seq: z.number().int(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.union([z.date().transform((d) => d.toISOString()), z.string()]),
  })
  .openapi('DeadLetter');

export const DeadLetterList = z.object({ deadLetters: z.array(DeadLetter) });

export const DeadLetterParams = PartnerIdParams.extend({ eventId: z.string().uuid() }).strict();

export const Redelivered = z.object({ id: z.string(), redelivered: z.literal(true) }).openapi('Redelivered');
