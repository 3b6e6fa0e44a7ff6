import {
  closeCase,
  completeStep,
  holdCase,
  nextWakeAt,
  occurrenceAt,
  reassignCase,
  resumeCase,
  startCase,
  tick,
  type CaseState,
  type Effect,
} from '../../../workflows/machine';
import {
  caseworker,
  DAY,
  HOUR,
  miniCase,
  otherCaseworker,
  supervisor,
  waitingDefinition,
} from '../../support/case-fixtures';
import { effectsOf, ok } from './helpers';

const T0 = Date.parse('2026-03-02T06:00:00Z'); // due (normal, P5D) at T0 + 5 days
const DUE = T0 + 5 * DAY;

/** Follows the clock like the workflow does: wake at each next time, tick, collect messages. */
function runClock(
  start: CaseState,
  until: number,
): { state: CaseState; sent: { at: number; kind: string; key: string; to: unknown; assignee: string }[] } {
  let state = start;
  const sent: { at: number; kind: string; key: string; to: unknown; assignee: string }[] = [];
  for (let wake = nextWakeAt(state); wake !== null && wake <= until; wake = nextWakeAt(state)) {
    const result = tick(state, wake);
    state = result.state;
    sent.push(
      ...effectsOf(result.effects, 'notify').map((e) => ({
        at: wake,
        kind: e.request.kind,
        key: e.request.businessKey,
        to: e.request.to,
        assignee: e.request.case.assignee,
      })),
    );
  }
  return { state, sent };
}

const recordedReminders = (effects: Effect[]) =>
  effectsOf(effects, 'record_event').filter((e) => e.event.kind === 'reminder');

describe('reminders of a step visit', () => {
  it('sends before due, at due, daily while overdue up to the limit, and escalates once, each at its time', () => {
    const { sent } = runClock(startCase(miniCase('m1'), 'case-m1', T0).state, T0 + 60 * DAY);
    expect(sent.map((s) => [(s.at - T0) / DAY, s.kind, s.key])).toEqual([
      [4, 'reminder_before_due', 'm1:v1:before_due:soon:1'],
      [5, 'due_today', 'm1:v1:at_due:today:1'],
      [6, 'overdue', 'm1:v1:overdue:daily:1'],
      [7, 'overdue', 'm1:v1:overdue:daily:2'],
      [7, 'escalation', 'm1:v1:escalate:supervisor:1'],
      [8, 'overdue', 'm1:v1:overdue:daily:3'],
    ]);
    expect(sent.find((s) => s.kind === 'escalation')?.to).toEqual({ role: 'supervisor' });
  });

  it('records each reminder in the projection under its business key', () => {
    const state = tick(startCase(miniCase('m2'), 'case-m2', T0).state, DUE - DAY).state;
    const { effects } = tick(state, DUE);
    expect(recordedReminders(effects).map((e) => [e.event.eventKey, e.event.detail])).toEqual([
      ['m2:v1:at_due:today:1', { rule: 'today', reminderKind: 'at_due', occurrence: 1 }],
    ]);
  });

  it('owes nothing twice: a second tick at the same instant sends nothing', () => {
    const once = tick(startCase(miniCase('m3'), 'case-m3', T0).state, DUE);
    expect(tick(once.state, DUE).effects).toEqual([]);
  });

  it('after a long silence sends only the latest overdue occurrence, not a burst', () => {
    const state = startCase(miniCase('m4'), 'case-m4', T0).state;
    const { effects, state: after } = tick(state, DUE + 2.5 * DAY);
    expect(effectsOf(effects, 'notify').map((e) => e.request.businessKey)).toEqual([
      'm4:v1:before_due:soon:1',
      'm4:v1:at_due:today:1',
      'm4:v1:overdue:daily:2',
      'm4:v1:escalate:supervisor:1',
    ]);
    expect(after.current?.sent).toEqual({ soon: 1, today: 1, daily: 2, supervisor: 1 });
  });

  it('sends none after the step is completed', () => {
    let state = startCase(miniCase('m5'), 'case-m5', T0).state;
    state = ok(
      completeStep(
        state,
        { step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' }, actor: caseworker },
        T0 + DAY,
      ),
    ).state;
    // review is due P2D after T0 + 1 day and has no reminders; nothing about assessment remains
    expect(runClock(state, T0 + 60 * DAY).sent).toEqual([]);
  });

  it('sends none after close', () => {
    const closed = ok(
      closeCase(
        startCase(miniCase('m6'), 'case-m6', T0).state,
        { reason: 'withdrawn', actor: supervisor },
        T0 + DAY,
      ),
    ).state;
    expect(nextWakeAt(closed)).toBeNull();
    expect(tick(closed, DUE + 3 * DAY).effects).toEqual([]);
  });

  it('sends none while on hold, and after resume every reminder moves by the hold', () => {
    const held = ok(
      holdCase(
        startCase(miniCase('m7'), 'case-m7', T0).state,
        { reason: 'security screening', actor: supervisor },
        T0 + 3 * DAY,
      ),
    ).state;
    expect(nextWakeAt(held)).toBeNull();
    expect(tick(held, DUE + 3 * DAY).effects).toEqual([]);
    const resumed = ok(resumeCase(held, { actor: supervisor }, T0 + 13 * DAY)); // ten days on hold
    expect(resumed.state.current?.pausedMs).toBe(10 * DAY);
    expect(resumed.state.history[0]?.dueAt).toBe(new Date(DUE + 10 * DAY).toISOString());
    expect(effectsOf(resumed.effects, 'project_case')[0]?.snapshot.dueAt).toBe(
      new Date(DUE + 10 * DAY).toISOString(),
    );
    const { sent } = runClock(resumed.state, T0 + 60 * DAY);
    expect(sent.map((s) => (s.at - T0) / DAY)).toEqual([14, 15, 16, 17, 17, 18]);
  });

  it('sends reminders to the new assignee after a reassign', () => {
    const state = startCase(miniCase('m8'), 'case-m8', T0).state;
    const first = tick(state, DUE - DAY);
    const reassigned = ok(
      reassignCase(first.state, { assignee: otherCaseworker.id, actor: supervisor }, DUE - HOUR),
    );
    expect(
      effectsOf(reassigned.effects, 'notify').map((e) => [e.request.kind, e.request.case.assignee]),
    ).toEqual([['case_reassigned', otherCaseworker.id]]);
    const { sent } = runClock(reassigned.state, DUE);
    expect(effectsOf(first.effects, 'notify')[0]?.request.case.assignee).toBe(caseworker.id);
    expect(sent.map((s) => [s.kind, s.assignee])).toEqual([['due_today', otherCaseworker.id]]);
  });

  it('skips a before-due reminder that would fall before the step began, and sends one that falls at entry', () => {
    const long = miniCase('m9').definition;
    const steps = long.steps.map((step) =>
      step.id === 'assessment' && step.kind === 'task'
        ? {
            ...step,
            reminders: [{ id: 'early', kind: 'before_due' as const, before: 'P9D', to: 'assignee' as const }],
          }
        : step,
    );
    const state = startCase(miniCase('m9', { definition: { ...long, steps } }), 'case-m9', T0).state;
    const skipped = tick(state, nextWakeAt(state) as number);
    expect(skipped.effects).toEqual([]);
    expect(skipped.state.current?.sent).toEqual({ early: 1 });
    const emergency = startCase(miniCase('m10', { priority: 'emergency' }), 'case-m10', T0).state; // due P1D, before P1D
    expect(effectsOf(tick(emergency, T0).effects, 'notify').map((e) => e.request.kind)).toEqual([
      'reminder_before_due',
    ]);
  });

  it('counts repeats from the first occurrence so calendar months do not drift', () => {
    const rule = { id: 'monthly', kind: 'overdue', every: 'P1M', to: 'assignee' } as const;
    const due = Date.parse('2026-01-31T06:00:00Z');
    expect(
      [1, 2, 3].map((n) =>
        new Date(occurrenceAt(rule, n, due, 'Africa/Nairobi') as number).toISOString().slice(0, 10),
      ),
    ).toEqual(['2026-02-28', '2026-03-31', '2026-04-30']);
  });

  it('counts escalations on a wait step from entering it, once the case counts so; before-due still counts back from the timeout', () => {
    const state = startCase(miniCase('w1', { definition: waitingDefinition }), 'case-w1', T0).state;
    const fromEntry = runClock({ ...state, waitRemindersFromEntry: true }, T0 + 61 * DAY);
    expect(fromEntry.sent.map((s) => [(s.at - T0) / DAY, s.kind])).toEqual([
      [30, 'escalation'],
      [53, 'reminder_before_due'],
    ]);
    // A case that started before the change (no patch marker) keeps counting from the timeout: the escalation never comes.
    const fromTimeout = runClock(state, T0 + 61 * DAY);
    expect(fromTimeout.sent.map((s) => [(s.at - T0) / DAY, s.kind])).toEqual([[53, 'reminder_before_due']]);
  });
});
