// Working days on a country's calendar (weekend days and public holidays). Pure and
// workflow-safe: plain arithmetic on local wall-clock times packed as UTC milliseconds, so
// duration.ts turns instants into local times and back, and this module never sees a zone.
//
// Semantics (definitions/README.md, "Working days"):
// - `N working days` after a start on a working day is the same time of day on the Nth working
//   day after it: Thursday 10:00 + 2 working days is Monday 10:00 where the weekend is Sat+Sun.
// - A start on a weekend day or holiday counts from 00:00 of the next working day: the whole of
//   that day is the first working day, so Saturday 10:00 + 1 working day is Tuesday 00:00.
// - `N working days` before (a before_due reminder) is the same time of day on the Nth working
//   day before, whatever the end's own day: a reminder always falls on a working day.
import type { Calendar } from './schema';

export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The calendar of a definition that names none: Saturday and Sunday off, no public holidays. */
export const DEFAULT_CALENDAR: Calendar = { weekend: ['saturday', 'sunday'], holidays: [] };

const DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a YYYY-MM-DD date, or undefined when it is not a real date. */
function epochDay(text: string): number | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date.getTime() / DAY : undefined;
}

/** A real calendar date, YYYY-MM-DD, in the years 2000–2199 (no 2026-02-30). */
export function isRealDate(text: string): boolean {
  const year = Number(text.slice(0, 4));
  return epochDay(text) !== undefined && year >= 2000 && year < 2200;
}

/** The weekday of a YYYY-MM-DD date (a real one). */
export function weekdayOf(text: string): Weekday {
  return WEEKDAYS[weekdayOfDay(epochDay(text) ?? 0)] as Weekday;
}

function weekdayOfDay(day: number): number {
  // 1970-01-01 was a Thursday (index 4).
  return (((day + 4) % 7) + 7) % 7;
}

/** The count in `N working days` / `1 working day`; undefined for any other text. */
export function parseWorkingDays(text: string): number | undefined {
  const match = /^([1-9]\d{0,3}) working days?$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

interface WorkingWeek {
  weekend: ReadonlySet<number>;
  holidays: ReadonlySet<number>;
}

const weeks = new WeakMap<Calendar, WorkingWeek>();

function workingWeek(calendar: Calendar): WorkingWeek {
  let week = weeks.get(calendar);
  if (!week) {
    week = {
      weekend: new Set(calendar.weekend.map((name) => WEEKDAYS.indexOf(name))),
      holidays: new Set(
        calendar.holidays.map((h) => epochDay(h.date)).filter((d): d is number => d !== undefined),
      ),
    };
    weeks.set(calendar, week);
  }
  return week;
}

function isWorking(day: number, week: WorkingWeek): boolean {
  return !week.weekend.has(weekdayOfDay(day)) && !week.holidays.has(day);
}

/** True when a local wall-clock time (packed as UTC) falls on a working day of the calendar. */
export function isWorkingTime(local: number, calendar: Calendar): boolean {
  return isWorking(Math.floor(local / DAY), workingWeek(calendar));
}

/**
 * The local wall-clock time (packed as UTC) `count` working days after (`sign` 1) or before
 * (`sign` -1) `local`, per the rules at the top. The calendar keeps at least four working days
 * a week (schema), so the walk ends within 7/4 × count days plus the holidays.
 */
export function shiftWorkingDays(local: number, count: number, sign: 1 | -1, calendar: Calendar): number {
  const week = workingWeek(calendar);
  let day = Math.floor(local / DAY);
  let timeOfDay = local - day * DAY;
  if (week.weekend.size >= 7) throw new RangeError('a calendar needs at least one working day a week');
  if (sign === 1 && !isWorking(day, week)) {
    do day += 1;
    while (!isWorking(day, week));
    timeOfDay = 0;
  }
  for (let left = count; left > 0;) {
    day += sign;
    if (isWorking(day, week)) left -= 1;
  }
  return day * DAY + timeOfDay;
}
