// What a partner may see: its data-sharing profile, the refugee's consent, and the event body
// built from both. Pure: the caller opens the case's personal data and passes it in.
import { z } from 'zod';
import type { PartnerUpdate } from '../contract';

/** Partner-visible events a profile can subscribe to. */
export const PARTNER_EVENTS = ['step_entered', 'case_on_hold', 'case_resumed', 'case_closed'] as const;

/** The consent purpose that lets a partner receive the personal fields of its profile. */
export const CASE_UPDATES_PURPOSE = 'case_updates';

/** Non-personal case facts a profile may list. */
export const CASE_FIELDS = ['program', 'country', 'priority'] as const;

export const SharingProfile = z.object({
  /** Case facts (program, country, priority) and personal fields (e.g. givenName) the partner may receive. */
  fields: z.array(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/).max(100)).max(100).default([]),
  events: z.array(z.enum(PARTNER_EVENTS)).max(PARTNER_EVENTS.length).default([]),
}).strict();
export type SharingProfile = z.infer<typeof SharingProfile>;

/** Reads a stored profile; a malformed one shares nothing. */
export function readProfile(stored: unknown): SharingProfile {
  const parsed = SharingProfile.safeParse(stored);
  return parsed.success ? parsed.data : { fields: [], events: [] };
}

/** The JSON a partner receives for one event. */
export interface PartnerEventBody {
  id: string;
  type: PartnerUpdate['event'];
  sequence: number;
  occurredAt: string;
  case: {
    reference: string; status: string; step?: string;
    /** case_closed only. */
    closure?: { reason: string; description: string }; lastStatus?: string | null;
  } & Partial<Record<(typeof CASE_FIELDS)[number], string>>;
  /** Only fields the profile allows and the consent covers; absent when none. */
  personal?: Record<string, unknown>;
}

/** The update's partner label in a language, when the definition has it; else as the definition wrote it. */
export function statusIn(update: PartnerUpdate, language: string | undefined): string {
  const translated = language !== undefined && update.statuses && Object.hasOwn(update.statuses, language) ? update.statuses[language] : undefined;
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
  const { update, profile } = input;
  const caseFacts: PartnerEventBody['case'] = { reference: update.case.reference, status: statusIn(update, input.language) };
  if (update.step) caseFacts.step = update.step;
  if (update.closure) Object.assign(caseFacts, { closure: update.closure, lastStatus: update.lastStatus ?? null });
  for (const field of CASE_FIELDS) if (profile.fields.includes(field)) caseFacts[field] = update.case[field];
  const body: PartnerEventBody = { id: input.id, type: update.event, sequence: input.sequence, occurredAt: update.occurredAt, case: caseFacts };
  if (!input.consent.includes(CASE_UPDATES_PURPOSE) || !input.personalData) return body;
  const personal: Record<string, unknown> = {};
  for (const field of profile.fields) {
    if ((CASE_FIELDS as readonly string[]).includes(field)) continue;
    if (Object.prototype.hasOwnProperty.call(input.personalData, field)) personal[field] = input.personalData[field];
  }
  if (Object.keys(personal).length > 0) body.personal = personal;
  return body;
}

/**
 * The body as it may be sent now: an event recorded earlier (a retry, a redelivery by hand) loses
 * its personal fields once consent is withdrawn, and keeps only those the profile still allows.
 */
export function withCurrentConsent(body: PartnerEventBody, consent: string[], profile: SharingProfile): PartnerEventBody {
  if (!body.personal) return body;
  const { personal, ...rest } = body;
  if (!consent.includes(CASE_UPDATES_PURPOSE)) return rest;
  const allowed = Object.fromEntries(Object.entries(personal).filter(([field]) => profile.fields.includes(field)));
  return Object.keys(allowed).length > 0 ? { ...rest, personal: allowed } : rest;
}
