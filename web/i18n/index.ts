// The language of a page: its words, and (from the email catalogues) its locale, direction,
// shared labels and priority words.
import { LANGUAGES, type Language } from '../../definitions/vocabulary';
import { en as emailEn } from '../../activities/templates/en';
import { asLanguage, CATALOGS, formatDate } from '../../activities/templates/render';
import type { CommonText } from '../../activities/templates/catalog';
import { ar } from './ar';
import type { WebText } from './catalog';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';

const WORDS: Record<Language, WebText> = { en, fr, ar, es };

/** A language's own name, as its speakers write it (for the switcher). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  ar: 'العربية',
  es: 'Español',
};

/** Everything a page needs to speak one language. */
export interface Speech {
  language: Language;
  direction: 'ltr' | 'rtl';
  words: WebText;
  /** A label shared with the emails (case, step, due, priority…). */
  common(key: keyof CommonText): string;
  /** The priority as a word of the language. */
  priority(value: string): string;
  /** An ISO instant as a date and time in a time zone. */
  date(iso: string | null | undefined, timeZone: string): string;
}

/** The speech of a language (unknown: English). */
export function speechOf(value: string | null | undefined): Speech {
  const language = asLanguage(value) ?? 'en';
  const catalog = CATALOGS[language];
  const common = (key: keyof CommonText) => catalog.common[key] || emailEn.common[key];
  return {
    language,
    direction: catalog.direction,
    words: WORDS[language],
    common,
    priority: (value) => (catalog.priorities as Partial<Record<string, string>>)[value] ?? value,
    date: (iso, timeZone) => (iso ? formatDate(iso, language, timeZone) : common('noDueDate')),
  };
}

export { LANGUAGES };
export type { Language };
