// The definition version a case is pinned to, read back from PostgreSQL: the one loader for
// every caller (start, access, views, partner messages). Node-only (the workflow lint rule bans
// it); a case's workflow gets its definition in its input, never from here. Parsed versions are
// kept per process (they never change) and shared frozen, so no caller can change another's.
import type { Database } from '../lib/database';
import { ResolvedDefinition } from './schema';

/** How many parsed versions each database's cache keeps (a country operation has a few dozen). */
const CACHED_VERSIONS = 500;
const parsedVersions = new WeakMap<Database, Map<string, ResolvedDefinition>>();

/**
 * The resolved definition of a published version; undefined when there is none or it no longer
 * parses. A published version never changes, so each one is read and parsed once per process
 * and database (a start, a case action and a case page all need it); a version not found is
 * asked again next time, as it may be published meanwhile.
 */
export async function pinnedDefinition(
  db: Database,
  pin: { definitionId: string; definitionVersion: number },
): Promise<ResolvedDefinition | undefined> {
  let cache = parsedVersions.get(db);
  if (!cache) parsedVersions.set(db, (cache = new Map()));
  const key = `${pin.definitionId}@${pin.definitionVersion}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const version = await db.definitionVersion.findUnique({
    where: { definitionId_version: { definitionId: pin.definitionId, version: pin.definitionVersion } },
    select: { resolved: true },
  });
  const parsed = ResolvedDefinition.safeParse(version?.resolved);
  if (!parsed.success) return undefined;
  if (cache.size >= CACHED_VERSIONS) cache.delete(cache.keys().next().value!);
  cache.set(key, deepFreeze(parsed.data));
  return parsed.data;
}

/** Freezes a value through and through (a parsed definition, shared by every reader). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Loads pinned definitions by (id, version), each once per instance: for one request or page. */
export class DefinitionCache {
  private readonly loaded = new Map<string, Promise<ResolvedDefinition | undefined>>();
  constructor(private readonly db: Database) {}

  /** The resolved definition a case pinned (undefined when it no longer parses). */
  of(pin: { definitionId: string; definitionVersion: number }): Promise<ResolvedDefinition | undefined> {
    const key = `${pin.definitionId}@${pin.definitionVersion}`;
    let found = this.loaded.get(key);
    if (!found) {
      found = pinnedDefinition(this.db, pin);
      this.loaded.set(key, found);
    }
    return found;
  }
}
