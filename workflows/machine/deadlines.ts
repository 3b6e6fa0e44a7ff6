// Deadlines and reminders of a step visit: when it is due, which reminder occurrences are
// owed at an instant, and when the next one falls. Pure functions of the state and `now`.
import {
  addDuration,
  dueFor,
  isWorkingDays,
  parseSpan,
  subtractDuration,
  type Clock,
  type Span,
} from '../../definitions/duration';
import { ownValue } from '../../definitions/own';
import type { Recipient, Reminder, Step } from '../../definitions/schema';
import type { Priority, ReminderKind } from '../../definitions/vocabulary';
import { assertNever, type VisitState } from './state';

/** One occurrence of a reminder rule on a step visit. */
export interface ReminderOccurrence {
  rule: string;
  kind: ReminderKind;
  occurrence: number;
  at: number;
  to: Recipient;
}

/**
 * The deadline a step entered at `enteredAt` gets, before any hold; null when it has none.
 * `clock` is the definition (its zone and calendar); a bare zone counts working days Monday–Friday.
 */
export function baseDueAt(
  step: Step,
  priority: Priority,
  enteredAt: number,
  clock: string | Clock,
): number | null {
  const duration = dueFor(step, priority);
  return duration === undefined ? null : addDuration(new Date(enteredAt), duration, clock).getTime();
}

/** The visit's deadline moved by the time it spent on hold; null when it has none. */
export function effectiveDueAt(visit: VisitState): number | null {
  return visit.baseDueAt === null ? null : visit.baseDueAt + visit.pausedMs;
}

function scaled(parts: Span, times: number): Span {
  if (isWorkingDays(parts)) return { workingDays: parts.workingDays * times };
  return {
    years: parts.years * times,
    months: parts.months * times,
    weeks: parts.weeks * times,
    days: parts.days * times,
    hours: parts.hours * times,
    minutes: parts.minutes * times,
    seconds: parts.seconds * times,
  };
}

function parsed(text: string): Span {
  const parts = parseSpan(text);
  if (!parts) throw new RangeError(`"${text}" is not an ISO-8601 duration`);
  return parts;
}

/**
 * When occurrence `n` (from 1) of a rule falls for a visit due at `due`; undefined past the
 * rule's last occurrence. Repeats are counted from the anchor (due + n × every, or the first
 * one when `after` is set), so calendar units do not drift (31 Jan + P1M × 2 = 31 Mar).
 */
export function occurrenceAt(
  rule: Reminder,
  n: number,
  due: number,
  clock: string | Clock,
): number | undefined {
  const at = (d: number) => new Date(d);
  switch (rule.kind) {
    case 'before_due':
      return n === 1 ? subtractDuration(at(due), rule.before, clock).getTime() : undefined;
    case 'at_due':
      return n === 1 ? due : undefined;
    case 'overdue': {
      if (rule.limit !== undefined && n > rule.limit) return undefined;
      const every = parsed(rule.every);
      if (rule.after === undefined) return addDuration(at(due), scaled(every, n), clock).getTime();
      const first = addDuration(at(due), rule.after, clock);
      return n === 1 ? first.getTime() : addDuration(first, scaled(every, n - 1), clock).getTime();
    }
    case 'escalate':
      return n === 1 ? addDuration(at(due), rule.after, clock).getTime() : undefined;
    default:
      return assertNever(rule);
  }
}

/**
 * The instant a rule counts from: the deadline, except escalations and overdue reminders on a
 * wait step, which count from entering it (`entered`) when the case counts them so. A wait's
 * deadline is its timeout, so counting from it would put them after the wait has ended.
 */
function anchorOf(rule: Reminder, due: number | null, entered: number | undefined): number | null {
  if (entered !== undefined && (rule.kind === 'escalate' || rule.kind === 'overdue')) return entered;
  return due;
}

/** When the current visit's escalations and overdue reminders count from entry: the entry moved by holds. */
export function entryAnchor(step: Step, visit: VisitState, fromEntry: boolean): number | undefined {
  return fromEntry && step.kind === 'wait' ? visit.enteredAt + visit.pausedMs : undefined;
}

function occurrence(rule: Reminder, n: number, at: number): ReminderOccurrence {
  return { rule: rule.id, kind: rule.kind, occurrence: n, at, to: rule.to };
}

/** The next occurrence of every rule not yet handled on the visit (what the case still owes). */
export function upcomingReminders(
  rules: Reminder[],
  visit: VisitState,
  clock: string | Clock,
  entered?: number,
): ReminderOccurrence[] {
  const due = effectiveDueAt(visit);
  const upcoming: ReminderOccurrence[] = [];
  for (const rule of rules) {
    const anchor = anchorOf(rule, due, entered);
    if (anchor === null) continue;
    const n = (ownValue(visit.sent, rule.id) ?? 0) + 1;
    const at = occurrenceAt(rule, n, anchor, clock);
    if (at !== undefined) upcoming.push(occurrence(rule, n, at));
  }
  return upcoming.sort((a, b) => a.at - b.at);
}

/** What is owed at an instant: occurrences to send, and each touched rule's new handled count. */
export interface OwedReminders {
  send: ReminderOccurrence[];
  handled: Record<string, number>;
}

/**
 * The reminders owed at `now`, at most one per rule. If several occurrences of one rule have
 * fallen (the worker was down for days), only the latest is sent and the earlier ones count
 * as handled: a caseworker gets one overdue message, not a burst. An occurrence that falls
 * before the visit began (a before-due reminder longer than the deadline) is handled unsent.
 */
export function owedReminders(
  rules: Reminder[],
  visit: VisitState,
  clock: string | Clock,
  now: number,
  entered?: number,
): OwedReminders {
  const result: OwedReminders = { send: [], handled: {} };
  const due = effectiveDueAt(visit);
  for (const rule of rules) {
    const anchor = anchorOf(rule, due, entered);
    if (anchor === null) continue;
    let n = (ownValue(visit.sent, rule.id) ?? 0) + 1;
    let latest: ReminderOccurrence | undefined;
    for (
      let at = occurrenceAt(rule, n, anchor, clock);
      at !== undefined && at <= now;
      at = occurrenceAt(rule, n, anchor, clock)
    ) {
      latest = at < visit.enteredAt ? undefined : occurrence(rule, n, at);
      result.handled[rule.id] = n;
      n += 1;
    }
    if (latest) result.send.push(latest);
  }
  result.send.sort((a, b) => a.at - b.at);
  return result;
}

/** The rules that reminders follow on a step kind (timers and end steps have none). */
export function reminderRules(step: Step): Reminder[] {
  switch (step.kind) {
    case 'task':
    case 'approval':
    case 'wait':
      return step.reminders;
    case 'timer':
    case 'end':
      return [];
    default:
      return assertNever(step);
  }
}
