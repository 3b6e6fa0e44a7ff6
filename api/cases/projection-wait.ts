// Read your own write: a case action answers once the Case row shows the change it made, so a
// caseworker who goes back to the list sees the case moved. The workflow's update says which
// revision of the row projects the change; the projection activity writes it right after.
import { sql, type Database } from '../../lib/database';

/** The longest a case action waits for its projection before answering anyway. */
export const PROJECTION_WAIT_MS = 10_000;

/** Waits until the case's row projects at least `revision`; false when it did not within `timeoutMs`. */
export async function waitForProjection(
  db: Database,
  caseId: string,
  revision: number,
  timeoutMs = PROJECTION_WAIT_MS,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
    const [row] = await sql<{ revision: number }>(db, 'SELECT revision FROM "Case" WHERE id = $1', [caseId]);
    if (row && row.revision >= revision) return true;
    if (Date.now() + pause > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
