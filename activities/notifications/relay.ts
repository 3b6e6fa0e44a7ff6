// The delivery relay: delivers the messages cases owe (OwedMessage rows, which the projection
// writes in the statement that records the transition owing them). It runs beside the case
// worker, outside any activity:
// - it claims due rows with a lease (FOR UPDATE SKIP LOCKED), renewed while it delivers them, so
//   the relays of several workers share the work and a row whose relay died is taken over once
//   its lease lapses;
// - an email goes through deliverNotification: one keyed Message row per recipient, sent at most
//   once; a case's partner updates go one at a time, in the order they were owed, through
//   publishPartnerUpdate (which numbers them per partner and wakes the partner's feed);
// - a failure is tried again with backoff. An email not accepted within a day is given up (it is
//   not worth sending late, as its activity's schedule-to-close said); a partner update never is.
// The projection and the API's start in this process ring the relay's bell
// (lib/owed-messages-bell.ts); it also polls, for rows owed by other processes, retries that fall
// due and lapsed leases.
import type { Client } from '@temporalio/client';
import type { NotificationRequest, PartnerUpdate } from '../../contract/activities';
import type { Logger } from '../../lib/logger';
import { deliverNotification } from './deliver';
import { publishPartnerUpdate } from '../partners/publish';
import type { NotificationDeps } from './index';
import type { SendJournal } from './outbox';
import type { OwedMessagesBell } from '../../lib/owed-messages-bell';

export interface RelayOptions {
  /** How often it looks for due rows when nothing rang (ms). */
  pollMs?: number;
  /** Rows claimed at once, and delivered side by side. */
  batchSize?: number;
  /** How long a claimed row is this relay's (ms): another relay takes it over after. */
  leaseMs?: number;
  /** An email not accepted this long after it was owed is given up (ms). */
  emailExpiryMs?: number;
}

const DEFAULTS: Required<RelayOptions> = {
  pollMs: 1_000,
  batchSize: 16,
  leaseMs: 60_000,
  emailExpiryMs: 24 * 60 * 60 * 1000,
};

/** The delay before attempt `attempts + 1`: an email's backoff is its activity's (5 s doubling to 10 min), a partner update's 1 s doubling to 5 min. */
export function retryDelayMs(kind: string, attempts: number): number {
  const [first, most] = kind === 'email' ? [5_000, 600_000] : [1_000, 300_000];
  return Math.min(most, first * 2 ** Math.max(0, attempts - 1));
}

interface ClaimedRow {
  id: bigint;
  caseId: string;
  kind: string;
  payload: unknown;
  owedAt: Date;
  attempts: number;
}

/** What the relay delivers with: the activities' dependencies, and the process's logger. */
export type RelayDeps = NotificationDeps & { log?: Logger; journal?: SendJournal };

/**
 * The keys the SMTP server accepted, remembered by the relay: when marking a message sent fails
 * (the database went away just then), the next attempt marks it without sending it again. The
 * newest 10,000 keys are kept.
 */
export function memoryJournal(limit = 10_000): SendJournal {
  const keys = new Set<string>();
  return {
    wasAccepted: (key) => keys.has(key),
    accepted(key) {
      keys.add(key);
      if (keys.size > limit) keys.delete(keys.values().next().value as string);
    },
  };
}

/** Delivers owed messages until stopped; `start` with the worker's Temporal client (it wakes partner feeds). */
export class DeliveryRelay {
  private readonly options: Required<RelayOptions>;
  private running: Promise<void> | undefined;
  private stopping = false;
  private rung = false;
  private wake: (() => void) | undefined;
  private unlisten: (() => void) | undefined;
  private deps: RelayDeps;

  constructor(deps: RelayDeps, options: RelayOptions = {}) {
    this.deps = { ...deps, journal: memoryJournal() };
    this.options = { ...DEFAULTS, ...options };
  }

  /** Starts delivering; partner feeds are woken through `client` (the worker's) when the feed needs one. */
  start(client?: Client, bell?: OwedMessagesBell): void {
    if (this.running) return;
    const feed = client && this.deps.feed.withClient ? this.deps.feed.withClient(client) : this.deps.feed;
    this.deps = { ...this.deps, feed };
    this.unlisten = bell?.listen(() => this.ring());
    this.running = this.loop();
  }

  /** Looks for due rows now. */
  ring(): void {
    this.rung = true;
    this.wake?.();
  }

  /** Stops after the deliveries in hand (their rows are done or due again; none is lost). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unlisten?.();
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.rung = false;
      let delivered = 0;
      try {
        delivered = await this.deliverDue();
      } catch (err) {
        // The database is down, say: the rows stay owed; look again after the pause.
        this.deps.log?.warn({ error: (err as Error).message }, 'owed messages not claimed; will look again');
      }
      if (delivered === 0 && !this.rung && !this.stopping) await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollMs);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  /** Claims the rows that are due and delivers them; how many it claimed. */
  async deliverDue(): Promise<number> {
    const { db } = this.deps;
    const leaseSeconds = this.options.leaseMs / 1000;
    // A case's partner update waits for the ones it owed before (undone rows with a lower id).
    const rows = await db.$queryRaw<ClaimedRow[]>`
      UPDATE "OwedMessage" AS m
      SET "leasedUntil" = now() + make_interval(secs => ${leaseSeconds}), "attempts" = m."attempts" + 1
      WHERE m."id" IN (
        SELECT o."id" FROM "OwedMessage" o
        WHERE o."nextAttemptAt" <= now()
          AND (o."leasedUntil" IS NULL OR o."leasedUntil" < now())
          AND (o."kind" <> 'partner' OR NOT EXISTS (
            SELECT 1 FROM "OwedMessage" p
            WHERE p."caseId" = o."caseId" AND p."kind" = 'partner'
              AND p."nextAttemptAt" IS NOT NULL AND p."id" < o."id"))
        ORDER BY o."nextAttemptAt", o."id"
        LIMIT ${this.options.batchSize}
        FOR UPDATE SKIP LOCKED)
      RETURNING m."id", m."caseId", m."kind", m."payload", m."owedAt", m."attempts"`;
    const settled = await Promise.allSettled(rows.map((row) => this.deliver(row)));
    for (const result of settled)
      if (result.status === 'rejected')
        // Its row stays claimed until the lease lapses, then it is tried again (delivery is keyed).
        this.deps.log?.warn({ error: (result.reason as Error).message }, 'owed message left to its lease');
    return rows.length;
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    const { db } = this.deps;
    const fields = { caseId: row.caseId, kind: row.kind, attempt: row.attempts };
    // The lease is renewed while the delivery runs (a slow SMTP server, many recipients), so no
    // other relay takes the row over and sends it a second time meanwhile.
    const renewal = setInterval(() => {
      db.$executeRaw`
        UPDATE "OwedMessage" SET "leasedUntil" = now() + make_interval(secs => ${this.options.leaseMs / 1000})
        WHERE "id" = ${row.id} AND "doneAt" IS NULL AND "leasedUntil" IS NOT NULL`.catch(() => undefined);
    }, this.options.leaseMs / 3);
    renewal.unref();
    try {
      await this.attempt(row, fields);
    } finally {
      clearInterval(renewal);
    }
  }

  private async attempt(row: ClaimedRow, fields: Record<string, unknown>): Promise<void> {
    const { db, metrics, log } = this.deps;
    try {
      if (row.kind === 'email')
        await deliverNotification(this.deps, row.payload as NotificationRequest, row.owedAt.toISOString());
      else await publishPartnerUpdate(this.deps, row.payload as PartnerUpdate);
      await this.finish(row.id, 'delivered');
      metrics?.owedMessages.inc({ kind: row.kind, outcome: 'delivered' });
    } catch (err) {
      const error = (err as Error).message.slice(0, 500);
      if (row.kind === 'email' && Date.now() - row.owedAt.getTime() >= this.options.emailExpiryMs) {
        await this.finish(row.id, 'expired', error);
        metrics?.owedMessages.inc({ kind: row.kind, outcome: 'expired' });
        log?.warn({ ...fields, error }, 'email given up: not accepted within a day of being owed');
        return;
      }
      const delayMs = retryDelayMs(row.kind, row.attempts);
      await db.$executeRaw`
        UPDATE "OwedMessage" SET "nextAttemptAt" = now() + make_interval(secs => ${delayMs / 1000}),
          "leasedUntil" = NULL, "lastError" = ${error}
        WHERE "id" = ${row.id}`;
      metrics?.owedMessages.inc({ kind: row.kind, outcome: 'retried' });
      log?.warn({ ...fields, error, retryInMs: delayMs }, 'owed message not delivered yet; will retry');
    }
  }

  private async finish(id: bigint, outcome: 'delivered' | 'expired', error: string | null = null) {
    await this.deps.db.$executeRaw`
      UPDATE "OwedMessage" SET "doneAt" = now(), "nextAttemptAt" = NULL, "leasedUntil" = NULL,
        "outcome" = ${outcome}, "lastError" = ${error}
      WHERE "id" = ${id}`;
  }
}
