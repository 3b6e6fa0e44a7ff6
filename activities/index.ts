// All activities of the case worker, composed in one place from the process's resources: the
// case projection and the notifications / partner feed.
import type { Resources } from '../lib/resources';
import { activityClientFeed, notificationActivities, type NotificationDeps } from './notifications';
import { migrationActivities } from './migration';
import { projectionActivities } from './projection';

/** What the activities are built from: the process's database, keys, mailer, URL, feed and metrics (they log through their Temporal context). */
export type ActivityDeps = NotificationDeps;

/** The dependencies of the activities of a process, from its resources bundle. */
export function activityDeps(resources: Resources): ActivityDeps {
  const { db, keys, mailer, publicUrl, metrics, config } = resources;
  return { db, keys, mailer, publicUrl, metrics, feed: activityClientFeed(config.TEMPORAL_TASK_QUEUE) };
}

/** The activities the case worker registers; tests give their own mailer, URL or feed. */
export function createActivities(deps: ActivityDeps) {
  return { ...projectionActivities(deps), ...notificationActivities(deps), ...migrationActivities(deps) };
}
