// The case machine counts working days on the definition's calendar: due dates, before-due
// reminders and escalations land on the working days of the case's country.
import { nextWakeAt, startCase, tick, type CaseState } from '../../../workflows/machine';
import { caseView } from '../../../workflows/machine/view';
import { miniCase } from '../../support/case-fixtures';
import { workingDaysDefinition } from '../../support/working-days-fixtures';
import { effectsOf } from './helpers';

// Thursday 24 December 2026, 10:00 in Amman and in Nairobi.
const T0 = Date.parse('2026-12-24T07:00:00Z');

function remindersUntil(start: CaseState, until: number): string[] {
  const sent: string[] = [];
  let state = start;
  for (let wake = nextWakeAt(state); wake !== null && wake <= until; wake = nextWakeAt(state)) {
    const result = tick(state, wake);
    state = result.state;
    for (const e of effectsOf(result.effects, 'notify'))
      sent.push(`${new Date(wake).toISOString()} ${e.request.kind}`);
  }
  return sent;
}

describe('working days in the case machine', () => {
  it('Kenya (Sat+Sun off, Christmas on Friday): due Wednesday 30 at 10:00, reminded Tuesday, escalated Friday 1 January', () => {
    const state = startCase(
      miniCase('wd-ke', { definition: workingDaysDefinition('KE') }),
      'case-wd-ke',
      T0,
    ).state;
    expect(caseView(state, T0).dueAt).toBe('2026-12-30T07:00:00.000Z');
    expect(remindersUntil(state, T0 + 30 * 86_400_000)).toEqual([
      '2026-12-29T07:00:00.000Z reminder_before_due',
      '2026-12-30T07:00:00.000Z due_today',
      '2027-01-01T07:00:00.000Z escalation',
    ]);
  });

  it('Jordan (Fri+Sat off, entered on a holiday): counts from Sunday 27, due Wednesday 30 at 00:00, escalated Sunday 3 January', () => {
    const state = startCase(
      miniCase('wd-jo', { definition: workingDaysDefinition('JO') }),
      'case-wd-jo',
      T0,
    ).state;
    expect(caseView(state, T0).dueAt).toBe('2026-12-29T21:00:00.000Z');
    expect(remindersUntil(state, T0 + 30 * 86_400_000)).toEqual([
      '2026-12-28T21:00:00.000Z reminder_before_due',
      '2026-12-29T21:00:00.000Z due_today',
      '2027-01-02T21:00:00.000Z escalation',
    ]);
  });
});
