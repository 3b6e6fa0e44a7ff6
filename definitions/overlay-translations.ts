// An overlay's step titles and partner labels per language, written in one place
// (`translations: { ar: { interview: { title: … } } }`), merged into the resolved steps; and the
// warning when the country's language lacks some of them. Pure.
import type { Overlay } from './overlay-schema';
import type { Problem } from './problems';
import { suggestion } from './problems';
import type { ResolvedDefinition } from './schema';

type Json = Record<string, unknown>;

/** Merges the overlay's translations into the steps (mutates them); an unknown step id is a problem. */
export function applyTranslations(steps: Json[], translations: Overlay['translations']): Problem[] {
  const ids = steps.map((step) => String(step.id));
  const problems: Problem[] = [];
  for (const [language, byStep] of Object.entries(translations)) {
    for (const [id, words] of Object.entries(byStep)) {
      const step = steps.find((candidate) => candidate.id === id);
      if (!step) {
        problems.push({
          path: `translations.${language}.${id}`,
          message: `"${id}" is not a step${suggestion(id, ids)}`,
        });
        continue;
      }
      const own = (step.translations ?? {}) as Record<string, Json>;
      step.translations = { ...own, [language]: { ...(own[language] ?? {}), ...words } };
    }
  }
  return problems;
}

/**
 * When a country speaks another language than the base, every step title should have a
 * translation; the missing ones are sent in the base's language. One warning for them all.
 */
export function missingTranslations(definition: ResolvedDefinition, baseLanguage: string): Problem[] {
  const language = definition.language;
  if (language === baseLanguage) return [];
  const missing = definition.steps
    .filter((step) => !step.translations?.[language]?.title)
    .map((step) => step.id);
  if (missing.length === 0) return [];
  return [
    {
      path: `translations.${language}`,
      severity: 'warning',
      message: `${missing.length} step${missing.length === 1 ? ' has' : 's have'} no ${language} title, so they are sent in "${baseLanguage}": ${missing.join(', ')}`,
    },
  ];
}
