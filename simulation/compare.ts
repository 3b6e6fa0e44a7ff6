// Two timelines of the same path side by side (e.g. the published version and a draft): what
// each step allows and takes, in days, and which reminders the change adds or removes.
import type { SimulatedMessage, Timeline } from './timeline';

const DAY = 86_400_000;

/** A figure in the version before and in the version after (null: the version has none). */
export interface Pair<T = number | null> {
  before: T;
  after: T;
}

/** A step in both versions: the days its deadline allows and the days the case spends in it. */
export interface StepComparison {
  step: string;
  title: string;
  /** Days the deadline (or timeout, or timer) allows on the first visit; null when it has none or is not visited. */
  allowed: Pair;
  /** Days the case spends in the step over all its visits; null when it is not visited. */
  spent: Pair;
  /** `added` or `removed` when only one version visits it. */
  change: 'added' | 'removed' | 'longer' | 'shorter' | 'same';
}

/** A reminder rule of a step and how many times it fires in each version. */
export interface ReminderComparison {
  step: string;
  rule: string;
  kind: SimulatedMessage['kind'];
  role: string;
  count: Pair<number>;
}

/** What changes from the first timeline to the second. */
export interface Comparison {
  before: Timeline;
  after: Timeline;
  steps: StepComparison[];
  remindersAdded: ReminderComparison[];
  remindersRemoved: ReminderComparison[];
  /** Days from start to end in each version (null when a case does not end). */
  length: Pair;
}

const days = (from: string, to: string) => Math.round(((Date.parse(to) - Date.parse(from)) / DAY) * 10) / 10;

function stepFigures(timeline: Timeline) {
  const figures = new Map<string, { title: string; allowed: number | null; spent: number }>();
  for (const visit of timeline.visits) {
    const known = figures.get(visit.step);
    const spent = visit.leftAt ? days(visit.enteredAt, visit.leftAt) : 0;
    if (known) known.spent = Math.round((known.spent + spent) * 10) / 10;
    else
      figures.set(visit.step, {
        title: visit.title,
        allowed: visit.dueAt ? days(visit.enteredAt, visit.dueAt) : null,
        spent,
      });
  }
  return figures;
}

/** Added or removed; else by the deadline's days, then by the days spent. */
function changeOf(allowed: Pair, spent: Pair): StepComparison['change'] {
  if (spent.before === null) return 'added';
  if (spent.after === null) return 'removed';
  const [a, b] =
    allowed.before !== allowed.after
      ? [allowed.before ?? 0, allowed.after ?? 0]
      : [spent.before ?? 0, spent.after ?? 0];
  return b > a ? 'longer' : b < a ? 'shorter' : 'same';
}

function reminderCounts(timeline: Timeline): Map<string, Omit<ReminderComparison, 'count'> & { n: number }> {
  const counts = new Map<string, Omit<ReminderComparison, 'count'> & { n: number }>();
  for (const m of timeline.messages.filter((message) => message.reminder)) {
    const key = JSON.stringify([m.step, m.rule, m.kind, m.role]);
    const known = counts.get(key);
    if (known) known.n += 1;
    else counts.set(key, { step: m.step, rule: m.rule ?? m.kind, kind: m.kind, role: m.role, n: 1 });
  }
  return counts;
}

/** Compares two timelines of the same request (before → after). */
export function compareTimelines(before: Timeline, after: Timeline): Comparison {
  const a = stepFigures(before);
  const b = stepFigures(after);
  const order = [...new Set([...after.visits.map((v) => v.step), ...before.visits.map((v) => v.step)])];
  const steps = order.map((step): StepComparison => {
    const x = a.get(step);
    const y = b.get(step);
    const spent: Pair = { before: x?.spent ?? null, after: y?.spent ?? null };
    const allowed: Pair = { before: x?.allowed ?? null, after: y?.allowed ?? null };
    return { step, title: (y ?? x)?.title ?? step, allowed, spent, change: changeOf(allowed, spent) };
  });
  const ra = reminderCounts(before);
  const rb = reminderCounts(after);
  const keys = [...new Set([...rb.keys(), ...ra.keys()])];
  const rows = keys.map((key) => {
    const { n: _n, ...rule } = (rb.get(key) ?? ra.get(key)) as Omit<ReminderComparison, 'count'> & {
      n: number;
    };
    return { ...rule, count: { before: ra.get(key)?.n ?? 0, after: rb.get(key)?.n ?? 0 } };
  });
  const length = (t: Timeline) => (t.end ? days(t.start, t.end.at) : null);
  return {
    before,
    after,
    steps,
    remindersAdded: rows.filter((r) => r.count.after > r.count.before),
    remindersRemoved: rows.filter((r) => r.count.after < r.count.before),
    length: { before: length(before), after: length(after) },
  };
}
