// The notification and partner-feedback activities, composed with their dependencies. The
// worker registers `notificationActivities()`; tests pass their own mailer, URL and feed.
import { Context } from '@temporalio/activity';
import { config } from '../../lib/config';
import { database, type Database } from '../../lib/database';
import { keyring, type Keyring } from '../../lib/keyring';
import type { NotificationActivities } from '../contract';
import { partnerFeedActivities, temporalPartnerFeed, type PartnerFeed } from '../partners/feed';
import { publishPartnerUpdate } from '../partners/publish';
import type { DeliveryPolicy, PartnerFeedActivities } from '../../workflows/partner-feed.workflow';
import { deliverNotification } from './deliver';
import { smtpMailer, type Mailer } from './mailer';

export interface NotificationDeps {
  db: Database;
  keys: Keyring;
  mailer: Mailer;
  publicUrl: string;
  /** How partner feeds are woken; default: signalWithStart through the activity's Temporal client. */
  feed: PartnerFeed;
}

/** The SMTP URL in use: SMTP_URL, else the embedded dev mailbox. */
export function smtpUrl(): string {
  const c = config();
  return c.SMTP_URL ?? `smtp://127.0.0.1:${c.DEV_SMTP_PORT}`;
}

/** A feed that signals through the Temporal client of the running activity. */
export function activityClientFeed(taskQueue: string, policy?: DeliveryPolicy): PartnerFeed {
  return { wake: (partnerId, caseId) => temporalPartnerFeed(Context.current().client, taskQueue, policy).wake(partnerId, caseId) };
}

/** The default dependencies of this process (config, database, keyring, SMTP). */
export function defaultNotificationDeps(): NotificationDeps {
  const c = config();
  return {
    db: database(),
    keys: keyring(),
    mailer: smtpMailer(smtpUrl(), c.MAIL_FROM),
    publicUrl: c.PUBLIC_URL ?? `http://${c.API_HOST}:${c.API_PORT}`,
    feed: activityClientFeed(c.TEMPORAL_TASK_QUEUE),
  };
}

/** The activities of issue 5: the case workflow's notifications and the partner feed's deliveries. */
export function notificationActivities(overrides: Partial<NotificationDeps> = {}): NotificationActivities & PartnerFeedActivities {
  let resolved: NotificationDeps | undefined;
  // Resolved on first use so that importing the worker does not open connections.
  const deps = () => (resolved ??= { ...defaultNotificationDeps(), ...overrides });
  const feed = () => partnerFeedActivities(deps());
  return {
    deliverNotification: (request) => deliverNotification(deps(), request),
    publishPartnerUpdate: (update) => publishPartnerUpdate(deps(), update),
    nextPartnerEvent: (input) => feed().nextPartnerEvent(input),
    attemptPartnerDelivery: (input) => feed().attemptPartnerDelivery(input),
    deadLetterPartnerEvent: (input) => feed().deadLetterPartnerEvent(input),
  };
}
