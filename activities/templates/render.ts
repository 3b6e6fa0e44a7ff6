// Renders one message (subject, HTML, plain text) from the catalogues. A key missing in a
// translation falls back to English: a send never fails for a missing word.
import { LANGUAGES, type Language, type MessageKind } from '../../definitions/vocabulary';
import { ownValue } from '../../definitions/own';
import type { CatalogSet, CommonText, KindText, Placeholder } from './catalog';
import { ar } from './ar';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';

/** Every catalogue, by language. */
export const CATALOGS: CatalogSet = { en, fr, ar, es };

/** Values a template may show; `due` and `at` are ISO instants, formatted in the recipient's zone. */
export type MessageValues = Partial<Record<Placeholder, string>> & { reference: string };

export interface RenderInput {
  kind: MessageKind;
  language: string;
  timeZone: string;
  /** Absolute link to the case page of the web app (it signs the reader in first). */
  caseUrl: string;
  values: MessageValues;
}

export interface RenderedMessage {
  language: Language;
  subject: string;
  html: string;
  text: string;
}

/** Narrows any string to a supported language (else English). */
export function asLanguage(value: string | null | undefined): Language | undefined {
  return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : undefined;
}

function kindText(language: Language, kind: MessageKind, key: keyof KindText): string {
  return ownValue(CATALOGS[language].kinds, kind)?.[key] || en.kinds[kind][key];
}

/** The priority as a word of the language (English, then the raw value, when it has none). */
function priorityWord(language: Language, priority: string): string {
  const words: Partial<Record<string, string>> = CATALOGS[language].priorities;
  const english: Partial<Record<string, string>> = en.priorities;
  return (
    (Object.hasOwn(words, priority) ? words[priority] : undefined) ??
    (Object.hasOwn(english, priority) ? english[priority] : undefined) ??
    priority
  );
}

function commonText(language: Language, key: keyof CommonText): string {
  return CATALOGS[language].common[key] || en.common[key];
}

/** Formats an ISO instant as a long date and time in a time zone, in a language's locale. */
export function formatDate(iso: string, language: Language, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(CATALOGS[language].locale, { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(CATALOGS[language].locale, { ...options, timeZone: 'UTC' }).format(date);
  }
}

function fill(template: string, values: Record<string, string>, missing: string): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => ownValue(values, name) ?? missing);
}

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Renders a message in the given language (unknown languages render in English). */
export function renderMessage(input: RenderInput): RenderedMessage {
  const language = asLanguage(input.language) ?? 'en';
  const word = (key: keyof CommonText) => commonText(language, key);
  const values: Record<string, string> = { ...input.values } as Record<string, string>;
  values.due = input.values.due ? formatDate(input.values.due, language, input.timeZone) : word('noDueDate');
  if (input.values.at) values.at = formatDate(input.values.at, language, input.timeZone);
  if (input.values.priority) values.priority = priorityWord(language, input.values.priority);
  const text = (key: keyof KindText) => fill(kindText(language, input.kind, key), values, word('noValue'));
  const subject = text('subject').replace(/[\r\n]+/g, ' ');
  const greeting = values.name ? fill(word('greeting'), values, '') : word('greetingNoName');
  const facts: [string, string][] = [[word('caseLabel'), input.values.reference]];
  if (values.step) facts.push([word('stepLabel'), values.step]);
  if (input.values.due) facts.push([word('dueLabel'), values.due]);
  if (values.priority) facts.push([word('priorityLabel'), values.priority]);

  const plain = [
    greeting,
    '',
    text('heading'),
    '',
    text('body'),
    text('action'),
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    '',
    `${word('openCase')}: ${input.caseUrl}`,
    '',
    '--',
    word('footer'),
    '',
  ].join('\n');

  const { direction } = CATALOGS[language];
  const align = direction === 'rtl' ? 'right' : 'left';
  const rows = facts.map(
    ([l, v]) =>
      `<tr><th style="text-align:${align};padding-inline-end:12px">${escapeHtml(l)}</th><td>${escapeHtml(v)}</td></tr>`,
  );
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${language}" dir="${direction}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body dir="${direction}" style="font-family:Arial,sans-serif;text-align:${align}">`,
    `<p>${escapeHtml(greeting)}</p>`,
    `<h1 style="font-size:18px">${escapeHtml(text('heading'))}</h1>`,
    `<p>${escapeHtml(text('body'))}</p>`,
    `<p><strong>${escapeHtml(text('action'))}</strong></p>`,
    `<table>${rows.join('')}</table>`,
    `<p><a href="${escapeHtml(input.caseUrl)}">${escapeHtml(word('openCase'))}</a></p>`,
    `<p style="color:#666;font-size:12px">${escapeHtml(word('footer'))}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { language, subject, html, text: plain };
}
