// Shared pieces of the API's zod schemas, extended for OpenAPI generation.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

/** A bounded single-line string: every string the API accepts has a maximum. */
export const text = (max: number) => z.string().min(1).max(max);

export const CountryCode = z.string().regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as KE' })
  .openapi({ example: 'KE' });

/** A case id in a path: the API makes C-… ids; imported or older cases may have others, all bounded. */
export const CaseId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,99}$/, { message: 'must be a case id such as C-7K2M9Q4TZP7X' })
  .openapi({ example: 'C-7K2M9Q4TZP7X' });

export const CaseIdParams = z.object({ caseId: CaseId }).strict();

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().openapi({ example: 'not_found' }),
    message: z.string(),
    details: z.unknown().optional(),
  }),
}).openapi('Error');

/** Opaque pagination cursor returned as nextCursor. */
export const Cursor = z.string().max(500).regex(/^[A-Za-z0-9_-]+$/, { message: 'must be a nextCursor value' });

export const Limit = z.coerce.number().int().min(1).max(200).default(50);

/** Query booleans arrive as strings. */
export const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

export const IsoDateTime = z.string().datetime({ offset: true }).openapi({ example: '2026-12-01T00:00:00Z' });

export { z };
