// Erasure of a case's personal data: requested by one admin or supervisor with a reason code,
// carried out (crypto-shredded) when a second one approves.
import { z } from 'zod';
import { ERASURE_REASONS } from '../../activities/erasure/shred';
import './common';

/** The reasons a person may give for a request (`retention` is the sweep's own). */
export const REQUESTED_ERASURE_REASONS = ERASURE_REASONS.filter((reason) => reason !== 'retention');

export const ErasureRequestBody = z
  .object({
    /** Why the personal data must go: a code, never free text (free text could name the person). */
    reason: z.enum(REQUESTED_ERASURE_REASONS as [string, ...string[]]),
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
