// The bell of a process's delivery relay: whoever stores owed messages in this process (the case
// worker's projection, the API's start) rings it, and the relay delivers them at once instead of
// at its next poll (activities/notifications/relay.ts).

/** Rung when owed messages were stored; the relay of the process listens. */
export class OwedMessagesBell {
  private readonly listeners = new Set<() => void>();

  ring(): void {
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` on each ring; returns the function that stops it. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
