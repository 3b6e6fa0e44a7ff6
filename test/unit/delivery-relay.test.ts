// The relay's pure parts: how long it waits before trying an owed message again, and the
// journal that keeps a message the SMTP server accepted from being sent twice.
import { memoryJournal, retryDelayMs } from '../../activities/notifications/relay';

describe('retryDelayMs', () => {
  it("waits 5 s after an email's first failure, doubling up to 10 minutes", () => {
    expect([1, 2, 3, 4, 7, 8, 30].map((n) => retryDelayMs('email', n) / 1000)).toEqual([
      5, 10, 20, 40, 320, 600, 600,
    ]);
  });

  it("waits 1 s after a partner update's first failure, doubling up to 5 minutes", () => {
    expect([1, 2, 3, 9, 10, 50].map((n) => retryDelayMs('partner', n) / 1000)).toEqual([
      1, 2, 4, 256, 300, 300,
    ]);
  });
});

describe('memoryJournal', () => {
  it('remembers accepted keys, forgetting the oldest beyond its limit', () => {
    const journal = memoryJournal(3);
    for (const key of ['a', 'b', 'c', 'd']) journal.accepted(key);
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => journal.wasAccepted(k))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });
});
