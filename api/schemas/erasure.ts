// Erasure of a case's personal data: requested by one admin or supervisor with a reason code,
// carried out (crypto-shredded) when a second one approves.
import { REQUESTED_ERASURE_REASONS } from '../../activities/erasure/shred';
import { z } from './common';

export const ErasureRequestBody = z
  .object({
    /** Why the personal data must go: a code, never free text (free text could name the person). */
    reason: z.enum(REQUESTED_ERASURE_REASONS),
  })
  .strict()
  .openapi('ErasureRequestBody');

export const Erasure = z
  .object({
    caseId: z.string(),
    status: z.enum(['requested', 'erased']),
    reason: z.string(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    approvedBy: z.string().optional(),
    erasedAt: z.string().optional(),
  })
  .strict()
  .openapi('Erasure');

export type ErasureRequestBody = z.infer<typeof ErasureRequestBody>;
export type Erasure = z.infer<typeof Erasure>;
