// Definitions: read the catalogue, versions, resolved definitions and diagrams; validate a
// source without publishing; publish (bases: admins; overlays: program managers for their
// countries, admins for all).
import type { Database } from '../../lib/database';
import { mermaidDiagram } from '../../definitions/diagram';
import { checkSourceShape, parseDefinitionText } from '../../definitions/source';
import {
  listDefinitions,
  listVersions,
  getVersion,
  publishSource,
  sourceKind,
  validateSource as resolveSource,
  type PublishedVersion,
} from '../../definitions/store';
import type { ResolvedDefinition } from '../../definitions/schema';
import { inScope, MANAGERS, STAFF } from '../access/roles';
import { audit } from '../audit';
import { ForbiddenError, MalformedRequestError, NotFoundError, RuleViolationError } from '../errors';
import { reply, type ApiRoutes } from '../route';
import {
  DefinitionIdParams,
  DefinitionList,
  Diagram,
  DefinitionSourceBody,
  DefinitionVersionParams,
  Published,
  ValidationReport,
  VersionDetail,
  VersionList,
} from '../schemas/definitions';
import type { z } from '../schemas/common';

const versionSummary = (v: PublishedVersion) => ({
  definitionId: v.definitionId,
  version: v.version,
  program: v.program,
  country: v.country,
  contentHash: v.contentHash,
  publishedBy: v.publishedBy,
  publishedAt: v.publishedAt.toISOString(),
});

/** Parses the body (YAML text or a JSON source), resolves it as the store does, and reports every problem (publishing and simulating use it too). */
export async function validateSource(
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

/** Declares the /v1/definitions routes. */
export function definitionRoutes(routes: ApiRoutes, { db }: { db: Database }): void {
  routes.add({
    method: 'get',
    path: '/v1/definitions',
    tag: 'definitions',
    roles: STAFF,
    summary: 'Published definitions and their latest versions',
    response: DefinitionList,
    handler: async () => ({
      definitions: (await listDefinitions(db)).map((d) => ({
        ...d,
        publishedAt: d.publishedAt.toISOString(),
      })),
    }),
  });

  routes.add({
    method: 'get',
    path: '/v1/definitions/{definitionId}/versions',
    tag: 'definitions',
    roles: STAFF,
    summary: 'Every version of a definition, newest first',
    params: DefinitionIdParams,
    response: VersionList,
    handler: async ({ params }) => {
      const versions = await listVersions(params.definitionId, db);
      if (versions.length === 0) throw new NotFoundError('definition', params.definitionId);
      return { versions: versions.map(versionSummary) };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/definitions/{definitionId}/versions/{version}',
    tag: 'definitions',
    roles: STAFF,
    summary: 'One version, resolved (overlay applied)',
    params: DefinitionVersionParams,
    response: VersionDetail,
    handler: async ({ params }) => {
      const found = await getVersion(params.definitionId, params.version, db);
      if (!found) throw new NotFoundError('definition version', `${params.definitionId}@${params.version}`);
      return { ...versionSummary(found), definition: found.definition as unknown as Record<string, unknown> };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/definitions/{definitionId}/versions/{version}/diagram',
    tag: 'definitions',
    roles: STAFF,
    summary: 'One version as a Mermaid flowchart',
    params: DefinitionVersionParams,
    response: Diagram,
    handler: async ({ params }) => {
      const found = await getVersion(params.definitionId, params.version, db);
      if (!found) throw new NotFoundError('definition version', `${params.definitionId}@${params.version}`);
      return {
        definitionId: found.definitionId,
        version: found.version,
        mermaid: mermaidDiagram(found.definition),
      };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/definitions/validate',
    tag: 'definitions',
    roles: MANAGERS,
    summary: 'Validate a definition or overlay without publishing: every problem with its path',
    body: DefinitionSourceBody,
    response: ValidationReport,
    handler: async ({ body }) => validateSource(db, body),
  });

  routes.add({
    method: 'post',
    path: '/v1/definitions',
    tag: 'definitions',
    roles: MANAGERS,
    summary: 'Publish a definition (a new version; the same content again returns the existing version)',
    body: DefinitionSourceBody,
    response: Published,
    statuses: { 201: 'Published', 200: 'This content was already published' },
    handler: async ({ caller, body }) => {
      const report = await validateSource(db, body);
      if (!report.ok)
        throw new RuleViolationError('the definition has problems', { problems: report.problems });
      // The source's structure says what it is (validation refused a base that names a country).
      if (sourceKind(report.source) === 'base') {
        if (caller.role !== 'admin')
          throw new ForbiddenError(
            'only admins publish base definitions; program managers publish country overlays',
          );
      } else if (!inScope(caller, report.country)) {
        throw new ForbiddenError(`your key does not cover country ${report.country}`, {
          country: report.country,
        });
      }
      const published = await publishSource(report.source, caller.principal, db);
      if (published.created)
        await audit(db, caller, 'definition.publish', null, {
          definitionId: published.definitionId,
          version: published.version,
        });
      return reply(published.created ? 201 : 200, {
        ...versionSummary(published),
        created: published.created,
      });
    },
  });
}
