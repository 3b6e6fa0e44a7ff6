// deliverNotification: one owed message, sent once to each resolved recipient. Transient SMTP
// failures make the activity fail (Temporal retries it with backoff; keys already sent are
// skipped); permanent ones are recorded and reported to the country's program managers.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { TASK_MESSAGE_KINDS, type Language } from '../../definitions/vocabulary';
import {
  notificationEvent,
  notificationStatus,
  PARTNER_EMAIL_KIND,
  partnerEmailValues,
} from '../partners/words';
import type { NotificationRequest, NotificationResult } from '../../contract/activities';
import { deliveryFailedKey, recipientKey } from '../../contract/keys';
import { PLACEHOLDERS, type Placeholder } from '../templates/catalog';
import type { MessageValues } from '../templates/render';
import type { Database } from '../../lib/database';
import { PROGRAM_MANAGER_ROLE, resolveRecipients, type Addressee } from './recipients';
import { TransientDeliveryError } from '../../lib/mailer';
import { sendOnce, type OutboxDeps } from './outbox';

function stepTitle(step: NonNullable<NotificationRequest['step']>, language: string | undefined): string {
  return language !== undefined && step.titles && Object.hasOwn(step.titles, language)
    ? (step.titles[language] ?? step.title)
    : step.title;
}

/** The template values of a request in a language: case facts, step (its title in that language), and the known detail keys. */
export function templateValues(request: NotificationRequest, language?: string): MessageValues {
  const detail = Object.fromEntries(
    Object.entries(request.detail ?? {}).filter(([k]) => (PLACEHOLDERS as readonly string[]).includes(k)),
  ) as Partial<Record<Placeholder, string>>;
  return {
    assignee: request.case.assignee,
    priority: request.case.priority,
    ...(request.step
      ? {
          step: stepTitle(request.step, language),
          ...(request.step.dueAt ? { due: request.step.dueAt } : {}),
        }
      : {}),
    ...detail,
    reference: request.case.reference,
  };
}

/** The people a request is for; a task message reaches only those who may complete its step. */
export async function recipientsOf(db: Database, request: NotificationRequest): Promise<Addressee[]> {
  if (!TASK_MESSAGE_KINDS.includes(request.kind)) return resolveRecipients(db, request.to, request.case);
  const excluded = request.step?.excluded?.trim().toLowerCase();
  const addressees = await resolveRecipients(db, request.to, request.case, request.step?.owner, excluded);
  return excluded ? addressees.filter((a) => a.email !== excluded) : addressees;
}

/** A partner's values: the reference, status, event words and time; nothing the profile does not cover. */
function partnerValues(request: NotificationRequest, language: Language, owedAt?: string): MessageValues {
  return {
    reference: request.case.reference,
    ...partnerEmailValues({
      language,
      status: notificationStatus(request, language),
      event: notificationEvent(request),
      occurredAt: owedAt ?? scheduledAt(),
    }),
  };
}

/** When the workflow asked for the message (the same on every retry); now outside an activity. */
function scheduledAt(): string {
  try {
    return new Date(Context.current().info.scheduledTimestampMs).toISOString();
  } catch {
    return new Date().toISOString();
  }
}

/**
 * Sends the request's message to each recipient at most once per business key (partners: the
 * partner status email). `owedAt`: when the case owed it (the relay's row); else when the
 * activity was scheduled.
 */
export async function deliverNotification(
  deps: OutboxDeps,
  request: NotificationRequest,
  owedAt?: string,
): Promise<NotificationResult> {
  const result: NotificationResult = { sent: 0, alreadySent: 0, failed: 0 };
  const event = notificationEvent(request);
  // A partner whose profile subscribes to this event hears of it from its feed: not twice.
  const addressees = (await recipientsOf(deps.db, request)).filter((a) => !a.feedEvents?.includes(event));
  const transient: string[] = [];
  for (const addressee of addressees) {
    const key = recipientKey(request.businessKey, addressee.email);
    const message = addressee.partner
      ? { kind: PARTNER_EMAIL_KIND, values: partnerValues(request, addressee.language, owedAt) }
      : { kind: request.kind, values: templateValues(request, addressee.language) };
    try {
      const outcome = await sendOnce(deps, { key, caseId: request.case.caseId, addressee, ...message });
      if (outcome.status === 'failed') {
        result.failed += 1;
        await reportFailedDelivery(deps, request, key, addressee.email, outcome.error, owedAt);
      } else {
        result[outcome.status] += 1;
      }
    } catch (err) {
      if (!(err instanceof TransientDeliveryError)) throw err;
      transient.push(err.message);
    }
  }
  if (transient.length > 0) {
    // Retryable: the next attempt skips every key that was sent or failed in this one.
    throw ApplicationFailure.retryable(
      `${transient.length} of ${addressees.length} messages not accepted yet: ${transient[0]}`,
      'TransientDeliveryError',
    );
  }
  return result;
}

/** Tells the program managers of the case's country that an email bounced (once per key). */
async function reportFailedDelivery(
  deps: OutboxDeps,
  request: NotificationRequest,
  key: string,
  recipient: string,
  error: string,
  owedAt: string | undefined,
) {
  if (request.kind === 'delivery_failed') return; // never report a report: no loops
  await deliverNotification(
    deps,
    {
      businessKey: deliveryFailedKey(key),
      kind: 'delivery_failed',
      case: request.case,
      to: { role: PROGRAM_MANAGER_ROLE },
      ...(request.step ? { step: request.step } : {}),
      detail: { recipient, failedKind: request.kind, error },
    },
    owedAt,
  );
}
