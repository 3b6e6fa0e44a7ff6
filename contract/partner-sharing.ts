// What a partner may see of a case: the one data-sharing policy. The partner's profile lists
// case facts and personal fields; personal fields reach the partner only with the refugee's
// `case_updates` consent. The webhook body (activities/partners/profile.ts) and the partner's
// API view (api/cases/views.ts) both ask `partnerShare`, so they cannot disagree.
import { z } from 'zod';

/** Partner-visible events a profile can subscribe to. */
export const PARTNER_EVENTS = [
  'step_entered',
  'case_on_hold',
  'case_resumed',
  'case_closed',
  // Family level: the case waits at a joint step for its family group, and moves on with it.
  'family_waiting',
  'family_released',
  // The refugee withdrew consent: sent to the partner concerned whatever its profile lists.
  'consent_withdrawn',
] as const;

/** The consent purpose that lets a partner receive the personal fields of its profile. */
export const CASE_UPDATES_PURPOSE = 'case_updates';

/** Non-personal case facts a profile may list. */
export const CASE_FIELDS = ['program', 'country', 'priority'] as const;
export type CaseField = (typeof CASE_FIELDS)[number];

export const SharingProfile = z
  .object({
    /** Case facts (program, country, priority) and personal fields (e.g. givenName) the partner may receive. */
    fields: z
      .array(
        z
          .string()
          .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/)
          .max(100),
      )
      .max(100)
      .default([]),
    events: z.array(z.enum(PARTNER_EVENTS)).max(PARTNER_EVENTS.length).default([]),
  })
  .strict();
export type SharingProfile = z.infer<typeof SharingProfile>;

/** Reads a stored profile; a malformed one shares nothing. */
export function readProfile(stored: unknown): SharingProfile {
  const parsed = SharingProfile.safeParse(stored);
  return parsed.success ? parsed.data : { fields: [], events: [] };
}

const isCaseField = (field: string): field is CaseField => (CASE_FIELDS as readonly string[]).includes(field);

/** What a partner receives of a case: the case facts its profile lists, and the personal fields it may have. */
export interface PartnerShare {
  facts: Partial<Record<CaseField, string>>;
  /** Empty without consent, or when the profile lists no personal field the case has. */
  personal: Record<string, unknown>;
}

/** Whether the refugee's consent lets partners receive any personal field at all. */
export function consentsToPersonalData(consent: readonly string[]): boolean {
  return consent.includes(CASE_UPDATES_PURPOSE);
}

/** The case facts a profile lists. */
export function sharedFacts(
  profile: SharingProfile,
  facts: Record<CaseField, string>,
): PartnerShare['facts'] {
  const shared: PartnerShare['facts'] = {};
  for (const field of CASE_FIELDS) if (profile.fields.includes(field)) shared[field] = facts[field];
  return shared;
}

/** The personal fields a partner may have: those its profile lists (never a case fact's name), only with `case_updates` consent. */
export function sharedPersonal(
  profile: SharingProfile,
  consent: readonly string[],
  personalData: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const shared: Record<string, unknown> = {};
  if (!consentsToPersonalData(consent) || !personalData) return shared;
  for (const field of profile.fields) {
    if (!isCaseField(field) && Object.hasOwn(personalData, field)) shared[field] = personalData[field];
  }
  return shared;
}

/** The policy: what one partner receives of one case, from its profile and the refugee's consent. */
export function partnerShare(input: {
  profile: SharingProfile;
  consent: readonly string[];
  facts: Record<CaseField, string>;
  personalData: Record<string, unknown> | undefined;
}): PartnerShare {
  return {
    facts: sharedFacts(input.profile, input.facts),
    personal: sharedPersonal(input.profile, input.consent, input.personalData),
  };
}
