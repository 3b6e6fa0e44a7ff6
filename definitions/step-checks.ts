// The checks every step gets whatever its kind: where its outcomes go, who owns it and who is
// told, its deadlines, reminders and fields. Kind-specific checks live in the registry. Pure.
import { approximateMilliseconds, isZeroDuration, parseSpan } from './duration';
import type { Problem } from './problems';
import { suggestion } from './problems';
import type { StepCheckContext } from './registry';
import { outcomesOf, ownerOf, recipientKind, stepKind } from './registry';
import type { Deadline, Field, Notification, Reminder, Step } from './schema';
import { assertNever } from './never';

/** Every problem of one step, common and kind-specific. */
export function checkStep(step: Step, context: StepCheckContext): Problem[] {
  const { path } = context;
  return [
    ...stepKind(step).validate(step, context),
    ...checkOutcomeTargets(step, context),
    ...checkOwner(step, context),
    ...checkDeadlines(step, path),
    ...checkReminders(step, context),
    ...(step.notify ?? []).flatMap((notification, index) =>
      checkNotification(notification, `${path}.notify[${index}]`, step, context),
    ),
    ...('fields' in step ? checkFields(step.fields, `${path}.fields`) : []),
    ...checkMilestone(step, path),
  ];
}

function checkMilestone(step: Step, path: string): Problem[] {
  if (step.milestoneOutcomes === undefined) return [];
  if (step.milestone === undefined)
    return [
      {
        path: `${path}.milestoneOutcomes`,
        message: 'names outcomes that reach a milestone, but the step has no milestone',
      },
    ];
  const names = Object.keys(outcomesOf(step));
  return step.milestoneOutcomes.flatMap((outcome, index) =>
    names.includes(outcome)
      ? []
      : [
          {
            path: `${path}.milestoneOutcomes[${index}]`,
            message: `"${outcome}" is not an outcome of this step${suggestion(outcome, names)}`,
          },
        ],
  );
}

function checkOutcomeTargets(step: Step, { path, stepIds }: StepCheckContext): Problem[] {
  return Object.entries(outcomesOf(step)).flatMap(([outcome, target]): Problem[] => {
    const at = `${path}.outcomes.${outcome}`;
    if (target === step.id)
      return [
        { path: at, message: `goes back to this same step; to repeat work, return to an earlier step` },
      ];
    if (stepIds.has(target)) return [];
    return [{ path: at, message: `goes to "${target}", which is not a step${suggestion(target, stepIds)}` }];
  });
}

function checkOwner(step: Step, { path, roles }: StepCheckContext): Problem[] {
  const owner = ownerOf(step);
  if (owner === undefined || roles.has(owner)) return [];
  return [
    {
      path: `${path}.owner`,
      message: `"${owner}" is not a role of this definition${suggestion(owner, roles)}`,
    },
  ];
}

/** The deadline that reminders of this step count from. */
function stepDeadline(step: Step): Deadline | undefined {
  if (step.kind === 'task' || step.kind === 'approval') return step.due;
  if (step.kind === 'wait') return step.timeout?.after;
  return undefined;
}

function checkDuration(text: string, path: string): Problem[] {
  const parts = parseSpan(text);
  if (!parts)
    return [
      {
        path,
        message: `"${text}" is not an ISO-8601 duration such as P14D, PT12H or P3M, nor working days such as "10 working days"`,
      },
    ];
  if (isZeroDuration(parts))
    return [{ path, message: `"${text}" is zero; a duration must be longer than nothing` }];
  return [];
}

function checkDeadline(deadline: Deadline | undefined, path: string): Problem[] {
  if (deadline === undefined) return [];
  if (typeof deadline === 'string') return checkDuration(deadline, path);
  const entries = Object.entries(deadline).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  if (entries.length === 0) {
    return [
      { path, message: 'a per-priority deadline needs at least one of default, emergency, urgent or normal' },
    ];
  }
  return entries.flatMap(([priority, text]) => checkDuration(text, `${path}.${priority}`));
}

function checkDeadlines(step: Step, path: string): Problem[] {
  switch (step.kind) {
    case 'task':
    case 'approval':
      return checkDeadline(step.due, `${path}.due`);
    case 'wait':
      return checkDeadline(step.timeout?.after, `${path}.timeout.after`);
    case 'timer':
      return checkDuration(step.duration, `${path}.duration`);
    case 'end':
      return [];
    default:
      return assertNever(step);
  }
}

/** The shortest deadline any priority gets, for comparing reminder offsets against it. */
function shortestDeadline(deadline: Deadline): string | undefined {
  const texts =
    typeof deadline === 'string'
      ? [deadline]
      : Object.values(deadline).filter((text): text is string => !!text);
  const lengths = texts.map((text) => ({
    text,
    length: approximateMilliseconds(parseSpan(text) ?? { workingDays: 0 }),
  }));
  return lengths.sort((a, b) => a.length - b.length)[0]?.text;
}

function checkReminders(step: Step, context: StepCheckContext): Problem[] {
  if (!('reminders' in step)) return [];
  const deadline = stepDeadline(step);
  const seen = new Set<string>();
  return step.reminders.flatMap((reminder, index) => {
    const path = `${context.path}.reminders[${index}]`;
    const problems: Problem[] = [];
    if (seen.has(reminder.id))
      problems.push({
        path: `${path}.id`,
        message: `"${reminder.id}" is used by another reminder of this step; reminder ids must be unique`,
      });
    seen.add(reminder.id);
    const fromEntry = step.kind === 'wait' && (reminder.kind === 'escalate' || reminder.kind === 'overdue');
    if (deadline === undefined && !fromEntry)
      problems.push({ path, message: `reminders count from the step's deadline, but this step has none` });
    problems.push(...reminderDurations(reminder, path, deadline));
    problems.push(...recipientKind(reminder.to).validate(reminder.to, `${path}.to`, step, context.roles));
    if (reminder.kind !== 'escalate')
      problems.push(...checkTaskRecipient(reminder.to, `${path}.to`, step, 'reminder'));
    return problems;
  });
}

function reminderDurations(reminder: Reminder, path: string, deadline: Deadline | undefined): Problem[] {
  switch (reminder.kind) {
    case 'before_due': {
      const problems = checkDuration(reminder.before, `${path}.before`);
      const shortest = deadline && shortestDeadline(deadline);
      const before = parseSpan(reminder.before);
      const limit = shortest && parseSpan(shortest);
      if (
        problems.length === 0 &&
        before &&
        limit &&
        approximateMilliseconds(before) >= approximateMilliseconds(limit)
      ) {
        problems.push({
          path: `${path}.before`,
          message: `${reminder.before} is not shorter than the deadline ${shortest}, so the reminder would come before the step even starts`,
        });
      }
      return problems;
    }
    case 'at_due':
      return [];
    case 'overdue':
      return [
        ...checkDuration(reminder.every, `${path}.every`),
        ...(reminder.after ? checkDuration(reminder.after, `${path}.after`) : []),
      ];
    case 'escalate':
      return checkDuration(reminder.after, `${path}.after`);
    default:
      return assertNever(reminder);
  }
}

function checkNotification(
  notification: Notification,
  path: string,
  step: Step,
  context: StepCheckContext,
): Problem[] {
  const problems = recipientKind(notification.to).validate(
    notification.to,
    `${path}.to`,
    step,
    context.roles,
  );
  if (notification.template === 'task_assigned')
    problems.push(...checkTaskRecipient(notification.to, `${path}.to`, step, 'task email'));
  const { outcome } = notification;
  if (outcome === undefined) return problems;
  if (notification.on !== 'outcome') {
    problems.push({
      path: `${path}.outcome`,
      message: `only a notification on: outcome names an outcome (this one is on: ${notification.on})`,
    });
    return problems;
  }
  const names = Object.keys(outcomesOf(step));
  if (!names.includes(outcome)) {
    problems.push({
      path: `${path}.outcome`,
      message: `"${outcome}" is not an outcome of this step${suggestion(outcome, names)}`,
    });
  }
  return problems;
}

/** A message that asks someone to act must reach a person who may complete the step. */
function checkTaskRecipient(to: Notification['to'], path: string, step: Step, what: string): Problem[] {
  const owner = ownerOf(step);
  if (owner === undefined)
    return to === 'assignee'
      ? []
      : [{ path, message: `a ${what} asks someone to act, but nobody completes this step by hand` }];
  if (to === 'assignee') return []; // delivered to the assignee only when they hold the owner role, else to the role's holders
  if ('role' in to && to.role === owner) return [];
  const who = 'role' in to ? `role "${to.role}"` : `the ${to.partner} partner`;
  return [
    {
      path,
      message: `a ${what} goes to ${who}, who may not complete this step (owned by "${owner}"); send it to assignee or { role: ${owner} }`,
    },
  ];
}

function checkFields(fields: Field[], path: string): Problem[] {
  const seen = new Set<string>();
  return fields.flatMap((field, index): Problem[] => {
    const at = `${path}[${index}]`;
    const problems: Problem[] = [];
    if (seen.has(field.name))
      problems.push({ path: `${at}.name`, message: `"${field.name}" is collected twice by this step` });
    seen.add(field.name);
    if (field.type === 'enum' && !(field.values && field.values.length > 0)) {
      problems.push({ path: `${at}.values`, message: 'an enum field needs a list of values to choose from' });
    }
    if (field.type !== 'enum' && field.values !== undefined) {
      problems.push({
        path: `${at}.values`,
        message: `only an enum field has values (this one is ${field.type})`,
      });
    }
    return problems;
  });
}
