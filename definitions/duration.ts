// ISO-8601 durations and deadlines, computed in a country's time zone. Pure and workflow-safe:
// only Intl and Date, no Node APIs, so the case workflow can import it directly.
//
// Semantics (the same as Temporal.ZonedDateTime.add with "constrain"):
// - Years, months, weeks and days are calendar units in the local time of the zone: P1D is
//   "same wall-clock time tomorrow" (23 or 25 hours across a DST change), P1M is "same day
//   next month", clamped to the month's last day (31 January + P1M = 28 or 29 February).
// - Hours, minutes and seconds are exact elapsed time, added after the calendar part.
// - A local time that does not exist (spring-forward gap) moves forward by the gap; a local
//   time that exists twice (fall-back) takes the earlier instant.
// - `N working days` count whole days of the definition's calendar (weekend and holidays
//   skipped) in the zone's local time; the rules for starts on days off are in calendar.ts.
import { DEFAULT_CALENDAR, parseWorkingDays, shiftWorkingDays } from './calendar';
import type { Calendar, Deadline, Step } from './schema';
import type { Priority } from './vocabulary';
import { assertNever } from './never';

export interface DurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** A count of working days on a calendar (`10 working days`). */
export interface WorkingDays {
  workingDays: number;
}

/** What a duration field holds once read: ISO parts or working days. */
export type Span = DurationParts | WorkingDays;

/** Where durations are counted: the zone, and the calendar that working days follow (a definition is one). */
export interface Clock {
  timeZone: string;
  calendar?: Calendar;
}

const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Parses an ISO-8601 duration (P3M, P14D, PT36H, P1Y2M3DT4H); undefined when it is not one. */
export function parseDuration(text: string): DurationParts | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const [years, months, weeks, days, hours, minutes, seconds] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  return {
    years: years ?? 0,
    months: months ?? 0,
    weeks: weeks ?? 0,
    days: days ?? 0,
    hours: hours ?? 0,
    minutes: minutes ?? 0,
    seconds: seconds ?? 0,
  };
}

/** Reads a duration field: ISO parts, or working days; undefined when it is neither. */
export function parseSpan(text: string): Span | undefined {
  const workingDays = parseWorkingDays(text);
  return workingDays === undefined ? parseDuration(text) : { workingDays };
}

/** True when a span counts working days (and so follows the calendar). */
export function isWorkingDays(span: Span): span is WorkingDays {
  return 'workingDays' in span;
}

/** True when every part of the duration is zero (P0D, PT0S): never a usable deadline. */
export function isZeroDuration(parts: Span): boolean {
  return Object.values(parts).every((value) => value === 0);
}

/** A rough length in milliseconds (months of 30 days, years of 365, five working days a week), only for comparing durations. */
export function approximateMilliseconds(parts: Span): number {
  if (isWorkingDays(parts)) return (parts.workingDays * 7 * DAY) / 5;
  const days = parts.years * 365 + parts.months * 30 + parts.weeks * 7 + parts.days;
  return days * DAY + parts.hours * HOUR + parts.minutes * 60_000 + parts.seconds * 1000;
}

/** True when the time zone is a valid IANA name this runtime knows (Africa/Nairobi). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Wall-clock fields of an instant in a zone, packed as if they were UTC (milliseconds). */
function localAsUtc(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  return Date.UTC(year, month - 1, day, hour, minute, second) + (((instant % 1000) + 1000) % 1000);
}

/** The zone's offset from UTC at an instant, in milliseconds (Nairobi: +3 h). */
export function offsetAt(instant: number, timeZone: string): number {
  return localAsUtc(instant, timeZone) - instant;
}

/** The instant of a local wall-clock time (packed as UTC) in a zone, per the rules above. */
function instantOfLocal(local: number, timeZone: string): number {
  const before = offsetAt(local - DAY, timeZone);
  const after = offsetAt(local + DAY, timeZone);
  const candidates = [local - before, local - after].filter(
    (instant) => localAsUtc(instant, timeZone) === local,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  return local - before;
}

function shiftCalendar(local: number, parts: DurationParts, sign: 1 | -1): number {
  const date = new Date(local);
  const monthIndex =
    date.getUTCFullYear() * 12 + date.getUTCMonth() + sign * (parts.years * 12 + parts.months);
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  const timeOfDay = local - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return Date.UTC(year, month, day) + timeOfDay + sign * (parts.weeks * 7 + parts.days) * DAY;
}

function shift(instant: Date, duration: string | Span, clock: string | Clock, sign: 1 | -1): Date {
  const parts = typeof duration === 'string' ? parseSpan(duration) : duration;
  if (!parts) throw new RangeError(`"${String(duration)}" is not an ISO-8601 duration`);
  const { timeZone, calendar = DEFAULT_CALENDAR } = typeof clock === 'string' ? { timeZone: clock } : clock;
  const start = instant.getTime();
  if (isWorkingDays(parts)) {
    const local = shiftWorkingDays(localAsUtc(start, timeZone), parts.workingDays, sign, calendar);
    return new Date(instantOfLocal(local, timeZone));
  }
  const calendarOnly = parts.years + parts.months + parts.weeks + parts.days === 0;
  const dated = calendarOnly
    ? start
    : instantOfLocal(shiftCalendar(localAsUtc(start, timeZone), parts, sign), timeZone);
  const exact = (parts.hours * 3600 + parts.minutes * 60 + parts.seconds) * 1000;
  return new Date(dated + sign * exact);
}

/**
 * The instant `duration` after `instant`, calendar units counted in the clock's local time and
 * working days on its calendar (a bare zone name: Saturday and Sunday off, no holidays).
 */
export function addDuration(instant: Date, duration: string | Span, clock: string | Clock): Date {
  return shift(instant, duration, clock, 1);
}

/** The instant `duration` before `instant` (e.g. a before-due reminder), same rules as addDuration. */
export function subtractDuration(instant: Date, duration: string | Span, clock: string | Clock): Date {
  return shift(instant, duration, clock, -1);
}

/** The duration a deadline allows a case of this priority: its own, else default, else normal. */
export function deadlineFor(deadline: Deadline | undefined, priority: Priority): string | undefined {
  if (deadline === undefined || typeof deadline === 'string') return deadline;
  return deadline[priority] ?? deadline.default ?? deadline.normal;
}

/** How long a step may take for a case of this priority: `due` of a task or approval, the timeout of a wait, the duration of a timer. */
export function dueFor(step: Step, priority: Priority): string | undefined {
  switch (step.kind) {
    case 'task':
    case 'approval':
      return deadlineFor(step.due, priority);
    case 'wait':
      return deadlineFor(step.timeout?.after, priority);
    case 'timer':
      return step.duration;
    case 'end':
      return undefined;
    default:
      return assertNever(step);
  }
}

/** When a step entered at `enteredAt` is due for a case of this priority, on the clock (pass the definition); undefined when it has no deadline. */
export function dueAt(
  step: Step,
  priority: Priority,
  enteredAt: Date,
  clock: string | Clock,
): Date | undefined {
  const duration = dueFor(step, priority);
  return duration === undefined ? undefined : addDuration(enteredAt, duration, clock);
}
