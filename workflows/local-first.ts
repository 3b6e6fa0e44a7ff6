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

/**
 * Runs `local`; when it fails, `ordinary` (logged with the context given, no personal data).
 * A chain, not an `async` function: the SDK captures a stack for every promise workflow code
 * creates, and this runs on every transition (bench/RESULTS.md).
 */
export function locallyOr<T>(
  context: Record<string, string>,
  local: () => Promise<T>,
  ordinary: () => Promise<T>,
): Promise<T> {
  let attempt: Promise<T>;
  try {
    attempt = local();
  } catch (err) {
    attempt = Promise.reject(err as Error); // as the `async` function did: to the ordinary activity
  }
  return attempt.catch((err: unknown) => {
    log.warn('Local activity failed; run as an ordinary activity', {
      ...context,
      error: (err as Error).message,
    });
    return ordinary();
  });
}
