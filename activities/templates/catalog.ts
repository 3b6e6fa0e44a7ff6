// The shape of a language's message catalogue. English is complete by type; the other
// languages are typed partial so that a missing key compiles, falls back to English at send
// time, and fails the completeness unit test instead.
import type { Language, MessageKind, Priority } from '../../definitions/vocabulary';

/** The words of one message kind: {placeholders} are filled by the renderer. */
export interface KindText {
  /** Says the case reference and what is asked; never the refugee's personal data. */
  subject: string;
  heading: string;
  body: string;
  action: string;
}

/** Words shared by every message of a language. */
export interface CommonText {
  greeting: string;
  greetingNoName: string;
  caseLabel: string;
  stepLabel: string;
  dueLabel: string;
  priorityLabel: string;
  openCase: string;
  noDueDate: string;
  noValue: string;
  footer: string;
}

export interface Catalog {
  /** BCP 47 locale used for dates (Intl). */
  locale: string;
  direction: 'ltr' | 'rtl';
  common: CommonText;
  /** The case priority as a word of the language. */
  priorities: Record<Priority, string>;
  kinds: Record<MessageKind, KindText>;
}

/** A translation that may lack keys: the renderer falls back to English per key. */
export interface PartialCatalog {
  locale: string;
  direction: 'ltr' | 'rtl';
  common: Partial<CommonText>;
  priorities: Partial<Record<Priority, string>>;
  kinds: Partial<Record<MessageKind, Partial<KindText>>>;
}

/** The values a template may refer to, all non-personal. */
export const PLACEHOLDERS = [
  'name',
  'reference',
  'step',
  'due',
  'reason',
  'outcome',
  'assignee',
  'status',
  'partner',
  'event',
  'attempts',
  'error',
  'recipient',
  'failedKind',
  'priority',
  'at',
  'waitingOn',
  'days',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export type CatalogSet = { en: Catalog } & Record<Exclude<Language, 'en'>, PartialCatalog>;

/** The {placeholders} a text uses, sorted (for the completeness test). */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}
