// Process definitions: the catalogue, versions, a version's resolved definition and diagram,
// validation without publishing, and publishing.
import { CountryCode, z } from './common';

export const DefinitionIdParams = z
  .object({
    definitionId: z
      .string()
      .regex(/^[a-z][a-z0-9-]*(\.[a-z]{2})?$/)
      .max(100),
  })
  .strict();

export const DefinitionVersionParams = DefinitionIdParams.extend({
  version: z.coerce.number().int().min(1).max(1_000_000),
}).strict();

/** A definition as JSON (base or overlay), or as YAML text: exactly one of them. */
export const DefinitionSourceBody = z
  .object({
    source: z
      .record(z.unknown())
      .optional()
      .openapi({ description: 'A base definition or a country overlay, as JSON' }),
    yaml: z.string().max(200_000).optional().openapi({ description: 'The same, as YAML text' }),
  })
  .strict()
  .refine((b) => (b.source === undefined) !== (b.yaml === undefined), {
    message: 'give exactly one of source or yaml',
    path: ['source'],
  })
  .openapi('DefinitionSource');

export const Problem = z.object({ path: z.string(), message: z.string() });

export const ValidationReport = z
  .object({
    ok: z.boolean(),
    definitionId: z.string().nullable(),
    country: CountryCode.nullable(),
    problems: z.array(Problem),
    /** Valid but probably not meant: a reminder that can never fire, a missing translation. */
    warnings: z.array(Problem).default([]),
    resolved: z.record(z.unknown()).nullable(),
  })
  .openapi('ValidationReport');

export const DefinitionSummary = z
  .object({
    definitionId: z.string(),
    program: z.string(),
    country: z.string().nullable(),
    latestVersion: z.number().int(),
    versions: z.number().int(),
    publishedAt: z.string(),
  })
  .openapi('DefinitionSummary');

export const DefinitionList = z.object({ definitions: z.array(DefinitionSummary) });

export const VersionSummary = z
  .object({
    definitionId: z.string(),
    version: z.number().int(),
    program: z.string(),
    country: z.string().nullable(),
    contentHash: z.string(),
    publishedBy: z.string(),
    publishedAt: z.string(),
  })
  .openapi('DefinitionVersion');

export const VersionList = z.object({ versions: z.array(VersionSummary) });

export const VersionDetail = VersionSummary.extend({ definition: z.record(z.unknown()) }).openapi(
  'DefinitionVersionDetail',
);

export const Published = VersionSummary.extend({ created: z.boolean() }).openapi('PublishedDefinition');

export const Diagram = z
  .object({ definitionId: z.string(), version: z.number().int(), mermaid: z.string() })
  .openapi('Diagram');
