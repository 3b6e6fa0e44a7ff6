// From a definition file's text to a validated, resolved definition: parse YAML or JSON, and
// resolve an overlay against its base. Pure (no file system): the loader and the API share it.
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { BaseDefinition } from './overlay-schema';
import { isOverlaySource } from './overlay-schema';
import type { Problem } from './problems';
import { suggestion } from './problems';
import { resolveOverlay } from './resolve';
import type { ResolvedDefinition } from './schema';
import type { ValidationResult } from './validate';
import { validateDefinition } from './validate';

/** Parses a definition written in YAML (JSON is YAML too); a syntax error becomes a problem with its line. */
export function parseDefinitionText(text: string): { ok: true; source: unknown } | { ok: false; problems: Problem[] } {
  try {
    return { ok: true, source: parseYaml(text, { prettyErrors: false }) };
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0];
      return { ok: false, problems: [{ path: line ? `line ${line.line}` : '', message: `is not valid YAML: ${error.message.split('\n')[0]}` }] };
    }
    throw error;
  }
}

/** Validates a base definition, or resolves an overlay against the base that `findBase` returns. */
export function resolveDefinition(
  source: unknown,
  findBase: (id: string) => BaseDefinition | ResolvedDefinition | undefined,
  knownBaseIds: Iterable<string> = [],
): ValidationResult {
  if (!isOverlaySource(source)) return validateBase(source);
  const base = findBase(source.extends);
  if (!base) {
    return { ok: false, problems: [{ path: 'extends', message: `"${source.extends}" is not a known base definition${suggestion(source.extends, knownBaseIds)}` }] };
  }
  return resolveOverlay(base, source);
}

/**
 * Validates a source that is not an overlay as a base. What a source is follows from its
 * structure, never from a field its author writes: a base that names a country, or takes an
 * overlay's id, would replace the process of every country (or of one) while looking like one
 * country's change, so both are problems.
 */
function validateBase(source: unknown): ValidationResult {
  const problems: Problem[] = [];
  const written = typeof source === 'object' && source !== null ? source : {};
  if (Object.hasOwn(written, 'country')) {
    problems.push({ path: 'country', message: 'a base definition has no country; a country\'s process is an overlay (extends: <base>, country, changes)' });
  }
  const id = (written as { id?: unknown }).id;
  if (typeof id === 'string' && id.includes('.')) {
    problems.push({ path: 'id', message: `"${id}" is a country overlay's id; a base's id has no country part, and a country's process is an overlay` });
  }
  const result = validateDefinition(source);
  if (problems.length === 0) return result;
  return { ok: false, problems: [...problems, ...result.problems.filter((problem) => problem.path !== 'country' && problem.path !== 'id')] };
}

/** The id a source will have once resolved (resettlement, resettlement.ke), if it says enough to tell. */
export function sourceId(source: unknown): string | undefined {
  if (isOverlaySource(source)) {
    const country = (source as { country?: unknown }).country;
    return typeof country === 'string' ? `${source.extends}.${country.toLowerCase()}` : undefined;
  }
  const id = (source as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}
