// Reading definition files from disk (Node-only: the workflow lint rule bans this module).
// Every file of a folder is parsed, overlays are resolved against their bases, and every
// problem of every file is reported at once.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import type { BaseDefinition } from './overlay-schema';
import { BaseDefinition as BaseSchema, isOverlaySource } from './overlay-schema';
import type { Problem } from './problems';
import { DefinitionError } from './problems';
import type { ResolvedDefinition } from './schema';
import { parseDefinitionText, resolveDefinition } from './source';
import { programJointWarnings } from './together';
import type { Database } from '../lib/database';
import type { PublishedVersion } from './store';

/** The folder of sample definitions that ship with the project. */
export const SAMPLES_DIR = resolvePath(__dirname, 'samples');

/** A definition read from a file: its source as written and its resolved, validated form. */
export interface LoadedDefinition {
  file: string;
  source: unknown;
  definition: ResolvedDefinition;
  /** What is valid but probably not meant (a reminder that can never fire, a missing translation). */
  warnings: Problem[];
}

/** A file that did not validate, with all its problems. */
export interface FileProblems {
  file: string;
  problems: Problem[];
}

const isDefinitionFile = (name: string) => /\.(ya?ml|json)$/.test(name);

function readSource(file: string): { ok: true; source: unknown } | { ok: false; problems: Problem[] } {
  return parseDefinitionText(readFileSync(file, 'utf8'));
}

/** Finds and validates the base an overlay extends: in the overlay's folder first, then in the samples. */
function baseFinder(folders: string[]): (id: string) => BaseDefinition | undefined {
  const cache = new Map<string, BaseDefinition | undefined>();
  return (id) => {
    if (cache.has(id)) return cache.get(id);
    for (const folder of folders) {
      for (const name of readdirSync(folder).filter(isDefinitionFile)) {
        const read = readSource(join(folder, name));
        if (!read.ok || isOverlaySource(read.source) || (read.source as { id?: unknown } | null)?.id !== id)
          continue;
        const parsed = BaseSchema.safeParse(read.source);
        cache.set(id, parsed.success ? parsed.data : undefined);
        return cache.get(id);
      }
    }
    cache.set(id, undefined);
    return undefined;
  };
}

/** Reads and validates definition files (overlays resolved against a base in their folder or the samples); never throws on bad content. */
export function checkDefinitionFiles(files: string[]): {
  loaded: LoadedDefinition[];
  failed: FileProblems[];
} {
  const loaded: LoadedDefinition[] = [];
  const failed: FileProblems[] = [];
  for (const file of files) {
    const read = readSource(file);
    if (!read.ok) {
      failed.push({ file, problems: read.problems });
      continue;
    }
    const folders = [...new Set([dirname(resolvePath(file)), SAMPLES_DIR])];
    const result = resolveDefinition(read.source, baseFinder(folders));
    if (result.ok)
      loaded.push({ file, source: read.source, definition: result.definition, warnings: result.warnings });
    else failed.push({ file, problems: result.problems });
  }
  // A joint key is checked across the program: the files are read together.
  const joint = programJointWarnings(loaded.map(({ definition }) => definition));
  for (const entry of loaded) entry.warnings.push(...(joint.get(entry.definition.id) ?? []));
  return { loaded, failed };
}

/** Every *.yaml, *.yml and *.json file of a folder, sorted by name. */
export function definitionFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter(isDefinitionFile)
    .sort()
    .map((name) => join(dir, name));
}

/** Loads, resolves and validates every definition in a folder; throws a DefinitionError listing every problem of every file. */
export function loadDefinitionsDir(dir: string): LoadedDefinition[] {
  const { loaded, failed } = checkDefinitionFiles(definitionFiles(dir));
  if (failed.length > 0) {
    const problems = failed.flatMap(({ file, problems: list }) =>
      list.map((problem) => ({ ...problem, file: basename(file) })),
    );
    throw new DefinitionError(problems, `definitions in ${dir}`);
  }
  return loaded;
}

/** Publishes every definition of a folder (bases before overlays); unchanged ones keep their version. */
export async function publishAll(
  dir: string,
  publishedBy: string,
  db?: Database,
): Promise<PublishedVersion[]> {
  const loaded = loadDefinitionsDir(dir).sort(
    (a, b) => Number(isOverlaySource(a.source)) - Number(isOverlaySource(b.source)),
  );
  // Imported here so that reading definitions never loads the database client.
  const { publishDefinition } = await import('./store.js');
  const published: PublishedVersion[] = [];
  for (const { source, definition } of loaded)
    published.push(await publishDefinition(definition, { publishedBy, source }, db));
  return published;
}
