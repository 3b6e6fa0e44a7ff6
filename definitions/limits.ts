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
export const DURATION_PATTERN = /^P(?!$)(\d{1,2}Y)?(\d{1,3}M)?(\d{1,3}W)?(\d{1,4}D)?(T(?=\d)(\d{1,5}H)?(\d{1,7}M)?(\d{1,9}S)?)?$/;

function averageDays(parts: DurationParts): number {
  return parts.years * 365.25 + parts.months * (365.25 / 12) + parts.weeks * 7 + parts.days
    + (parts.hours * 3600 + parts.minutes * 60 + parts.seconds) / 86_400;
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
