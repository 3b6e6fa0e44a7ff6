// The checks of a definition's working calendar that zod cannot make alone: a weekend day or
// a holiday listed twice, working days used where no calendar says which days are off, and
// (as a warning) a holiday that falls on a weekend day anyway. Pure.
import { weekdayOf } from './calendar';
import { dueFor, parseSpan, isWorkingDays } from './duration';
import { assertNever } from './never';
import type { Problem } from './problems';
import type { Reminder, ResolvedDefinition, Step } from './schema';
import { PRIORITIES } from './vocabulary';

/** Every problem of the definition's calendar, and of working days used without one (country definitions). */
export function calendarProblems(definition: ResolvedDefinition): Problem[] {
  const calendar = definition.calendar;
  if (!calendar) return missingCalendar(definition);
  const problems: Problem[] = [];
  const weekend = new Map<string, number>();
  calendar.weekend.forEach((day, index) => {
    const first = weekend.get(day);
    if (first === undefined) weekend.set(day, index);
    else
      problems.push({
        path: `calendar.weekend[${index}]`,
        message: `"${day}" is already listed at calendar.weekend[${first}]`,
      });
  });
  const holidays = new Map<string, number>();
  calendar.holidays.forEach((holiday, index) => {
    const first = holidays.get(holiday.date);
    if (first === undefined) holidays.set(holiday.date, index);
    else
      problems.push({
        path: `calendar.holidays[${index}].date`,
        message: `${holiday.date} is already listed at calendar.holidays[${first}]; list each holiday once`,
      });
  });
  return problems;
}

/** Warnings about a valid calendar: holidays that fall on a weekend day, so they change nothing. */
export function calendarWarnings(definition: ResolvedDefinition): Problem[] {
  const calendar = definition.calendar;
  if (!calendar) return [];
  const weekend = new Set<string>(calendar.weekend);
  return calendar.holidays.flatMap((holiday, index) => {
    const weekday = weekdayOf(holiday.date);
    if (!weekend.has(weekday)) return [];
    return [
      {
        path: `calendar.holidays[${index}].date`,
        message: `${holiday.date} (${holiday.name}) is a ${weekday.charAt(0).toUpperCase()}${weekday.slice(1)}, already a weekend day; if it is observed on another day, list that day`,
        severity: 'warning' as const,
      },
    ];
  });
}

/** A country definition that counts working days needs its own calendar: the weekend differs by country. */
function missingCalendar(definition: ResolvedDefinition): Problem[] {
  if (definition.country === undefined) return [];
  const first = definition.steps
    .flatMap((step, index) => workingDayPaths(step, `steps[${index}]`))
    .slice(0, 1);
  return first.map((path) => ({
    path,
    message: `counts working days, but the definition has no calendar; add calendar: { weekend: [...], holidays: [...] } for ${definition.country}`,
  }));
}

/** The paths of a step's durations that count working days. */
export function workingDayPaths(step: Step, path: string): string[] {
  const spans: Array<[string, string | undefined]> = [];
  if (step.kind === 'timer') spans.push([`${path}.duration`, step.duration]);
  else if (step.kind !== 'end') {
    const at = step.kind === 'wait' ? `${path}.timeout.after` : `${path}.due`;
    for (const priority of PRIORITIES) spans.push([at, dueFor(step, priority)]);
    step.reminders.forEach((reminder, index) =>
      spans.push(...reminderSpans(reminder, `${path}.reminders[${index}]`)),
    );
  }
  const paths = spans.filter(([, text]) => {
    const span = text === undefined ? undefined : parseSpan(text);
    return span !== undefined && isWorkingDays(span);
  });
  return [...new Set(paths.map(([at]) => at))];
}

function reminderSpans(reminder: Reminder, path: string): Array<[string, string | undefined]> {
  switch (reminder.kind) {
    case 'before_due':
      return [[`${path}.before`, reminder.before]];
    case 'overdue':
      return [
        [`${path}.every`, reminder.every],
        [`${path}.after`, reminder.after],
      ];
    case 'escalate':
      return [[`${path}.after`, reminder.after]];
    case 'at_due':
      return [];
    default:
      return assertNever(reminder);
  }
}
