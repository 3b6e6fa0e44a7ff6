// The retention sweep: erases the closed cases whose definition's retention period has passed
// since their closure. It runs daily in the worker process and as `npm run cases -- retention`;
// a PostgreSQL advisory lock held by the sweep's transaction lets only one process act at a time.
import { caseKeysFor } from '../../lib/case-keys';
import type { Database } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';
import type { Logger } from '../../lib/logger';
import { runPeriodically } from '../../lib/periodic';
import { subtractDuration } from '../../definitions/duration';
import { pinnedDefinition } from '../../definitions/pinned';
import { eraseCase } from './shred';

/** The advisory lock key of the sweep (any fixed 64-bit number; "pathways-retention"). */
export const SWEEP_LOCK = 7_316_254_019n;
const DAY_MS = 24 * 60 * 60_000;
/** The principal the sweep's audit entries name. */
export const RETENTION_PRINCIPAL = 'system:retention';

export interface SweepResult {
  /** False when another process held the lock: this one did nothing. */
  ran: boolean;
  /** The cases erased now. */
  erased: string[];
}

/** The closed cases past their retention at `now`, oldest closure first, at most `limit`. */
async function dueCases(
  db: Database,
  now: Date,
  limit: number,
): Promise<{ id: string; afterClosure: string }[]> {
  const closed = { status: 'closed', erasedAt: null, closedAt: { not: null } } as const;
  const pins = await db.case.groupBy({ by: ['definitionId', 'definitionVersion'], where: closed });
  const due: { id: string; afterClosure: string }[] = [];
  for (const pin of pins) {
    const definition = await pinnedDefinition(db, pin);
    if (!definition?.retention || due.length >= limit) continue;
    const { afterClosure } = definition.retention;
    const closedBefore = subtractDuration(now, afterClosure, {
      timeZone: definition.timeZone,
      ...(definition.calendar ? { calendar: definition.calendar } : {}),
    });
    const rows = await db.case.findMany({
      where: { ...closed, ...pin, closedAt: { lte: closedBefore } },
      select: { id: true },
      orderBy: { closedAt: 'asc' },
      take: limit - due.length,
    });
    due.push(...rows.map((row) => ({ id: row.id, afterClosure })));
  }
  return due;
}

/** Erases every case whose retention has passed at `now` (at most `limit` per run). */
export async function sweepRetention(
  db: Database,
  keys: Keyring,
  now = new Date(),
  limit = 500,
): Promise<SweepResult> {
  const caseKeys = caseKeysFor(db, keys);
  const result = await db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<
        { locked: boolean }[]
      >`SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK}) AS locked`;
      if (!lock?.locked) return { ran: false, erased: [] };
      const erased: string[] = [];
      for (const due of await dueCases(db, now, limit)) {
        const record = {
          principal: RETENTION_PRINCIPAL,
          reason: 'retention' as const,
          detail: { afterClosure: due.afterClosure },
        };
        if (await eraseCase(tx, caseKeys, due.id, now, record)) erased.push(due.id);
      }
      return { ran: true, erased };
    },
    { timeout: 10 * 60_000, maxWait: 10_000 },
  );
  for (const id of result.erased) caseKeys.forget(id);
  return result;
}

/** Runs the sweep a minute after start and then daily in a long-running process; returns a stop function. */
export function sweepRetentionDaily(
  db: Database,
  keys: Keyring,
  logger: Logger,
  everyMs = DAY_MS,
): () => void {
  const log = logger.child({ component: 'retention' });
  const sweep = async () => {
    const result = await sweepRetention(db, keys);
    if (result.ran) log.info({ erased: result.erased.length }, 'retention sweep done');
  };
  return runPeriodically(sweep, log, { everyMs, firstAfterMs: 60_000, failure: 'retention sweep failed' });
}
