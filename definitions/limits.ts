// The bounds of the definition language, in one place: the schemas enforce them, the tests
// prove what they guarantee, definitions/README.md documents them. Pure and workflow-safe.
import { parseDuration, type DurationParts } from './duration';

const DAY_MS = 86_400_000;

/** The longest duration anywhere in a definition (deadline, timer, reminder offset or repeat). */
export const MAX_DURATION_YEARS = 10;

/** The same in days, a year counted as 365.25 days and a month as a twelfth of that: P10Y = P120M = 3652.5 days. */
export const MAX_DURATION_DAYS = MAX_DURATION_YEARS * 365.25;

/**
 * What an accepted duration can really last from any instant in any zone, at most: calendar
 * months and years differ from their average by under two days over ten years, and a zone's
 * offset changes by under a day.
 */
export const LONGEST_DURATION_MS = (Math.ceil(MAX_DURATION_DAYS) + 2) * DAY_MS;

/**
 * ISO-8601 duration with at most as many digits per part as 10 years needs (PT315576000S is
 * 10 years in seconds); the total is checked by withinMaximumDuration.
 */
export const DURATION_PATTERN =
  /^P(?!$)(\d{1,2}Y)?(\d{1,3}M)?(\d{1,3}W)?(\d{1,4}D)?(T(?=\d)(\d{1,5}H)?(\d{1,7}M)?(\d{1,9}S)?)?$/;

/** The most working days one duration may count (`1000 working days`, about four years of five-day weeks). */
export const MAX_WORKING_DAYS = 1000;

/** Most weekend days in a calendar: a week keeps at least four working days. */
export const MAX_WEEKEND_DAYS = 3;

/** Most public holidays one calendar lists (several years of a country's holidays). */
export const MAX_HOLIDAYS = 200;

/** `N working days` (or `1 working day`): whole working days on the definition's calendar. */
export const WORKING_DAYS_PATTERN = /^([1-9]\d{0,3}) working days?$/;

/** What a duration field accepts: an ISO-8601 duration or a count of working days (one pattern, for the JSON Schema). */
export const SPAN_PATTERN = new RegExp(
  `^(?:${DURATION_PATTERN.source.slice(1, -1)}|${WORKING_DAYS_PATTERN.source.slice(1, -1)})$`,
);

/** True unless the text counts more than MAX_WORKING_DAYS working days (ISO durations are not its business). */
export function withinMaximumWorkingDays(text: string): boolean {
  const match = WORKING_DAYS_PATTERN.exec(text);
  return !match || Number(match[1]) <= MAX_WORKING_DAYS;
}

function averageDays(parts: DurationParts): number {
  return (
    parts.years * 365.25 +
    parts.months * (365.25 / 12) +
    parts.weeks * 7 +
    parts.days +
    (parts.hours * 3600 + parts.minutes * 60 + parts.seconds) / 86_400
  );
}

/** True unless the text is a duration longer than MAX_DURATION_YEARS (what is not one is the pattern's to refuse). */
export function withinMaximumDuration(text: string): boolean {
  const parts = DURATION_PATTERN.test(text) ? parseDuration(text) : undefined;
  return parts === undefined || averageDays(parts) <= MAX_DURATION_DAYS;
}

/**
 * The furthest instant a case can compute during a step visit entered at `enteredAt`: a
 * deadline, a reminder's offset after it (escalate or overdue `after`), then one repeat
 * (`every`), each at most the longest duration. Later repeats are only computed once the
 * earlier ones have passed, and a hold moves the deadline only by time that really passed.
 */
export function furthestInstant(enteredAt: Date): Date {
  return new Date(enteredAt.getTime() + 3 * LONGEST_DURATION_MS);
}

/** Longest id or name: steps, roles, outcomes, events, reminders, fields, definitions, time zones. */
export const MAX_NAME_LENGTH = 64;

/** Longest title, label, status or closing reason, and longest description. */
export const MAX_TITLE_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 2_000;

/** Most steps in a definition, and most changes in an overlay. */
export const MAX_STEPS = 200;

/** Most entries in any other list or mapping: roles, a step's outcomes, fields, reminders, notifications, enum values. */
export const MAX_LIST_ENTRIES = 50;

/** Longest definition source (YAML or JSON text) in characters. */
export const MAX_SOURCE_CHARS = 200_000;

/** Deepest nesting of mappings and lists in a source (a definition needs about eight). */
export const MAX_SOURCE_DEPTH = 64;

/** Most copies YAML aliases (*name) may expand into (yaml's maxAliasCount): more is how an alias bomb looks. */
export const MAX_YAML_ALIASES = 100;

/** The most edits a "did you mean" suggestion may be away from the word (typos are one to three slips). */
export const MAX_SUGGESTION_DISTANCE = 3;

/** The most problems one validation reports; the rest are counted in a last problem. */
export const MAX_PROBLEMS = 200;

/** The most "did you mean" suggestions one validation computes; later problems come without one. */
export const MAX_SUGGESTIONS = 50;

/**
 * The shortest repeat of an overdue reminder. After a worker outage the machine walks every
 * occurrence that fell meanwhile (to send only the latest); hourly at most keeps that walk short.
 */
export const MIN_REPEAT_HOURS = 1;

/** True unless the text is a duration shorter than MIN_REPEAT_HOURS (what is not one is the pattern's to refuse). */
export function atLeastMinimumRepeat(text: string): boolean {
  const parts = DURATION_PATTERN.test(text) ? parseDuration(text) : undefined;
  return parts === undefined || averageDays(parts) * 24 >= MIN_REPEAT_HOURS;
}
