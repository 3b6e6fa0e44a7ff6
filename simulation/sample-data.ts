// Values a simulated person or partner gives for a step's fields: the required ones, each a
// valid value of its type, so the state machine accepts the completion as it would a real one.
import type { Field } from '../definitions/schema';
import { assertNever } from '../definitions/never';

type FieldValue = string | number | boolean;

function sampleValue(field: Field, today: string): FieldValue {
  switch (field.type) {
    case 'string':
    case 'text':
      return 'simulated';
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'date':
      return today;
    case 'enum':
      return field.values?.[0] ?? 'simulated';
    default:
      return assertNever(field.type);
  }
}

/** A value for every required field; `today` (YYYY-MM-DD) for dates. */
export function sampleData(fields: readonly Field[], today: string): Record<string, FieldValue> {
  return Object.fromEntries(fields.filter((f) => f.required).map((f) => [f.name, sampleValue(f, today)]));
}
