// The JSON Schema file editors use must always match the zod schemas it is generated from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definitionJsonSchema, definitionJsonSchemaText } from '../../../definitions/json-schema';

describe('definition.schema.json', () => {
  it('is up to date with the zod schemas (regenerate: npx tsx scripts/generate-json-schema.ts)', () => {
    const committed = readFileSync(join(__dirname, '../../../definitions/definition.schema.json'), 'utf8');
    expect(committed).toBe(definitionJsonSchemaText());
  });

  it('offers a base definition or an overlay, with the step kinds and templates to choose from', () => {
    const schema = definitionJsonSchema() as {
      definitions: Record<string, { anyOf?: { properties: Record<string, unknown> }[] }>;
    };
    const [base, overlay] = schema.definitions.PathwaysDefinition?.anyOf ?? [];
    expect(Object.keys(base?.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'program', 'roles', 'start', 'steps']),
    );
    expect(Object.keys(overlay?.properties ?? {})).toEqual(
      expect.arrayContaining(['extends', 'country', 'timeZone', 'changes']),
    );
    const text = JSON.stringify(schema);
    for (const word of ['"approval"', '"wait"', '"timer"', '"task_assigned"', '"escalate"'])
      expect(text).toContain(word);
  });
});
