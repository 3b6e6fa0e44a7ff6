// Timelines and comparisons as people read them: a table for the terminal, a Mermaid gantt
// chart, and the comparison of two versions. Pure text; the CLI prints it.
import type { Comparison } from './compare';
import type { Timeline } from './timeline';

const DAY = 86_400_000;

/** `2027-01-04T09:00:00+03:00` → `2027-01-04 09:00`. */
const short = (iso: string) => iso.slice(0, 16).replace('T', ' ');
/** Calendar days since the start, in the country's dates (a daylight-saving change is still one day). */
const dayOf = (timeline: Timeline, iso: string) =>
  Math.round((Date.parse(iso.slice(0, 10)) - Date.parse(timeline.start.slice(0, 10))) / DAY);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function heading(timeline: Timeline): string {
  const version = timeline.version === null ? 'draft' : `version ${timeline.version}`;
  return `${timeline.definitionId} (${version}) · ${timeline.priority} · ${timeline.timeZone} · messages in ${timeline.language}`;
}

/** Every moment of the case in order: steps entered and left, messages, partner events. */
export function timelineTable(timeline: Timeline): string {
  const rows: { at: string; visit: number; order: number; what: string }[] = [];
  for (const v of timeline.visits) {
    const due = v.dueAt ? `, due ${short(v.dueAt)}` : '';
    const owner = v.owner ? ` (${v.owner})` : '';
    rows.push({ at: v.enteredAt, visit: v.visit, order: 0, what: `enter  ${v.step}${owner}${due}` });
    if (v.leftAt) {
      const late = v.dueAt && v.leftAt > v.dueAt ? ' — late' : '';
      rows.push({
        at: v.leftAt,
        visit: v.visit,
        order: 3,
        what: `leave  ${v.step} → ${v.outcome} by ${v.leftBy}${late}`,
      });
    }
  }
  for (const m of timeline.messages) {
    const what = m.reminder ? 'remind' : 'notify';
    const rule = m.rule ? ` ${m.rule}${m.occurrence && m.occurrence > 1 ? ` #${m.occurrence}` : ''}` : '';
    rows.push({
      at: m.at,
      visit: m.visit,
      order: 1,
      what: `${what} ${m.kind}${rule} → ${m.role} [${m.language}] (${m.step})`,
    });
  }
  for (const e of timeline.partnerEvents) {
    const fields = [...Object.keys(e.facts), ...e.personalFields.map((f) => `${f}*`)];
    rows.push({
      at: e.at,
      visit: e.visit,
      order: 2,
      what: `partner ${e.partner}: ${e.event} "${e.status}" #${e.sequence}${fields.length > 0 ? ` {${fields.join(', ')}}` : ''}`,
    });
  }
  // In the order the case lived it: by time, then step visit, then entered, told, left.
  rows.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.visit - b.visit || a.order - b.order);
  const lines = rows.map((r) => `${String(dayOf(timeline, r.at)).padStart(5)}  ${short(r.at)}  ${r.what}`);
  const reminders = timeline.messages.filter((m) => m.reminder).length;
  const end = timeline.end
    ? `ends ${short(timeline.end.at)} at ${timeline.end.step} (${timeline.end.reason}), day ${dayOf(timeline, timeline.end.at)}`
    : 'does not end';
  return [
    heading(timeline),
    `  day  when              what (* = personal field, shared only with consent)`,
    ...lines,
    ...timeline.unusedPath.map((note) => `note: ${note}`),
    `${plural(timeline.visits.length, 'step visit')}, ${plural(timeline.messages.length, 'message')} (${plural(reminders, 'reminder')}), ${plural(timeline.partnerEvents.length, 'partner event')}; the case ${end}`,
    '',
  ].join('\n');
}

/** Mermaid has no escape for `:` or `#` in a gantt task name. */
const label = (text: string) => text.replace(/[:#;]/g, ' ').replace(/\s+/g, ' ').trim();
const mermaidTime = (iso: string) => iso.slice(0, 16);

/** The timeline as a Mermaid gantt chart: a bar per step visit (its deadline, or the time spent when late), a milestone per reminder. */
export function timelineGantt(timeline: Timeline): string {
  const lines = [
    'gantt',
    `  title ${label(heading(timeline))}`,
    '  dateFormat YYYY-MM-DDTHH:mm',
    '  axisFormat %Y-%m-%d',
    '  section Steps',
  ];
  timeline.visits.forEach((v, index) => {
    const until =
      [v.leftAt, v.dueAt]
        .filter((t): t is string => t !== null)
        .sort()
        .pop() ?? v.enteredAt;
    const late = v.dueAt !== null && v.leftAt !== null && v.leftAt > v.dueAt;
    const tags = [late ? 'crit' : v.leftAt ? 'done' : 'milestone', `v${index + 1}`];
    const end = until === v.enteredAt ? '0d' : mermaidTime(until);
    lines.push(`  ${label(v.title)} : ${tags.join(', ')}, ${mermaidTime(v.enteredAt)}, ${end}`);
  });
  const reminders = timeline.messages.filter((m) => m.reminder);
  if (reminders.length > 0) lines.push('  section Reminders');
  reminders.forEach((m, index) => {
    lines.push(
      `  ${label(`${m.step} ${m.kind} to ${m.role}`)} : milestone, r${index + 1}, ${mermaidTime(m.at)}, 0d`,
    );
  });
  return `${lines.join('\n')}\n`;
}

const figure = (n: number | null) => (n === null ? '—' : String(n));
const delta = (a: number | null, b: number | null) => {
  if (a === null || b === null || a === b) return '';
  const d = Math.round((b - a) * 10) / 10;
  return `${d > 0 ? '+' : ''}${d} days`;
};

/** Two versions side by side: days per step, reminders added and removed, the case's length. */
export function comparisonTable(comparison: Comparison, labels?: [string, string]): string {
  const { before, after, length } = comparison;
  const name = (t: Timeline) =>
    (t === before ? labels?.[0] : labels?.[1]) ??
    (t.version === null ? `${t.definitionId} (draft)` : `${t.definitionId} v${t.version}`);
  const width = Math.max(...comparison.steps.map((s) => s.step.length), 4);
  const lines = [
    `${name(before)} → ${name(after)} · ${after.priority}`,
    `${'step'.padEnd(width)}  ${'allowed (days)'.padEnd(16)}${'spent (days)'.padEnd(16)}change`,
  ];
  for (const s of comparison.steps) {
    const allowed = `${figure(s.allowed.before)} → ${figure(s.allowed.after)}`;
    const spent = `${figure(s.spent.before)} → ${figure(s.spent.after)}`;
    const what =
      s.change === 'added' || s.change === 'removed'
        ? s.change
        : delta(s.allowed.before, s.allowed.after) || delta(s.spent.before, s.spent.after) || '';
    lines.push(`${s.step.padEnd(width)}  ${allowed.padEnd(16)}${spent.padEnd(16)}${what}`.trimEnd());
  }
  const reminderLine = (sign: string, r: Comparison['remindersAdded'][number]) =>
    `  ${sign} ${r.step} ${r.rule} (${r.kind} → ${r.role}) ×${Math.abs(r.count.after - r.count.before)}  [${r.count.before} → ${r.count.after}]`;
  lines.push(
    comparison.remindersAdded.length === 0 ? 'reminders added: none' : 'reminders added:',
    ...comparison.remindersAdded.map((r) => reminderLine('+', r)),
    comparison.remindersRemoved.length === 0 ? 'reminders removed: none' : 'reminders removed:',
    ...comparison.remindersRemoved.map((r) => reminderLine('-', r)),
    `the case lasts ${figure(length.before)} → ${figure(length.after)} days${delta(length.before, length.after) ? ` (${delta(length.before, length.after)})` : ''}`,
    '',
  );
  return lines.join('\n');
}
