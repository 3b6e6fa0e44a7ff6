// Validating a definition or overlay source without publishing: parse it (YAML text or a JSON
// source), resolve it as the store would, and report every problem with its path. The API
// (POST /v1/definitions/validate, and publishing) and the web app's draft page both call it.
import type { Database } from '../../lib/database';
import { checkSourceShape, parseDefinitionText } from '../../definitions/source';
import { validateSource as resolveSource } from '../../definitions/store';
import type { ResolvedDefinition } from '../../definitions/schema';
import { MalformedRequestError } from '../errors';
import type { DefinitionSourceBody, ValidationReport } from '../schemas/definitions';
import type { z } from '../schemas/common';

/** Parses the body (YAML text or a JSON source), resolves it as the store does, and reports every problem (publishing and simulating use it too). */
export async function validateDefinitionSource(
  db: Database,
  body: z.infer<typeof DefinitionSourceBody>,
): Promise<z.input<typeof ValidationReport> & { source?: unknown; definition?: ResolvedDefinition }> {
  const parsed = body.yaml !== undefined ? parseDefinitionText(body.yaml) : checkSourceShape(body.source);
  // Over the language's limits (an alias bomb, too deep): refused as a malformed request, not reported on.
  if (!parsed.ok && parsed.refused)
    throw new MalformedRequestError('the definition source exceeds a limit of the language', {
      problems: parsed.problems,
    });
  if (!parsed.ok)
    return { ok: false, definitionId: null, country: null, problems: parsed.problems, resolved: null };
  const result = await resolveSource(parsed.source, db);
  if (!result.ok)
    return {
      ok: false,
      definitionId: null,
      country: null,
      problems: result.problems.map(({ path, message }) => ({ path, message })),
      resolved: null,
    };
  const definition: ResolvedDefinition = result.definition;
  const warnings = result.warnings.map(({ path, message }) => ({ path, message }));
  return {
    ok: true,
    definitionId: definition.id,
    country: definition.country ?? null,
    problems: [],
    warnings,
    resolved: definition,
    source: parsed.source,
    definition,
  };
}
