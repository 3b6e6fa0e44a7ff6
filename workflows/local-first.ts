// Short database work run first as a local activity, inside the workflow task that needs it (one
// marker event, no task-queue round trip), and as the ordinary activity when the local attempts
// fail: a local activity must finish within seconds, or the worker has to extend the workflow
// task, so it gets three quick attempts; the ordinary activity's own retries last until the
// database is back. Used by the case's projection and the partner feed's reads.
import { log, type LocalActivityOptions } from '@temporalio/workflow';

/** Three quick attempts (200 ms, 400 ms apart). Bounded by attempts: the worker's local retries did not stop at a schedule-to-close timeout alone. */
export const LOCAL_FIRST: LocalActivityOptions = {
  startToCloseTimeout: '4 seconds',
  scheduleToCloseTimeout: '6 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumAttempts: 3 },
};

/** Runs `local`; when it fails, `ordinary` (logged with the context given, no personal data). */
export async function locallyOr<T>(
  context: Record<string, string>,
  local: () => Promise<T>,
  ordinary: () => Promise<T>,
): Promise<T> {
  try {
    return await local();
  } catch (err) {
    log.warn('Local activity failed; run as an ordinary activity', {
      ...context,
      error: (err as Error).message,
    });
    return ordinary();
  }
}
