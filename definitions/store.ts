// Published definition versions in PostgreSQL (Node-only: the workflow lint rule bans this
// module). A version is immutable; publishing the same content again returns the existing one.
// Each function takes the database; the default (the environment's shared client) serves tests and the CLI.
import { createHash } from 'node:crypto';
import { database, Prisma, type Database } from '../lib/database';
import { canonicalJson } from './canonical';
import { isOverlaySource } from './overlay-schema';
import type { Problem } from './problems';
import { DefinitionError } from './problems';
import type { ResolvedDefinition } from './schema';
import { resolveDefinition } from './source';
import type { ValidationResult } from './validate';
import { validateDefinition } from './validate';

/** One published version of a definition. */
export interface PublishedVersion {
  definitionId: string;
  version: number;
  program: string;
  country: string | null;
  contentHash: string;
  publishedBy: string;
  publishedAt: Date;
  /** False when the same content was already published and this is that version. */
  created: boolean;
  definition: ResolvedDefinition;
  source: unknown;
}

/** One line of the catalogue: a definition and its latest version. */
export interface DefinitionSummary {
  definitionId: string;
  program: string;
  country: string | null;
  latestVersion: number;
  versions: number;
  publishedAt: Date;
}

type Row = Omit<PublishedVersion, 'created' | 'definition' | 'source'> & {
  resolved: unknown;
  source: unknown;
};

const toVersion = (row: Row, created: boolean): PublishedVersion => ({
  definitionId: row.definitionId,
  version: row.version,
  program: row.program,
  country: row.country,
  contentHash: row.contentHash,
  publishedBy: row.publishedBy,
  publishedAt: row.publishedAt,
  created,
  definition: row.resolved as ResolvedDefinition,
  source: row.source,
});

/** sha256 of the canonical JSON of a resolved definition. */
export function contentHash(definition: ResolvedDefinition): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

/** A base has a plain id and no country; a country's process has the id `<base>.<country>`. */
function identityProblem(definition: ResolvedDefinition): Problem | undefined {
  const [, suffix] = definition.id.split('.');
  if (definition.country === undefined) {
    return suffix === undefined
      ? undefined
      : { path: 'id', message: `"${definition.id}" names a country, but the definition has none` };
  }
  return suffix === definition.country.toLowerCase()
    ? undefined
    : {
        path: 'id',
        message: `a definition of country ${definition.country} must have an id ending in .${definition.country.toLowerCase()}`,
      };
}

/** Publishes a resolved definition as version N+1, or returns the version that already has this content. */
export async function publishDefinition(
  resolved: ResolvedDefinition,
  options: { publishedBy: string; source?: unknown },
  db: Database = database(),
): Promise<PublishedVersion> {
  const result = validateDefinition(resolved);
  if (!result.ok) throw new DefinitionError(result.problems, `cannot publish ${resolved.id}`);
  const mismatch = identityProblem(result.definition);
  if (mismatch) throw new DefinitionError([mismatch], `cannot publish ${resolved.id}`);
  const definition = result.definition;
  const hash = contentHash(definition);
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await db.definitionVersion.findUnique({
      where: { definitionId_contentHash: { definitionId: definition.id, contentHash: hash } },
    });
    if (existing) return toVersion(existing, false);
    const last = await db.definitionVersion.aggregate({
      where: { definitionId: definition.id },
      _max: { version: true },
    });
    try {
      const row = await db.definitionVersion.create({
        data: {
          definitionId: definition.id,
          version: (last._max.version ?? 0) + 1,
          program: definition.program,
          country: definition.country ?? null,
          contentHash: hash,
          publishedBy: options.publishedBy,
          source: (options.source ?? definition) as Prisma.InputJsonValue,
          resolved: definition as unknown as Prisma.InputJsonValue,
        },
      });
      return toVersion(row, true);
    } catch (error) {
      // Someone published at the same moment: read again and take theirs or the next number.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
    }
  }
  throw new Error(`could not publish ${definition.id}: the version number kept being taken`);
}

/** What a source is, read from its structure only: an overlay names the base it extends; anything else is a base. */
export function sourceKind(source: unknown): 'base' | 'overlay' {
  return isOverlaySource(source) ? 'overlay' : 'base';
}

/** Validates a source as written: a base, or an overlay resolved against the latest published version of its base. */
export async function validateSource(source: unknown, db: Database = database()): Promise<ValidationResult> {
  const baseId = isOverlaySource(source) ? source.extends : undefined;
  const found = baseId !== undefined ? await latestVersion(baseId, db) : undefined;
  // Only a base can be extended: a country's resolved process is not one.
  const base = found && found.country === null ? found : undefined;
  const knownIds = (await listDefinitions(db))
    .filter((entry) => !entry.country)
    .map((entry) => entry.definitionId);
  return resolveDefinition(source, (id) => (id === baseId ? base?.definition : undefined), knownIds);
}

/** Validates a source as written (see validateSource) and publishes it. */
export async function publishSource(
  source: unknown,
  publishedBy: string,
  db: Database = database(),
): Promise<PublishedVersion> {
  const result = await validateSource(source, db);
  if (!result.ok) throw new DefinitionError(result.problems, 'cannot publish');
  return publishDefinition(result.definition, { publishedBy, source }, db);
}

/** The latest version of a definition, or undefined when it was never published. */
export async function latestVersion(
  definitionId: string,
  db: Database = database(),
): Promise<PublishedVersion | undefined> {
  const row = await db.definitionVersion.findFirst({ where: { definitionId }, orderBy: { version: 'desc' } });
  return row ? toVersion(row, false) : undefined;
}

/** One version of a definition, or undefined when there is no such version. */
export async function getVersion(
  definitionId: string,
  version: number,
  db: Database = database(),
): Promise<PublishedVersion | undefined> {
  const row = await db.definitionVersion.findUnique({
    where: { definitionId_version: { definitionId, version } },
  });
  return row ? toVersion(row, false) : undefined;
}

/** Every version of one definition, newest first. */
export async function listVersions(
  definitionId: string,
  db: Database = database(),
): Promise<PublishedVersion[]> {
  const rows = await db.definitionVersion.findMany({ where: { definitionId }, orderBy: { version: 'desc' } });
  return rows.map((row) => toVersion(row, false));
}

/** Every published definition with its latest version, sorted by id. */
export async function listDefinitions(db: Database = database()): Promise<DefinitionSummary[]> {
  const rows = await db.definitionVersion.findMany({
    orderBy: [{ definitionId: 'asc' }, { version: 'desc' }],
    select: { definitionId: true, program: true, country: true, version: true, publishedAt: true },
  });
  const summaries = new Map<string, DefinitionSummary>();
  for (const row of rows) {
    const summary = summaries.get(row.definitionId);
    if (summary) summary.versions += 1;
    else
      summaries.set(row.definitionId, {
        definitionId: row.definitionId,
        program: row.program,
        country: row.country,
        latestVersion: row.version,
        versions: 1,
        publishedAt: row.publishedAt,
      });
  }
  return [...summaries.values()];
}
