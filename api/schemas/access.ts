// API keys and the audit log.
import { RoleSchema } from '../access/roles';
import { CaseId, CountryCode, Cursor, IsoDateTime, Limit, text, z } from './common';

export const CreateApiKeyBody = z
  .object({
    principal: text(200).openapi({ description: 'Staff email, or the partner id for a partner key' }),
    role: RoleSchema,
    countries: z
      .array(z.union([CountryCode, z.literal('*')]))
      .max(250)
      .default([]),
    partnerId: text(100).optional(),
  })
  .strict()
  .refine((b) => b.role !== 'partner' || b.partnerId, {
    message: 'a partner key needs partnerId',
    path: ['partnerId'],
  })
  .openapi('CreateApiKey');

export const ApiKeySummary = z
  .object({
    id: z.string(),
    prefix: z.string(),
    principal: z.string(),
    role: z.string(),
    countries: z.array(z.string()),
    partnerId: z.string().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

export const CreatedApiKey = ApiKeySummary.pick({
  id: true,
  prefix: true,
  principal: true,
  role: true,
  countries: true,
  partnerId: true,
})
  .extend({ key: z.string().openapi({ description: 'The secret: shown once, store it now' }) })
  .openapi('CreatedApiKey');

export const ApiKeyList = z.object({ keys: z.array(ApiKeySummary) });
export const ApiKeyIdParams = z.object({ keyId: z.string().uuid() }).strict();

export const AuditQuery = z
  .object({
    caseId: CaseId.optional(),
    principal: z.string().max(200).optional(),
    action: z.string().max(60).optional(),
    since: IsoDateTime.optional(),
    until: IsoDateTime.optional(),
    cursor: Cursor.optional(),
    limit: Limit,
  })
  .strict();

export const AuditEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    principal: z.string(),
    action: z.string(),
    caseId: z.string().nullable(),
    detail: z.record(z.unknown()).nullable(),
  })
  .openapi('AuditEntry');

export const AuditLog = z
  .object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() })
  .openapi('AuditLog');
