// Writes definitions/definition.schema.json from the zod schemas. Run after changing the
// language: `npx tsx scripts/generate-json-schema.ts`; a unit test fails while the file is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { definitionJsonSchemaText } from '../definitions/json-schema';

const target = join(__dirname, '..', 'definitions', 'definition.schema.json');
writeFileSync(target, definitionJsonSchemaText());
console.log(`wrote ${target}`);
