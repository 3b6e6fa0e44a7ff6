// The monthly outcome counts (UNHCR RSR shape) count the milestones steps mark in their
// definition. The samples mark them: a sample that lost its milestone would silently count zero.
import { monthlyOutcomes, type VisitCount } from '../../api/monitoring/outcomes';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../definitions/load';

const definitions = new Map(loadDefinitionsDir(SAMPLES_DIR).map((l) => [l.definition.id, l.definition]));
const count = (definitionId: string, step: string, outcome: string, month = '2025-03'): VisitCount => ({
  month,
  program: definitions.get(definitionId)!.program,
  country: 'XA',
  definitionId,
  definitionVersion: 1,
  step,
  outcome,
  visits: 1,
});
const outcomesOf = (counts: VisitCount[]) => monthlyOutcomes(counts, (id) => definitions.get(id));

describe('RSR milestones of the samples', () => {
  it.each([...definitions.keys()])('%s marks a submission, a decision and a departure or arrival', (id) => {
    const marked = new Set(
      definitions
        .get(id)!
        .steps.map((s) => s.milestone)
        .filter(Boolean),
    );
    expect(
      marked.has('submission') &&
        marked.has('decision') &&
        (marked.has('departure') || marked.has('arrival')),
    ).toBe(true);
  });

  it.each(['resettlement', 'resettlement.ke', 'resettlement.tz'])(
    '%s: submissions, decisions by outcome and departures, nothing else',
    (id) => {
      const months = outcomesOf([
        count(id, 'submission', 'submitted'),
        count(id, 'state_decision', 'accepted'),
        count(id, 'state_decision', 'deferred'),
        count(id, 'state_decision', 'no_decision'),
        count(id, 'departure', 'departed'),
        count(id, 'departure', 'postponed'),
        count(id, 'interview', 'completed'),
      ]);
      expect(months).toEqual([
        {
          month: '2025-03',
          program: 'resettlement',
          country: 'XA',
          submissions: 1,
          decisions: { accepted: 1, rejected: 0, deferred: 1 },
          departures: 1,
        },
      ]);
    },
  );

  it('family reunification: the visa application is the submission, the reunion counts as the departure', () => {
    const months = outcomesOf([
      count('family-reunification', 'visa_application', 'lodged'),
      count('family-reunification', 'reunited', 'arrived', '2025-04'),
    ]);
    expect(months.map((m) => [m.month, m.submissions, m.departures])).toEqual([
      ['2025-03', 1, 0],
      ['2025-04', 0, 1],
    ]);
  });

  it('a step of an unknown definition counts nothing', () => {
    expect(
      outcomesOf(
        [count('resettlement', 'submission', 'submitted')].map((c) => ({ ...c, definitionId: 'gone' })),
      ),
    ).toEqual([]);
  });
});
