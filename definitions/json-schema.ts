// The JSON Schema of definition files, generated from the zod schemas (the single source of
// truth) so editors can autocomplete and check YAML and JSON definitions. Pure.
import { zodToJsonSchema } from 'zod-to-json-schema';
import { DefinitionSource, OverlayChange, StepPatch } from './overlay-schema';
import { Deadline, Duration, Field, Identifier, Notification, Recipient, Reminder, Step } from './schema';

/** The JSON Schema of a definition file: a base definition or a country overlay. */
export function definitionJsonSchema(): Record<string, unknown> {
  const schema = zodToJsonSchema(DefinitionSource, {
    name: 'PathwaysDefinition',
    target: 'jsonSchema7',
    // Named parts keep the file readable and give editors names to show.
    definitions: {
      Identifier,
      Duration,
      Deadline,
      Recipient,
      Field,
      Reminder,
      Notification,
      Step,
      StepPatch,
      OverlayChange,
    },
  }) as Record<string, unknown>;
  return {
    ...schema,
    title: 'Pathways process definition',
    description:
      'A base process definition (resettlement, family-reunification) or a country overlay that extends one.',
  };
}

/** The schema as the committed file holds it: two-space JSON with a final newline. */
export function definitionJsonSchemaText(): string {
  return `${JSON.stringify(definitionJsonSchema(), null, 2)}\n`;
}
