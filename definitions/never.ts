// Exhaustive switches over the language's literal unions (step kinds, reminder kinds). Pure.

/** Marks a switch as exhaustive: the compiler fails here when a new kind is not handled. */
export function assertNever(value: never): never {
  throw new Error(`unhandled kind: ${JSON.stringify(value)}`);
}
