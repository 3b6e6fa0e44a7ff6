// The activities behind the partner feed workflow, and how the rest of the system wakes a feed.
// Webhook partners get a signed POST; partners without a webhook get the partner_update email
// in their language through the same exactly-once outbox as staff email.
import type { Client } from '@temporalio/client';
import type { Database } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';
import { partnerFeedId } from '../../contract/keys';
import {
  PARTNER_FEED_WORKFLOW,
  partnerEventsPending,
  type DeliveryAttempt,
  type DeliveryPolicy,
  type PartnerFeedActivities,
  type PartnerFeedWorkflow,
} from '../../contract/partner-feed';
import { deliverNotification } from '../notifications/deliver';
import { PermanentDeliveryError, TransientDeliveryError } from '../../lib/mailer';
import { sendOnce, type OutboxDeps } from '../notifications/outbox';
import { asLanguage } from '../templates/render';
import { isValidTimeZone } from '../../definitions/duration';
import { PROGRAM_MANAGER_ROLE } from '../notifications/recipients';
import { PARTNER_EMAIL_KIND, partnerEmailValues } from './words';
import { readProfile } from '../../contract/partner-sharing';
import { withCurrentConsent, type PartnerEventBody } from './profile';
import { signingSecrets } from './secrets';
import { postWebhook } from './webhook';
import { caseFactsOf } from './case-facts';
import { recordedBody } from './stored-event';
import { caseKeysFor } from '../../lib/case-keys';

/** Wakes the delivery feed of a partner for a case (starting it when needed). */
export interface PartnerFeed {
  wake(partnerId: string, caseId: string): Promise<void>;
  /** The same feed woken through `client`, for use outside an activity (the delivery relay). */
  withClient?(client: Client): PartnerFeed;
}

/** A feed over Temporal: signalWithStart of the (partner, case) workflow. */
export function temporalPartnerFeed(client: Client, taskQueue: string, policy?: DeliveryPolicy): PartnerFeed {
  return {
    async wake(partnerId, caseId) {
      await client.workflow.signalWithStart<PartnerFeedWorkflow, []>(PARTNER_FEED_WORKFLOW, {
        workflowId: partnerFeedId(partnerId, caseId),
        taskQueue,
        args: [{ partnerId, caseId, ...(policy ? { policy } : {}) }],
        signal: partnerEventsPending,
        signalArgs: [],
      });
    },
  };
}

export interface PartnerFeedDeps extends OutboxDeps {
  keys: Keyring;
}

/** The feed workflow's activities, bound to their dependencies. */
export function partnerFeedActivities(deps: PartnerFeedDeps): PartnerFeedActivities {
  const { db } = deps;
  return {
    async nextPartnerEvent({ partnerId, caseId }) {
      const next = await db.partnerEvent.findFirst({
        where: { partnerId, caseId, status: { not: 'sent' } },
        orderBy: { seq: 'asc' },
        select: { id: true, status: true },
      });
      return next?.status === 'pending' ? { id: next.id } : null;
    },

    async attemptPartnerDelivery({ eventId, requestTimeoutMs }) {
      const event = await db.partnerEvent.findUniqueOrThrow({
        where: { id: eventId },
        include: { partner: true },
      });
      if (event.status === 'sent') return { outcome: 'delivered' };
      const link = await db.casePartner.findUnique({
        where: { caseId_partnerId: { caseId: event.caseId, partnerId: event.partnerId } },
      });
      const body = withCurrentConsent(
        await recordedBody(caseKeysFor(db, deps.keys), event),
        link?.consent ?? [],
        readProfile(event.partner.sharingProfile),
      );
      const attempt: DeliveryAttempt = event.partner.webhookUrl
        ? await postWebhook({
            url: event.partner.webhookUrl,
            body: JSON.stringify(body),
            eventId: event.id,
            secrets: signingSecrets(deps.keys, event.partner.webhookSecrets),
            timeoutMs: requestTimeoutMs,
          })
        : await emailPartner(deps, event.partner, event.caseId, event.eventKey, body);
      deps.metrics?.partnerDeliveries.inc({
        channel: event.partner.webhookUrl ? 'webhook' : 'email',
        outcome: attempt.outcome,
      });
      await db.partnerEvent.update({
        where: { id: eventId },
        data:
          attempt.outcome === 'delivered'
            ? // Delivered: the sealed personal fields are not needed any more.
              {
                status: 'sent',
                attempts: { increment: 1 },
                deliveredAt: new Date(),
                lastError: null,
                sealedPersonal: null,
              }
            : { attempts: { increment: 1 }, lastError: attempt.error },
      });
      return attempt.outcome === 'delivered' ? { outcome: 'delivered' } : attempt;
    },

    async deadLetterPartnerEvent({ eventId, error }) {
      const event = await db.partnerEvent.update({
        where: { id: eventId },
        data: { status: 'dead', lastError: error },
        include: { partner: true },
      });
      deps.metrics?.deadLetters.inc();
      const facts = await caseFactsOf(db, event.caseId);
      if (!facts) return;
      await deliverNotification(deps, {
        businessKey: `partner-event:${event.id}:dead:${event.attempts}`,
        kind: 'partner_delivery_failed',
        case: facts,
        to: { role: PROGRAM_MANAGER_ROLE },
        detail: { partner: event.partner.name, event: event.id, attempts: String(event.attempts), error },
      });
    },
  };
}

async function emailPartner(
  deps: OutboxDeps,
  partner: { id: string; name: string; contactEmail: string; language: string; timeZone: string | null },
  caseId: string,
  eventKey: string,
  body: PartnerEventBody,
): Promise<DeliveryAttempt> {
  const facts = await caseFactsOf(deps.db, caseId);
  const language = asLanguage(partner.language) ?? asLanguage(facts?.language) ?? 'en';
  const timeZone = [partner.timeZone, facts?.timeZone].find((zone) => zone && isValidTimeZone(zone)) ?? 'UTC';
  try {
    // Never personal fields: the body's `personal` is not among the values.
    const outcome = await sendOnce(deps, {
      key: `partner-event:${eventKey}:${partner.contactEmail.toLowerCase()}`,
      kind: PARTNER_EMAIL_KIND,
      caseId,
      addressee: {
        email: partner.contactEmail.toLowerCase(),
        name: partner.name,
        language,
        timeZone,
        partner: true,
      },
      values: {
        reference: body.case.reference,
        ...partnerEmailValues({
          language,
          status: body.case.status,
          event: body.type,
          occurredAt: body.occurredAt,
        }),
      },
    });
    return outcome.status === 'failed'
      ? { outcome: 'reject', error: outcome.error }
      : { outcome: 'delivered' };
  } catch (err) {
    if (err instanceof TransientDeliveryError) return { outcome: 'retry', error: err.message };
    if (err instanceof PermanentDeliveryError) return { outcome: 'reject', error: err.message };
    throw err;
  }
}

/** Marks a dead (or failed) event pending again and wakes its feed; returns false when not found or already sent. */
export async function redeliver(db: Database, feed: PartnerFeed, eventId: string): Promise<boolean> {
  const { count } = await db.partnerEvent.updateMany({
    where: { id: eventId, status: { in: ['dead', 'failed'] } },
    data: { status: 'pending', lastError: null }, // attempts stay cumulative: they key the dead-letter report
  });
  const event = await db.partnerEvent.findUnique({ where: { id: eventId } });
  if (!event || event.status === 'sent') return false;
  if (count > 0) await feed.wake(event.partnerId, event.caseId);
  return count > 0;
}
