// A one-activity workflow for the exactly-once email test on a real Temporal server: it lets
// Temporal itself retry deliverNotification (with the heartbeat details of the failed attempt).
import { proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities, NotificationRequest } from '../../contract/activities';

const { deliverNotification } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '50 milliseconds', maximumInterval: '200 milliseconds', maximumAttempts: 5 },
});

/** Sends one notification through the real activity. */
export async function notifyOnce(request: NotificationRequest) {
  return deliverNotification(request);
}
