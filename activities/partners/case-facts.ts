// Case facts for messages sent outside the case workflow (partner feed): from the case's
// projection row and its pinned definition (time zone and default language).
import { pinnedDefinition } from '../../definitions/pinned';
import type { Database } from '../../lib/database';
import type { CaseFacts } from '../../contract/activities';

/** The non-personal facts of a case from the database, or undefined when it has no row yet. */
export async function caseFactsOf(db: Database, caseId: string): Promise<CaseFacts | undefined> {
  const row = await db.case.findUnique({ where: { id: caseId } });
  if (!row) return undefined;
  const definition = await pinnedDefinition(db, row);
  return {
    caseId: row.id,
    reference: row.reference,
    program: row.program,
    country: row.country,
    definitionId: row.definitionId,
    definitionVersion: row.definitionVersion,
    timeZone: definition?.timeZone ?? 'UTC',
    language: definition?.language ?? 'en',
    priority: row.priority,
    assignee: row.assignee,
  };
}
