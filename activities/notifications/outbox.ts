// Sends one email at most once per business key. The Message row is written (pending) before
// the send; the Message-ID is derived from the key; after the SMTP server accepts the message,
// the key is first noted in the activity's heartbeat (a second durable record, kept by Temporal)
// and then the row is marked sent. A retry skips keys that either record shows as accepted.
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { Prisma, type Database } from '../../lib/database';
import type { Metrics } from '../../lib/metrics';
import { renderMessage, type MessageValues } from '../templates/render';
import type { MessageKind } from '../../contract/activities';
import type { Addressee } from './recipients';
import { PermanentDeliveryError, TransientDeliveryError, type Mailer } from '../../lib/mailer';

/** What the outbox needs from the process. */
export interface OutboxDeps {
  db: Database;
  mailer: Mailer;
  /** Base URL of the API, for the link to the case. */
  publicUrl: string;
  journal?: SendJournal;
  metrics?: Metrics;
}

/** Remembers which keys the SMTP server accepted, across retries of one activity. */
export interface SendJournal {
  wasAccepted(key: string): boolean;
  accepted(key: string): void;
}

/** One email to send once. */
export interface OutboxItem {
  /** Full business key, recipient included. */
  key: string;
  kind: MessageKind;
  caseId: string;
  addressee: Addressee;
  values: MessageValues;
}

export type OutboxOutcome = { status: 'sent' | 'alreadySent' } | { status: 'failed'; error: string };

/** The stable Message-ID of a business key. */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex')}@pathways>`;
}

/** A journal kept in the activity's heartbeat details; a no-op outside an activity. */
export function heartbeatJournal(): SendJournal {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return { wasAccepted: () => false, accepted: () => undefined };
  }
  const previous = context.info.heartbeatDetails as { accepted?: unknown } | undefined;
  const keys = new Set(Array.isArray(previous?.accepted) ? previous.accepted.map(String) : []);
  return {
    wasAccepted: (key) => keys.has(key),
    accepted(key) {
      keys.add(key);
      context.heartbeat({ accepted: [...keys] });
    },
  };
}

/** Sends the item unless its key was already sent or failed; throws TransientDeliveryError to retry. */
export async function sendOnce(deps: OutboxDeps, item: OutboxItem): Promise<OutboxOutcome> {
  const { db } = deps;
  const journal = deps.journal ?? heartbeatJournal();
  const message = renderMessage({
    kind: item.kind,
    language: item.addressee.language,
    timeZone: item.addressee.timeZone,
    // Staff open the case page of the web app (through sign-in); partners read the API with their key.
    caseUrl: `${deps.publicUrl.replace(/\/$/, '')}/${item.addressee.partner ? 'v1' : 'app'}/cases/${encodeURIComponent(item.caseId)}`,
    values: { ...item.values, name: item.values.name ?? item.addressee.name },
  });
  const messageId = messageIdFor(item.key);
  const row = await claim(db, {
    businessKey: item.key,
    messageId,
    caseId: await existingCase(db, item.caseId),
    kind: item.kind,
    recipient: item.addressee.email,
    language: message.language,
    subject: message.subject,
  });
  if (row.status === 'sent') return { status: 'alreadySent' };
  if (row.status === 'failed' || row.status === 'dead')
    return { status: 'failed', error: row.lastError ?? row.status };
  if (journal.wasAccepted(item.key)) {
    await markSent(db, item.key);
    return { status: 'alreadySent' };
  }
  await db.message.update({ where: { businessKey: item.key }, data: { attempts: { increment: 1 } } });
  try {
    await deps.mailer.send({ messageId, to: item.addressee.email, ...message });
  } catch (err) {
    if (err instanceof PermanentDeliveryError) {
      deps.metrics?.emails.inc({ result: 'failed' });
      activityLog().warn('email refused for good', { kind: item.kind, reason: err.message });
      await db.message.update({
        where: { businessKey: item.key },
        data: { status: 'failed', lastError: err.message },
      });
      return { status: 'failed', error: err.message };
    }
    const transient = err instanceof TransientDeliveryError ? err : new TransientDeliveryError(String(err));
    deps.metrics?.emails.inc({ result: 'retried' });
    activityLog().warn('email not accepted yet, will retry', { kind: item.kind, reason: transient.message });
    await db.message.update({ where: { businessKey: item.key }, data: { lastError: transient.message } });
    throw transient;
  }
  journal.accepted(item.key);
  await markSent(db, item.key);
  countSent(deps.metrics, item.kind);
  activityLog().info('email sent', { kind: item.kind });
  return { status: 'sent' };
}

const REMINDER_KINDS: readonly MessageKind[] = ['reminder_before_due', 'due_today', 'overdue'];

function countSent(metrics: Metrics | undefined, kind: MessageKind): void {
  if (!metrics) return;
  metrics.emails.inc({ result: 'sent' });
  if (REMINDER_KINDS.includes(kind)) metrics.reminders.inc({ kind });
  if (kind === 'escalation') metrics.escalations.inc();
}

/** The running activity's logger (workflow id, run id, attempt attached by the SDK); silent outside an activity. */
export function activityLog(): Pick<Context['log'], 'info' | 'warn'> {
  try {
    return Context.current().log;
  } catch {
    return { info: () => undefined, warn: () => undefined };
  }
}

async function claim(db: Database, data: Prisma.MessageUncheckedCreateInput) {
  try {
    return await db.message.create({ data });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      return db.message.findUniqueOrThrow({ where: { businessKey: data.businessKey } });
    }
    throw err;
  }
}

async function markSent(db: Database, key: string): Promise<void> {
  await db.message.update({
    where: { businessKey: key },
    data: { status: 'sent', sentAt: new Date(), lastError: null },
  });
}

/** The case id when the case's projection row exists (the delivery log links to it), else null. */
async function existingCase(db: Database, caseId: string): Promise<string | null> {
  const found = await db.case.findUnique({ where: { id: caseId }, select: { id: true } });
  return found?.id ?? null;
}
