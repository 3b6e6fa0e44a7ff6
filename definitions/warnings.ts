// What is valid but probably not meant: reported as warnings, which do not stop a definition
// from being published. Pure; runs on a definition that has no problems.
import { calendarWarnings } from './calendar-checks';
import { approximateMilliseconds, dueFor, parseSpan } from './duration';
import type { Problem } from './problems';
import type { Reminder, ResolvedDefinition, Step } from './schema';
import { skippableJointSteps } from './together';
import { PRIORITIES, type Priority } from './vocabulary';

/** Every warning of a valid definition, each with its path. */
export function definitionWarnings(definition: ResolvedDefinition): Problem[] {
  return [
    ...calendarWarnings(definition),
    ...definition.steps.flatMap((step, index) => unreachableReminders(step, `steps[${index}]`)),
    ...skippableJointSteps(definition),
  ];
}

const length = (text: string) => approximateMilliseconds(parseSpan(text) ?? { workingDays: 0 });

/** How long after entering a wait step a reminder first fires; undefined when it counts from the timeout. */
function firstAfterEntry(reminder: Reminder): string | undefined {
  if (reminder.kind === 'escalate') return reminder.after;
  if (reminder.kind === 'overdue') return reminder.after ?? reminder.every;
  return undefined;
}

/**
 * On a wait step, escalations and overdue reminders count from entry and the timeout ends the
 * wait: one that would first fire at or after the timeout never fires (for those priorities).
 * An at_due reminder on a wait with a timeout never fires either: the timeout takes over then.
 */
function unreachableReminders(step: Step, path: string): Problem[] {
  if (step.kind !== 'wait' || !step.timeout) return [];
  return step.reminders.flatMap((reminder, index): Problem[] => {
    const at = `${path}.reminders[${index}]`;
    if (reminder.kind === 'at_due') {
      return [
        {
          path: at,
          message: `"${reminder.id}" can never fire: at the timeout the wait takes its outcome "${step.timeout?.outcome}"`,
          severity: 'warning',
        },
      ];
    }
    const first = firstAfterEntry(reminder);
    if (first === undefined) return [];
    const late = PRIORITIES.filter((priority: Priority) => {
      const timeout = dueFor(step, priority);
      return timeout !== undefined && length(first) >= length(timeout);
    });
    if (late.length === 0) return [];
    const which = late.length === PRIORITIES.length ? '' : ` for ${late.join(' and ')} cases`;
    return [
      {
        path: at,
        message: `"${reminder.id}" can never fire${which}: it comes ${first} after entering the wait, but the wait times out after ${late
          .map((p) => dueFor(step, p))
          .filter((v, i, a) => a.indexOf(v) === i)
          .join(' / ')}`,
        severity: 'warning',
      },
    ];
  });
}
