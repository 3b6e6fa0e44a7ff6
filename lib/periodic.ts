// A job a long-running process repeats on a timer (sweeps): never two runs at once, a failure
// logged and left for the next run, and no timer that keeps the process alive.
import type { Logger } from './logger';

export interface PeriodicJob {
  /** How often the job runs. */
  everyMs: number;
  /** When the first run comes; the default is one period after the start. */
  firstAfterMs?: number;
  /** Logged with a failure (the error's name only: a sweep's errors may carry case data). */
  failure: string;
}

/** Runs `job` every `everyMs` (skipping a tick while a run is still going); returns the stop function. */
export function runPeriodically(job: () => Promise<void>, logger: Logger, options: PeriodicJob): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    job()
      .catch((err: unknown) =>
        logger.error({ cause: err instanceof Error ? err.name : 'unknown' }, options.failure),
      )
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(tick, options.firstAfterMs ?? options.everyMs);
  const timer = setInterval(tick, options.everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
