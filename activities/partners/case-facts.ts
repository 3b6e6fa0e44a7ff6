// Case facts for messages sent outside the case workflow (partner feed): from the case's
// projection row and its pinned definition (time zone and default language).
import type { Database } from '../../lib/database';
import type { CaseFacts } from '../contract';

/** The non-personal facts of a case from the database, or undefined when it has no row yet. */
export async function caseFactsOf(db: Database, caseId: string): Promise<CaseFacts | undefined> {
  const row = await db.case.findUnique({ where: { id: caseId } });
  if (!row) return undefined;
  const definition = await db.definitionVersion.findUnique({
    where: { definitionId_version: { definitionId: row.definitionId, version: row.definitionVersion } },
    select: { resolved: true },
  });
  const resolved = (definition?.resolved ?? {}) as { timeZone?: string; language?: string };
  return {
    caseId: row.id, reference: row.reference, program: row.program, country: row.country, definitionId: row.definitionId,
    definitionVersion: row.definitionVersion, timeZone: resolved.timeZone ?? 'UTC', language: resolved.language ?? 'en',
    priority: row.priority, assignee: row.assignee,
  };
}
