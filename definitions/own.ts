// Lookups keyed by text from outside (outcomes, events, step ids, field names, template names):
// only a record's own properties count, never what every object inherits ("constructor",
// "toString", "__proto__"). Pure and workflow-safe.

/** True when `record` itself has the key (not its prototype). */
export function hasOwnKey(record: object, key: string): boolean {
  return Object.hasOwn(record, key);
}

/** The record's own value for a key, or undefined when only its prototype has it. */
export function ownValue<T>(
  record: Readonly<Record<string, T>> | Partial<Record<string, T>>,
  key: string,
): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
