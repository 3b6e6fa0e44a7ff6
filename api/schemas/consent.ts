// The refugee's consent for one partner of a case: given, changed (PUT) or withdrawn (DELETE).
import { z } from 'zod';
import { CONSENT_PURPOSES } from './cases';
import { CaseId } from './common';
import { PartnerIdParams } from './partners';

export const CasePartnerParams = z
  .object({ caseId: CaseId, partnerId: PartnerIdParams.shape.partnerId })
  .strict();

export const PartnerConsentBody = z
  .object({
    /** The purposes the refugee consents to for this partner; an empty list withdraws consent. */
    purposes: z.array(z.enum(CONSENT_PURPOSES)).max(CONSENT_PURPOSES.length),
  })
  .strict()
  .openapi('PartnerConsentBody');

export const PartnerConsent = z
  .object({
    caseId: z.string(),
    partnerId: z.string(),
    role: z.string(),
    consent: z.array(z.string()),
    /** Whether the partner was told (consent_withdrawn) to act on the personal data it holds. */
    withdrawn: z.boolean(),
  })
  .strict()
  .openapi('PartnerConsent');

export type PartnerConsentBody = z.infer<typeof PartnerConsentBody>;
export type PartnerConsent = z.infer<typeof PartnerConsent>;
