// Projection activities: the case workflow records its transitions, reminders and controls in
// PostgreSQL so the API can list and filter cases without asking Temporal. The writes are
// idempotent (lib/projection-writes.ts): a retried or replayed batch leaves the same rows.
import { database, type Database } from '../lib/database';
import { keyring, type Keyring } from '../lib/keyring';
import type { Metrics } from '../lib/metrics';
import { countNewEvents, recordBatch } from '../lib/projection-writes';
import type { OwedMessagesBell } from '../lib/owed-messages-bell';
import type { ProjectionActivities, ProjectionBatch, ProjectionResult } from '../contract/projection';

export type { ProjectionActivities, ProjectionBatch, ProjectionResult };

/** Applies one batch in a transaction; throws InvalidProjection (not retryable) for a batch that can never apply. */
export async function applyProjectionBatch(
  db: Database,
  batch: ProjectionBatch,
  keys: Keyring,
): Promise<ProjectionResult> {
  const { result } = await recordBatch(db, batch, keys);
  return result;
}

/** What the projection writes with: the worker's database, keys and metrics, and the bell of its delivery relay. */
export interface ProjectionDeps {
  db: Database;
  keys: Keyring;
  metrics?: Metrics;
  bell?: OwedMessagesBell;
}

/** The projection activities (default: the environment's shared client and keys, for tests). */
export function projectionActivities(deps?: ProjectionDeps): ProjectionActivities {
  return {
    /** Records one batch of case transitions idempotently. */
    async applyProjection(batch: ProjectionBatch): Promise<ProjectionResult> {
      const { db, keys, metrics, bell } = deps ?? { db: database(), keys: keyring() };
      const { result, firstRecorded } = await recordBatch(db, batch, keys);
      if (metrics) countNewEvents(metrics, batch, firstRecorded);
      if ((batch.owed?.length ?? 0) > 0) bell?.ring();
      return result;
    },
  };
}
