// Comparing two versions' timelines, and the text people read: the table, the gantt chart and
// the comparison, over the Kenyan sample and its faster-screening draft.
import { checkDefinitionFiles } from '../../../definitions/load';
import type { ResolvedDefinition } from '../../../definitions/schema';
import { compareTimelines } from '../../../simulation/compare';
import { comparisonTable, timelineGantt, timelineTable } from '../../../simulation/format';
import { parseLocal } from '../../../simulation/local-time';
import { defaultPartners, type SimulationRequest } from '../../../simulation/plan';
import { simulate } from '../../../simulation/timeline';

const [kenya, draft] = checkDefinitionFiles([
  'definitions/samples/resettlement.ke.yaml',
  'definitions/examples/resettlement.ke.faster-screening.yaml',
]).loaded.map((l) => l.definition) as [ResolvedDefinition, ResolvedDefinition];

const request = (overrides: Partial<SimulationRequest> = {}): SimulationRequest => ({
  priority: 'emergency',
  path: [
    { step: 'state_decision', outcome: 'accepted' },
    { step: 'travel_documents', outcome: 'issued' },
  ],
  overdue: { security_screening: 'P4D' },
  partners: defaultPartners(),
  start: parseLocal('2027-01-04', 'Africa/Nairobi') as number,
  ...overrides,
});

describe('comparing two versions', () => {
  it('finds the days a step loses and the reminders a draft adds', () => {
    const comparison = compareTimelines(simulate(kenya, request(), 3), simulate(draft, request()));
    const changed = comparison.steps.filter((s) => s.change !== 'same');
    expect(changed).toEqual([
      {
        step: 'security_screening',
        title: 'Security screening',
        allowed: { before: 5, after: 3 },
        spent: { before: 9, after: 7 },
        change: 'shorter',
      },
    ]);
    expect(comparison.remindersAdded).toEqual([
      {
        step: 'security_screening',
        rule: 'overdue_daily',
        kind: 'overdue',
        role: 'security_officer',
        count: { before: 0, after: 3 },
      },
    ]);
    expect(comparison.remindersRemoved).toEqual([]);
    expect(comparison.length).toEqual({ before: 374, after: 372 });
    expect(comparisonTable(comparison).split('\n')[0]).toBe(
      'resettlement.ke v3 → resettlement.ke (draft) · emergency',
    );
  });

  it('names steps only one version visits, and reminders that go away', () => {
    const withoutScreening = { ...kenya, steps: kenya.steps.filter((s) => s.id !== 'security_screening') };
    const approval = withoutScreening.steps.find((s) => s.id === 'supervisor_approval');
    if (approval?.kind !== 'approval') throw new Error('no approval');
    withoutScreening.steps = withoutScreening.steps.map((s) =>
      s === approval ? { ...approval, outcomes: { ...approval.outcomes, approved: 'submission' } } : s,
    );
    const comparison = compareTimelines(
      simulate(kenya, request()),
      simulate(withoutScreening, request({ overdue: {} })),
    );
    expect(comparison.steps.find((s) => s.step === 'security_screening')).toMatchObject({
      change: 'removed',
      allowed: { before: 5, after: null },
    });
    // Late by 4 days of 5: reminded before the due date; the weekly chase and the escalation never came.
    expect(comparison.remindersRemoved.map((r) => [r.step, r.rule, r.count])).toEqual([
      ['security_screening', 'due_soon', { before: 1, after: 0 }],
    ]);
  });
});

describe('the text of a timeline', () => {
  const timeline = simulate(
    draft,
    request({ path: [...request().path, { step: 'decision_follow_up', outcome: 'followed_up' }] }),
  );

  it('lists every moment in the order the case lives it, and what the path did not use', () => {
    const lines = timelineTable(timeline).split('\n');
    const screening = lines.filter((l) => l.includes('security_screening'));
    expect(screening).toEqual([
      '    0  2027-01-04 09:00  enter  security_screening (security_officer), due 2027-01-07 09:00',
      '    0  2027-01-04 09:00  notify task_assigned → security_officer [en] (security_screening)',
      '    0  2027-01-04 09:00  notify case_on_hold → partner:referring [en] (security_screening)',
      '    1  2027-01-05 09:00  remind reminder_before_due due_soon → security_officer [en] (security_screening)',
      '    4  2027-01-08 09:00  remind overdue overdue_daily → security_officer [en] (security_screening)',
      '    5  2027-01-09 09:00  remind overdue overdue_daily #2 → security_officer [en] (security_screening)',
      '    6  2027-01-10 09:00  remind overdue overdue_daily #3 → security_officer [en] (security_screening)',
      '    7  2027-01-11 09:00  notify case_resumed → partner:referring [en] (security_screening)',
      '    7  2027-01-11 09:00  leave  security_screening → cleared by security_officer — late',
    ]);
    expect(lines).toContain(
      'note: path[2] (decision_follow_up:followed_up) is not used: the case never reaches it',
    );
  });

  it('counts days in the country’s calendar, across a change to summer time', () => {
    const [germany] = checkDefinitionFiles(['definitions/samples/family-reunification.de.yaml']).loaded.map(
      (l) => l.definition,
    );
    if (!germany) throw new Error('no family-reunification.de');
    const path = [
      'document_collection:complete',
      'embassy_appointment:booked',
      'immigration_authority_approval:pre_approved',
      'embassy_decision:granted',
    ].map((c) => {
      const [step = '', outcome = ''] = c.split(':');
      return { step, outcome };
    });
    const berlin = simulate(
      germany,
      request({
        priority: 'urgent',
        path,
        overdue: {},
        start: parseLocal('2027-03-15', 'Europe/Berlin') as number,
      }),
    );
    expect(timelineTable(berlin).split('\n')).toContain(
      '    0  2027-03-15 09:00  enter  eligibility_check (caseworker), due 2027-03-29 09:00',
    );
    const late = simulate(
      germany,
      request({
        priority: 'urgent',
        path,
        overdue: { eligibility_check: '1d' },
        start: parseLocal('2027-03-15', 'Europe/Berlin') as number,
      }),
    );
    expect(timelineTable(late).split('\n')).toContain(
      '   14  2027-03-29 09:00  remind due_today due_today → caseworker [en] (eligibility_check)',
    );
  });

  it('draws a gantt bar per visit (late ones critical) and a milestone per reminder', () => {
    const gantt = timelineGantt(timeline).split('\n');
    expect(gantt.slice(0, 5)).toEqual([
      'gantt',
      '  title resettlement.ke (draft) · emergency · Africa/Nairobi · messages in en',
      '  dateFormat YYYY-MM-DDTHH:mm',
      '  axisFormat %Y-%m-%d',
      '  section Steps',
    ]);
    expect(gantt).toContain('  Security screening : crit, v7, 2027-01-04T09:00, 2027-01-11T09:00');
    expect(gantt).toContain('  Resettled : milestone, v20, 2028-01-11T09:00, 0d');
    expect(gantt).toContain(
      '  security_screening overdue to security_officer : milestone, r4, 2027-01-10T09:00, 0d',
    );
  });
});
