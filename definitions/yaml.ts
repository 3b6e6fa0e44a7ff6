// YAML (and JSON) text to a plain value within the language's limits. The yaml library's own
// duplicate-key check compares every key with every other (seconds for a mapping of ten
// thousand keys), so keys are checked here with a set, in one pass. Pure.
import { isScalar, LineCounter, parseDocument, visit, YAMLParseError } from 'yaml';
import { MAX_YAML_ALIASES } from './limits';
import type { Problem } from './problems';

/** The outcome of reading YAML: the value, or problems; `refused` when a limit was exceeded. */
export type YamlRead = { ok: true; value: unknown } | { ok: false; problems: Problem[]; refused?: boolean };

function syntaxProblem(line: number | undefined, message: string): YamlRead {
  return {
    ok: false,
    problems: [{ path: line ? `line ${line}` : '', message: `is not valid YAML: ${message.split('\n')[0]}` }],
  };
}

/** Reads YAML text; never throws. */
export function readYaml(text: string): YamlRead {
  try {
    const lines = new LineCounter();
    const document = parseDocument(text, { prettyErrors: false, uniqueKeys: false, lineCounter: lines });
    const [error] = document.errors;
    if (error) return syntaxProblem(error.linePos?.[0]?.line, error.message);
    let duplicate: { key: string; offset: number } | undefined;
    visit(document, {
      Map(_, map) {
        const seen = new Set<string>();
        for (const pair of map.items) {
          if (!isScalar(pair.key)) continue;
          const key = String(pair.key.value);
          if (seen.has(key)) duplicate ??= { key, offset: pair.key.range?.[0] ?? 0 };
          seen.add(key);
        }
        return duplicate ? visit.BREAK : undefined;
      },
    });
    if (duplicate)
      return syntaxProblem(
        lines.linePos(duplicate.offset).line,
        `the key "${duplicate.key.slice(0, 64)}" appears twice in one mapping`,
      );
    return { ok: true, value: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    if (error instanceof YAMLParseError) return syntaxProblem(error.linePos?.[0]?.line, error.message);
    const reason = error instanceof Error ? error.message : String(error);
    if (/^Unresolved alias/.test(reason)) return syntaxProblem(undefined, reason);
    // The yaml library refuses an alias bomb (aliases of aliases expanding without end) this way.
    const message = /Excessive alias count/.test(reason)
      ? `expands its aliases (*name) into more than ${MAX_YAML_ALIASES} copies, the most allowed`
      : 'cannot be read as YAML: it is too large or too deeply nested';
    return { ok: false, refused: true, problems: [{ path: '', message }] };
  }
}
