// The pinned definition of a case, read once per request, and a step's words in a language.
import type { ResolvedDefinition, Step } from '../definitions/schema';
import type { Language } from '../definitions/vocabulary';

export { DefinitionCache } from '../definitions/pinned';

/** A step's title in a language (the definition's own title when it has no translation). */
export function stepTitle(
  definition: ResolvedDefinition | undefined,
  stepId: string | null,
  language: Language,
): string {
  if (!stepId) return '—';
  const step = definition?.steps.find((s) => s.id === stepId);
  if (!step) return stepId;
  return step.translations?.[language]?.title ?? step.title;
}

/** The step of a definition with this id. */
export function stepOf(definition: ResolvedDefinition | undefined, stepId: string | null): Step | undefined {
  return stepId ? definition?.steps.find((s) => s.id === stepId) : undefined;
}
