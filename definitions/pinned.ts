// The definition version a case is pinned to, read back from PostgreSQL: the one loader for
// every caller (start, access, views, partner messages). Node-only (the workflow lint rule bans
// it); a case's workflow gets its definition in its input, never from here. A cache of them
// serves a request that reads many cases (a page of a list).
import type { Database } from '../lib/database';
import { ResolvedDefinition } from './schema';

/** The resolved definition of a published version; undefined when there is none or it no longer parses. */
export async function pinnedDefinition(
  db: Database,
  pin: { definitionId: string; definitionVersion: number },
): Promise<ResolvedDefinition | undefined> {
  const version = await db.definitionVersion.findUnique({
    where: { definitionId_version: { definitionId: pin.definitionId, version: pin.definitionVersion } },
    select: { resolved: true },
  });
  const parsed = ResolvedDefinition.safeParse(version?.resolved);
  return parsed.success ? parsed.data : undefined;
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
