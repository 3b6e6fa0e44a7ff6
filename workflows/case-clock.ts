// The clock of a quiet run (./case-version.ts): one timer at a time, only ever moved earlier.
// A step change that wakes the case later keeps the armed timer; it rings early, the case finds
// nothing due (the state machine's tick is a no-op then) and the timer is armed again for the
// next wake. Most transitions then start and cancel no timer at all.
import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';

export class CaseClock {
  /** When the armed timer rings (epoch ms), or null when none is armed. */
  private armedAt: number | null = null;
  private scope: CancellationScope | null = null;
  private rang = false;

  /** Makes sure the case wakes by `wake` (epoch ms; null = no need): keeps an earlier timer, else arms one. */
  wakeBy(wake: number | null, now: number): void {
    if (wake === null || (this.armedAt !== null && this.armedAt <= wake)) return;
    this.scope?.cancel();
    const scope = new CancellationScope();
    this.scope = scope;
    this.armedAt = wake;
    void scope
      .run(() => sleep(Math.max(1, wake - now)))
      .then(
        () => {
          if (this.scope !== scope) return;
          this.scope = null;
          this.armedAt = null;
          this.rang = true;
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
  }

  /** Takes the ring: the case is about to look at its clock. */
  takeRing(): void {
    this.rang = false;
  }

  /** Whether the timer has rung and not been taken yet (a condition for `condition()`). */
  get ringing(): boolean {
    return this.rang;
  }
}
