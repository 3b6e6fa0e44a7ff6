// The event body a partner receives, built by the data-sharing policy (contract/partner-sharing.ts)
// from its profile and the refugee's consent. Pure: the caller opens the case's personal data and
// passes it in.
import type { PartnerUpdate } from '../../contract/activities';
import {
  partnerShare,
  sharedPersonal,
  type CaseField,
  type SharingProfile,
} from '../../contract/partner-sharing';

/** The JSON a partner receives for one event. */
export interface PartnerEventBody {
  id: string;
  type: PartnerUpdate['event'];
  sequence: number;
  occurredAt: string;
  case: {
    reference: string;
    status: string;
    step?: string;
    /** case_closed only. */
    closure?: { reason: string; description: string };
    lastStatus?: string | null;
  } & Partial<Record<CaseField, string>>;
  /** Only fields the profile allows and the consent covers; absent when none. */
  personal?: Record<string, unknown>;
}

/** The update's partner label in a language, when the definition has it; else as the definition wrote it. */
export function statusIn(update: PartnerUpdate, language: string | undefined): string {
  const translated =
    language !== undefined && update.statuses && Object.hasOwn(update.statuses, language)
      ? update.statuses[language]
      : undefined;
  return translated ?? update.status;
}

/** Builds the body: profile ∩ consent for personal fields, nothing personal without consent. */
export function buildPartnerEventBody(input: {
  id: string;
  sequence: number;
  update: PartnerUpdate;
  profile: SharingProfile;
  consent: string[];
  personalData: Record<string, unknown> | undefined;
  /** The partner's language: the status is in it when the definition translates the label. */
  language?: string;
}): PartnerEventBody {
  const { update } = input;
  const share = partnerShare({
    profile: input.profile,
    consent: input.consent,
    facts: update.case,
    personalData: input.personalData,
  });
  const caseFacts: PartnerEventBody['case'] = {
    reference: update.case.reference,
    status: statusIn(update, input.language),
  };
  if (update.step) caseFacts.step = update.step;
  if (update.closure)
    Object.assign(caseFacts, { closure: update.closure, lastStatus: update.lastStatus ?? null });
  Object.assign(caseFacts, share.facts);
  const body: PartnerEventBody = {
    id: input.id,
    type: update.event,
    sequence: input.sequence,
    occurredAt: update.occurredAt,
    case: caseFacts,
  };
  if (Object.keys(share.personal).length > 0) body.personal = share.personal;
  return body;
}

/**
 * The body as it may be sent now: an event recorded earlier (a retry, a redelivery by hand) loses
 * its personal fields once consent is withdrawn, and keeps only those the profile still allows.
 */
export function withCurrentConsent(
  body: PartnerEventBody,
  consent: string[],
  profile: SharingProfile,
): PartnerEventBody {
  if (!body.personal) return body;
  const { personal, ...rest } = body;
  const allowed = sharedPersonal(profile, consent, personal);
  return Object.keys(allowed).length > 0 ? { ...rest, personal: allowed } : rest;
}
