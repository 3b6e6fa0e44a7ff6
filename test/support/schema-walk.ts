// Reading the API's zod schemas the way the bad-input test needs: which fields are dates, and
// of which kind. Dates are recognised by the OpenAPI format the schemas declare, so the
// document, the fuzzing drill and this walk agree on what a date is.
import { z, type ZodTypeAny } from 'zod';

export type DateKind = 'date-time' | 'date' | 'year-month';
const KINDS: readonly string[] = ['date-time', 'date', 'year-month'];

/** Unwraps optional, nullable, default and refinements down to the schema that holds the format. */
function unwrap(schema: ZodTypeAny): ZodTypeAny[] {
  const found: ZodTypeAny[] = [schema];
  let current = schema;
  for (let i = 0; i < 10; i++) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap();
    else if (current instanceof z.ZodDefault) current = current._def.innerType;
    else if (current instanceof z.ZodEffects) current = current.innerType();
    else break;
    found.push(current);
  }
  return found;
}

/** The kind of date a schema accepts, from its declared OpenAPI format, or undefined. */
export function dateKind(schema: ZodTypeAny): DateKind | undefined {
  for (const layer of unwrap(schema)) {
    const format = (layer._def as { openapi?: { metadata?: { format?: string } } }).openapi?.metadata?.format;
    if (format && KINDS.includes(format)) return format as DateKind;
  }
  return undefined;
}

/** Every date field of an object schema, with its path (array items as index 0). */
export function dateFieldsOf(
  schema: ZodTypeAny,
  path: (string | number)[] = [],
  depth = 0,
): { path: (string | number)[]; kind: DateKind }[] {
  if (depth > 8) return [];
  const kind = dateKind(schema);
  if (kind) return [{ path, kind }];
  const inner = unwrap(schema).at(-1)!;
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, ZodTypeAny>).flatMap(([key, field]) =>
      dateFieldsOf(field, [...path, key], depth + 1),
    );
  }
  if (inner instanceof z.ZodArray) return dateFieldsOf(inner.element as ZodTypeAny, [...path, 0], depth + 1);
  if (inner instanceof z.ZodUnion)
    return (inner.options as ZodTypeAny[]).flatMap((option) => dateFieldsOf(option, path, depth + 1));
  return [];
}
