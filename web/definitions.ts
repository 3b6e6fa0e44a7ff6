// The pinned definition of a case, read once per request, and a step's words in a language.
import type { Database } from '../lib/database';
import { ResolvedDefinition, type Step } from '../definitions/schema';
import type { Language } from '../definitions/vocabulary';

/** Loads definition versions by (id, version), each once per instance of the cache. */
export class DefinitionCache {
  private readonly loaded = new Map<string, Promise<ResolvedDefinition | undefined>>();
  constructor(private readonly db: Database) {}

  /** The resolved definition a case pinned (undefined when it no longer parses). */
  of(pin: { definitionId: string; definitionVersion: number }): Promise<ResolvedDefinition | undefined> {
    const key = `${pin.definitionId}@${pin.definitionVersion}`;
    let found = this.loaded.get(key);
    if (!found) {
      found = this.db.definitionVersion
        .findUnique({
          where: { definitionId_version: { definitionId: pin.definitionId, version: pin.definitionVersion } },
        })
        .then((row) => {
          const parsed = ResolvedDefinition.safeParse(row?.resolved);
          return parsed.success ? parsed.data : undefined;
        });
      this.loaded.set(key, found);
    }
    return found;
  }
}

/** A step's title in a language (the definition's own title when it has no translation). */
export function stepTitle(
  definition: ResolvedDefinition | undefined,
  stepId: string | null,
  language: Language,
): string {
  if (!stepId) return '—';
  const step = definition?.steps.find((s) => s.id === stepId);
  if (!step) return stepId;
  return step.translations?.[language]?.title ?? step.title;
}

/** The step of a definition with this id. */
export function stepOf(definition: ResolvedDefinition | undefined, stepId: string | null): Step | undefined {
  return stepId ? definition?.steps.find((s) => s.id === stepId) : undefined;
}
