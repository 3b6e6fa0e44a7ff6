// publishPartnerUpdate: records one event per entitled partner (profile subscribes to the
// event) with the next sequence number of that partner and case, then wakes each feed. The
// case workflow publishes its updates one at a time in the case's order, so "next" follows the
// order in which the case moved; a partner's numbers are contiguous (events its profile does not
// subscribe to leave no gap), and the case's own number is kept as caseSequence.
import { randomUUID } from 'node:crypto';
import { Prisma, type Database } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';
import type { PartnerUpdate } from '../../contract/activities';
import { partnerEventKey } from '../../contract/keys';
import type { PartnerFeed } from './feed';
import { readProfile } from '../../contract/partner-sharing';
import { buildPartnerEventBody, type PartnerEventBody } from './profile';
import { storePartnerEvent } from './stored-event';
import { caseKeysFor } from '../../lib/case-keys';
import { casePersonalData } from '../../lib/case-personal-data';

export interface PublishDeps {
  db: Database;
  keys: Keyring;
  feed: PartnerFeed;
}

/** Queues the update for every partner of the case whose profile subscribes to the event. */
export async function publishPartnerUpdate(
  deps: PublishDeps,
  update: PartnerUpdate,
): Promise<{ queued: number }> {
  const { db } = deps;
  const links = await db.casePartner.findMany({
    where: { caseId: update.case.caseId },
    include: { partner: true },
    orderBy: { partnerId: 'asc' },
  });
  // A targeted update (consent_withdrawn) goes to its partner only, whatever the profile lists.
  const entitled = links.filter((l) =>
    update.partnerId !== undefined
      ? l.partnerId === update.partnerId
      : readProfile(l.partner.sharingProfile).events.includes(update.event),
  );
  if (entitled.length === 0) return { queued: 0 };
  const personalData = await openPersonalData(db, deps.keys, update.case.caseId);
  for (const link of entitled) {
    // Email never carries personal fields: an email-only partner's events do not keep any.
    // consent_withdrawn never carries personal fields, whatever the consent held.
    const shared = link.partner.webhookUrl && update.event !== 'consent_withdrawn' ? personalData : undefined;
    await recordEvent(
      deps,
      partnerEventKey(update.eventKey, link.partnerId),
      link.partnerId,
      update.case.caseId,
      update.sequence,
      (id, sequence) =>
        buildPartnerEventBody({
          id,
          sequence,
          update,
          profile: readProfile(link.partner.sharingProfile),
          consent: link.consent,
          personalData: shared,
          language: link.partner.language,
        }),
    );
  }
  for (const link of entitled) await deps.feed.wake(link.partnerId, update.case.caseId);
  return { queued: entitled.length };
}

/** Inserts the event once (by key) with the next free sequence number of (partner, case). */
async function recordEvent(
  { db, keys }: { db: Database; keys: Keyring },
  eventKey: string,
  partnerId: string,
  caseId: string,
  caseSequence: number | undefined,
  body: (id: string, seq: number) => PartnerEventBody,
): Promise<void> {
  for (let tries = 0; tries < 10; tries++) {
    if (await db.partnerEvent.findUnique({ where: { eventKey }, select: { id: true } })) return;
    const last = await db.partnerEvent.aggregate({ where: { partnerId, caseId }, _max: { seq: true } });
    const seq = (last._max.seq ?? 0) + 1;
    const id = randomUUID();
    try {
      const stored = await storePartnerEvent(caseKeysFor(db, keys), caseId, body(id, seq));
      await db.partnerEvent.create({
        data: {
          id,
          eventKey,
          partnerId,
          caseId,
          seq,
          caseSequence: caseSequence ?? null,
          body: stored.body as unknown as Prisma.InputJsonObject,
          sealedPersonal: stored.sealedPersonal,
        },
      });
      return;
    } catch (err) {
      // Another publisher took this key or this sequence number: look again.
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
    }
  }
  throw new Error(`could not allocate a sequence number for a partner event of case ${caseId}`);
}

/** The case's personal data (the applicant and its current dependants); undefined when the case has none. */
async function openPersonalData(
  db: Database,
  keys: Keyring,
  caseId: string,
): Promise<Record<string, unknown> | undefined> {
  const row = await db.case.findUnique({ where: { id: caseId }, select: { id: true, personalData: true } });
  return row ? casePersonalData(db, keys, row) : undefined;
}
