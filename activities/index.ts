// All activities of the case worker, composed in one place: the case projection and the
// notifications / partner feed.
import { notificationActivities, type NotificationDeps } from './notifications';
import { projectionActivities } from './projection';

/** The activities the case worker registers; tests may override notification dependencies. */
export function createActivities(notificationDeps: Partial<NotificationDeps> = {}) {
  return { ...projectionActivities(), ...notificationActivities(notificationDeps) };
}
