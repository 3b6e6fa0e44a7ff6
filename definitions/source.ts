// From a definition file's text to a validated, resolved definition: parse YAML or JSON, and
// resolve an overlay against its base. Pure (no file system): the loader and the API share it.
import type { BaseDefinition } from './overlay-schema';
import { isOverlaySource } from './overlay-schema';
import { MAX_LIST_ENTRIES, MAX_SOURCE_CHARS, MAX_SOURCE_DEPTH, MAX_STEPS, MAX_SUGGESTIONS } from './limits';
import type { Problem } from './problems';
import { formatPath, show, suggestion, withSuggestionBudget } from './problems';
import { resolveOverlay } from './resolve';
import type { ResolvedDefinition } from './schema';
import type { ValidationResult } from './validate';
import { validateDefinition } from './validate';
import { readYaml } from './yaml';

/** The outcome of reading a source: the parsed value, or problems; `refused` when a limit of the language was exceeded. */
export type ParsedSource =
  { ok: true; source: unknown } | { ok: false; problems: Problem[]; refused?: boolean };

interface Visit {
  value: unknown;
  depth: number;
  key: string | number;
  parent?: Visit;
}

function pathOf(visit: Visit): string {
  const segments: (string | number)[] = [];
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) segments.unshift(at.key);
  return formatPath(segments);
}

/** The first place a parsed source breaks the shape limits, walked without recursion. */
function shapeProblem(source: unknown): Problem | undefined {
  const stack: Visit[] = [{ value: source, depth: 0, key: '' }];
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const { value, depth } = visit;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_SOURCE_DEPTH)
      return {
        path: pathOf(visit),
        message: `nests mappings and lists deeper than ${MAX_SOURCE_DEPTH} levels, the most allowed`,
      };
    const entries = Array.isArray(value)
      ? value.map((child, index) => [index, child] as const)
      : Object.entries(value);
    const most = Array.isArray(value) ? MAX_STEPS : MAX_LIST_ENTRIES;
    if (entries.length > most) {
      return {
        path: pathOf(visit),
        message: `has ${entries.length} entries; a ${Array.isArray(value) ? 'list' : 'mapping'} may have at most ${most}`,
      };
    }
    for (const [key, child] of entries) stack.push({ value: child, depth: depth + 1, key, parent: visit });
  }
  return undefined;
}

/**
 * Checks a parsed source (YAML or JSON) against the shape limits: nesting at most
 * MAX_SOURCE_DEPTH, lists at most MAX_STEPS entries, mappings at most MAX_LIST_ENTRIES keys.
 * A source beyond them is refused before validation spends any time on it.
 */
export function checkSourceShape(source: unknown): ParsedSource {
  const problem = shapeProblem(source);
  return problem ? { ok: false, refused: true, problems: [problem] } : { ok: true, source };
}

/**
 * Parses a definition written in YAML (JSON is YAML too). A syntax error becomes a problem with
 * its line; a source over the language's limits (size, aliases, shape) is refused with a
 * plain problem. Never throws on bad text.
 */
export function parseDefinitionText(text: string): ParsedSource {
  if (text.length > MAX_SOURCE_CHARS) {
    return {
      ok: false,
      refused: true,
      problems: [
        {
          path: '',
          message: `is ${text.length} characters long; a definition may have at most ${MAX_SOURCE_CHARS}`,
        },
      ],
    };
  }
  const read = readYaml(text);
  if (!read.ok) return read;
  const source = read.value;
  return checkSourceShape(source);
}

/** Validates a base definition, or resolves an overlay against the base that `findBase` returns. */
export function resolveDefinition(
  source: unknown,
  findBase: (id: string) => BaseDefinition | ResolvedDefinition | undefined,
  knownBaseIds: Iterable<string> = [],
): ValidationResult {
  if (!isOverlaySource(source)) return validateBase(source);
  return withSuggestionBudget(MAX_SUGGESTIONS, () => resolveOverlaySource(source, findBase, knownBaseIds));
}

function resolveOverlaySource(
  source: { extends: string },
  findBase: (id: string) => BaseDefinition | ResolvedDefinition | undefined,
  knownBaseIds: Iterable<string>,
): ValidationResult {
  const base = findBase(source.extends);
  if (!base) {
    return {
      ok: false,
      problems: [
        {
          path: 'extends',
          message: `${show(source.extends)} is not a known base definition${suggestion(source.extends, knownBaseIds)}`,
        },
      ],
    };
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
    problems.push({
      path: 'country',
      message:
        "a base definition has no country; a country's process is an overlay (extends: <base>, country, changes)",
    });
  }
  const id = (written as { id?: unknown }).id;
  if (typeof id === 'string' && id.includes('.')) {
    problems.push({
      path: 'id',
      message: `${show(id)} is a country overlay's id; a base's id has no country part, and a country's process is an overlay`,
    });
  }
  const result = validateDefinition(source);
  if (problems.length === 0) return result;
  return {
    ok: false,
    problems: [
      ...problems,
      ...result.problems.filter((problem) => problem.path !== 'country' && problem.path !== 'id'),
    ],
  };
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
