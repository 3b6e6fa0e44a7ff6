// All activities of the case worker, composed in one place from the process's resources: the
// case projection and the notifications / partner feed; and the relay that delivers the messages
// the projection stores as owed, beside them.
import type { Resources } from '../lib/resources';
import { activityClientFeed, notificationActivities, type NotificationDeps } from './notifications';
import { migrationActivities } from './migration';
import { projectionActivities } from './projection';
import { DeliveryRelay, type RelayOptions } from './notifications/relay';
import type { OwedMessagesBell } from '../lib/owed-messages-bell';
import type { Client } from '@temporalio/client';
import type { Logger } from '../lib/logger';

/**
 * What the activities are built from: the process's database, keys, mailer, URL, feed and
 * metrics (they log through their Temporal context); the bell the projection rings when it
 * stored owed messages, and the logger of the relay.
 */
export type ActivityDeps = NotificationDeps & { bell?: OwedMessagesBell; log?: Logger };

/** The dependencies of the activities of a process, from its resources bundle. */
export function activityDeps(resources: Resources): ActivityDeps {
  const { db, keys, mailer, publicUrl, metrics, config, logger, bell } = resources;
  return {
    db,
    keys,
    mailer,
    publicUrl,
    metrics,
    feed: activityClientFeed(config.TEMPORAL_TASK_QUEUE),
    bell,
    log: logger.child({ component: 'delivery-relay' }),
  };
}

/** Starts the relay that delivers what the activities' projection stores as owed (it wakes partner feeds through `client`). */
export function startDeliveryRelay(
  deps: ActivityDeps,
  client: Client,
  options?: RelayOptions,
): DeliveryRelay {
  const relay = new DeliveryRelay(deps, options);
  relay.start(client, deps.bell);
  return relay;
}

/** The activities the case worker registers; tests give their own mailer, URL or feed. */
export function createActivities(deps: ActivityDeps) {
  return { ...projectionActivities(deps), ...notificationActivities(deps), ...migrationActivities(deps) };
}
