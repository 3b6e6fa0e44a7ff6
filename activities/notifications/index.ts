// The notification and partner-feedback activities, composed with their dependencies (the
// worker's come from its resources bundle; tests pass their own mailer, URL and feed).
import { Context } from '@temporalio/activity';
import type { Database } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';
import type { Metrics } from '../../lib/metrics';
import type { NotificationActivities } from '../../contract/activities';
import { partnerFeedActivities, temporalPartnerFeed, type PartnerFeed } from '../partners/feed';
import { publishPartnerUpdate } from '../partners/publish';
import type { DeliveryPolicy, PartnerFeedActivities } from '../../contract/partner-feed';
import { deliverNotification } from './deliver';
import type { Mailer } from '../../lib/mailer';

export interface NotificationDeps {
  db: Database;
  keys: Keyring;
  mailer: Mailer;
  publicUrl: string;
  /** How partner feeds are woken (the worker: signalWithStart through the activity's Temporal client). */
  feed: PartnerFeed;
  /** Counts emails, reminders, escalations, partner deliveries and dead letters. */
  metrics?: Metrics;
}

/** A feed that signals through the Temporal client of the running activity (or, given one, through that client). */
export function activityClientFeed(taskQueue: string, policy?: DeliveryPolicy): PartnerFeed {
  return {
    wake: (partnerId, caseId) =>
      temporalPartnerFeed(Context.current().client, taskQueue, policy).wake(partnerId, caseId),
    withClient: (client) => temporalPartnerFeed(client, taskQueue, policy),
  };
}

/** The activities of issue 5: the case workflow's notifications and the partner feed's deliveries. */
export function notificationActivities(
  deps: NotificationDeps,
): NotificationActivities & PartnerFeedActivities {
  const feed = partnerFeedActivities(deps);
  return {
    deliverNotification: (request) => deliverNotification(deps, request),
    publishPartnerUpdate: (update) => publishPartnerUpdate(deps, update),
    nextPartnerEvent: (input) => feed.nextPartnerEvent(input),
    attemptPartnerDelivery: (input) => feed.attemptPartnerDelivery(input),
    deadLetterPartnerEvent: (input) => feed.deadLetterPartnerEvent(input),
  };
}
