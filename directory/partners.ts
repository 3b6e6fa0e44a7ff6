// The partner directory as the API manages it: partners, their webhook secrets (shown once,
// stored sealed), the partners of a case with the refugee's consent, the delivery log and dead
// letters. Redelivering a dead letter wakes the partner's feed (activities/partners/feed.ts).
import { z } from 'zod';
import { SharingProfile } from '../contract/partner-sharing';
import { isValidTimeZone } from '../definitions/duration';
import { LANGUAGES, PARTNER_ROLES } from '../definitions/vocabulary';
import type { Database } from '../lib/database';
import type { Keyring } from '../lib/keyring';
import { redeliver, type PartnerFeed } from '../activities/partners/feed';
import { generateWebhookSecret, rotateSecrets } from '../activities/partners/secrets';

export const PartnerInput = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, { message: 'must be a slug such as irap-nairobi' }),
    name: z.string().min(1).max(200),
    kind: z.enum(['ngo', 'unhcr', 'iom', 'state', 'legal_aid']),
    contactEmail: z.string().email().max(200),
    language: z.enum(LANGUAGES).default('en'),
    /** Times in its emails; null = the case country's time zone. */
    timeZone: z
      .string()
      .max(100)
      .refine(isValidTimeZone, { message: 'must be an IANA time zone such as Africa/Nairobi' })
      .nullable()
      .optional(),
    webhookUrl: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), { message: 'must be an http(s) URL' })
      .nullable()
      .optional(),
    sharingProfile: SharingProfile,
  })
  .strict();
export const PartnerUpdateInput = PartnerInput.omit({ id: true }).partial().strict();
export type PartnerInput = z.input<typeof PartnerInput>;
export type PartnerUpdateInput = z.input<typeof PartnerUpdateInput>;

const publicFields = {
  id: true,
  name: true,
  kind: true,
  contactEmail: true,
  language: true,
  timeZone: true,
  webhookUrl: true,
  sharingProfile: true,
  createdAt: true,
} as const;

/** Creates a partner; with a webhook URL, also its first secret (returned once, stored sealed). */
export async function createPartner(db: Database, keys: Keyring, input: PartnerInput) {
  const data = PartnerInput.parse(input);
  const secret = data.webhookUrl ? generateWebhookSecret() : undefined;
  const partner = await db.partner.create({
    data: { ...data, webhookSecrets: secret ? rotateSecrets(keys, [], secret, 0) : [] },
    select: publicFields,
  });
  return { partner, ...(secret ? { webhookSecret: secret } : {}) };
}

/** Changes a partner's details, webhook URL or sharing profile (never its secrets). */
export async function updatePartner(db: Database, id: string, patch: PartnerUpdateInput) {
  return db.partner.update({ where: { id }, data: PartnerUpdateInput.parse(patch), select: publicFields });
}

/** Lists partners without their secrets. */
export async function listPartners(db: Database) {
  return db.partner.findMany({ select: publicFields, orderBy: { id: 'asc' } });
}

/** Issues a new webhook secret; the previous ones keep signing until the overlap ends. */
export async function rotatePartnerSecret(db: Database, keys: Keyring, id: string, overlapHours = 24) {
  const partner = await db.partner.findUniqueOrThrow({ where: { id }, select: { webhookSecrets: true } });
  const secret = generateWebhookSecret();
  const now = new Date();
  await db.partner.update({
    where: { id },
    data: {
      webhookSecrets: rotateSecrets(keys, partner.webhookSecrets, secret, overlapHours * 3_600_000, now),
    },
  });
  return {
    webhookSecret: secret,
    previousValidUntil: new Date(now.getTime() + overlapHours * 3_600_000).toISOString(),
  };
}

/** Links a partner to a case in a role, with the consent purposes the refugee gave. */
export async function linkCasePartner(
  db: Database,
  input: { caseId: string; partnerId: string; role: (typeof PARTNER_ROLES)[number]; consent?: string[] },
) {
  const consent = input.consent ?? [];
  return db.$transaction(async (tx) => {
    // The link copies the case's list keys; locking the case row makes a projection writing a
    // new due date either finish first (its value is read here) or wait and update this link.
    const [listed] = await tx.$queryRaw<{ dueAt: Date | null; openedAt: Date }[]>`
      SELECT "dueAt", "openedAt" FROM "Case" WHERE "id" = ${input.caseId} FOR SHARE`;
    if (!listed) throw new Error(`No case ${input.caseId} to link partner ${input.partnerId} to`);
    const keys = { caseDueAt: listed.dueAt, caseOpenedAt: listed.openedAt };
    return tx.casePartner.upsert({
      where: { caseId_partnerId: { caseId: input.caseId, partnerId: input.partnerId } },
      create: { ...input, consent, ...keys },
      update: { role: input.role, consent, ...keys },
    });
  });
}

/** Replaces the consent purposes for a partner of a case (an empty list withdraws consent). */
export async function setPartnerConsent(db: Database, caseId: string, partnerId: string, consent: string[]) {
  return db.casePartner.update({ where: { caseId_partnerId: { caseId, partnerId } }, data: { consent } });
}

/** The partner events of a case, in order: the partner delivery log. */
export async function listPartnerEvents(db: Database, caseId: string) {
  return db.partnerEvent.findMany({
    where: { caseId },
    orderBy: [{ partnerId: 'asc' }, { seq: 'asc' }],
    select: {
      id: true,
      partnerId: true,
      seq: true,
      status: true,
      attempts: true,
      lastError: true,
      createdAt: true,
      deliveredAt: true,
    },
  });
}

/** Dead-lettered partner events, oldest first, optionally for one partner. */
export async function listDeadLetters(db: Database, filter: { partnerId?: string } = {}) {
  return db.partnerEvent.findMany({
    where: { status: 'dead', ...(filter.partnerId ? { partnerId: filter.partnerId } : {}) },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      partnerId: true,
      caseId: true,
      seq: true,
      attempts: true,
      lastError: true,
      createdAt: true,
    },
  });
}

/** Sends a dead-lettered event again (and lets the events held behind it follow); false if not dead. */
export async function redeliverPartnerEvent(db: Database, feed: PartnerFeed, id: string): Promise<boolean> {
  return redeliver(db, feed, id);
}
