// Which process a new case runs on: the definition the start names, or the one process published
// for its program and country (else the base), checked against the case's country.
import { sql, type Database } from '../../lib/database';
import { pinnedDefinition } from '../../definitions/pinned';
import type { ResolvedDefinition } from '../../definitions/schema';
import { RuleViolationError } from '../errors';
import type { StartCaseBody } from '../schemas/cases';

/**
 * The one process published for a program in a country (or its base, country null). Two
 * processes for the same program and country (a second one published beside the first) make
 * "the latest" a guess between them: the caller is told to name one.
 */
async function processFor(db: Database, program: string, country: string | null): Promise<string | null> {
  const ids = await sql<{ definitionId: string }>(
    db,
    `SELECT DISTINCT "definitionId" FROM "DefinitionVersion"
      WHERE program = $1 AND country IS NOT DISTINCT FROM $2 ORDER BY "definitionId"`,
    [program, country],
  );
  if (ids.length > 1) {
    const definitionIds = ids.map((d) => d.definitionId);
    const message = `${ids.length} processes are published for ${program} in ${country ?? 'the base'} (${definitionIds.join(', ')}): give definitionId`;
    throw new RuleViolationError(message, {
      rule: 'ambiguous_definition',
      definitionIds,
      issues: [{ path: 'body.definitionId', message }],
    });
  }
  return ids[0]?.definitionId ?? null;
}

/** The latest published version of a definition: by id, or the one process of a program and country (else the base). */
export async function latestDefinition(
  db: Database,
  body: Pick<StartCaseBody, 'definitionId' | 'program' | 'country'>,
) {
  // Only the version is read here: its content comes parsed from the published versions' cache.
  const definitionId =
    body.definitionId ??
    (await processFor(db, body.program!, body.country!)) ??
    (await processFor(db, body.program!, null));
  const [found] = definitionId
    ? await sql<{ definitionId: string; version: number }>(
        db,
        `SELECT "definitionId", version FROM "DefinitionVersion"
          WHERE "definitionId" = $1 ORDER BY version DESC LIMIT 1`,
        [definitionId],
      )
    : [];
  if (!found) {
    const which = body.definitionId ?? `${body.program} for ${body.country}`;
    throw new RuleViolationError(`no published definition for ${which}`, { rule: 'unknown_definition' });
  }
  const definition = await pinnedDefinition(db, {
    definitionId: found.definitionId,
    definitionVersion: found.version,
  });
  if (!definition)
    throw new Error(`Definition ${found.definitionId} version ${found.version} no longer parses`);
  return { row: found, definition };
}

/**
 * A case runs on its own country's process: a definition of another country, or the base where
 * the country has an overlay (which may add steps such as a security screening), is refused.
 */
export async function checkCountryProcess(
  db: Database,
  body: StartCaseBody,
  definition: ResolvedDefinition,
  country: string,
): Promise<void> {
  if (!body.definitionId) return;
  const refuse = (message: string) =>
    new RuleViolationError(message, {
      rule: 'definition_country_mismatch',
      issues: [{ path: 'body.definitionId', message }],
    });
  if (definition.country && definition.country !== country) {
    throw refuse(`${body.definitionId} is the process of ${definition.country}, not of ${country}`);
  }
  if (!definition.country) {
    const own = await db.definitionVersion.findFirst({
      where: { program: definition.program, country },
      select: { definitionId: true },
    });
    if (own)
      throw refuse(
        `${country} has its own process, ${own.definitionId}: start with it, or give program and country`,
      );
  }
}
