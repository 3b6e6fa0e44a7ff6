// The sample definitions that ship with the project: all valid, with the country differences
// a program manager would look for.
import { loadDefinitionsDir, SAMPLES_DIR } from '../../../definitions/load';
import type { ResolvedDefinition, Step } from '../../../definitions/schema';

const loaded = loadDefinitionsDir(SAMPLES_DIR);
const byId = new Map(loaded.map(({ definition }) => [definition.id, definition]));
const definition = (id: string): ResolvedDefinition => {
  const found = byId.get(id);
  if (!found) throw new Error(`sample ${id} is missing`);
  return found;
};
const step = (id: string, stepId: string): Step => {
  const found = definition(id).steps.find((candidate) => candidate.id === stepId);
  if (!found) throw new Error(`${id} has no step ${stepId}`);
  return found;
};

describe('sample definitions', () => {
  it('all load, resolve and validate', () => {
    expect([...byId.keys()].sort()).toEqual([
      'family-reunification',
      'family-reunification.de',
      'family-reunification.ke',
      'resettlement',
      'resettlement.ec',
      'resettlement.jo',
      'resettlement.ke',
      'resettlement.tz',
      'resettlement.ug',
    ]);
  });

  it('carry the country facts', () => {
    expect(definition('resettlement.ke')).toMatchObject({
      country: 'KE',
      timeZone: 'Africa/Nairobi',
      language: 'en',
    });
    expect(definition('resettlement.ec')).toMatchObject({
      country: 'EC',
      timeZone: 'America/Guayaquil',
      language: 'es',
    });
    expect(definition('family-reunification.de')).toMatchObject({ country: 'DE', timeZone: 'Europe/Berlin' });
  });

  it('Kenya screens cases for security between approval and submission', () => {
    expect(step('resettlement.ke', 'supervisor_approval')).toMatchObject({
      outcomes: { approved: 'security_screening' },
    });
    expect(step('resettlement.ke', 'security_screening')).toMatchObject({
      owner: 'security_officer',
      outcomes: { cleared: 'submission' },
    });
    expect(step('resettlement', 'supervisor_approval')).toMatchObject({
      outcomes: { approved: 'submission' },
    });
  });

  it('Uganda gives the interview longer and escalates it sooner', () => {
    const interview = step('resettlement.ug', 'interview');
    expect(interview).toMatchObject({ due: { emergency: 'P5D', urgent: 'P21D', normal: 'P45D' } });
    expect(
      interview.kind === 'task' &&
        interview.reminders.find((reminder) => reminder.id === 'escalate_to_supervisor'),
    ).toEqual({ id: 'escalate_to_supervisor', kind: 'escalate', after: 'P2D', to: { role: 'supervisor' } });
  });

  it('Jordan counts the first steps in working days on its Friday–Saturday weekend and holidays', () => {
    expect(definition('resettlement.jo')?.calendar).toMatchObject({
      weekend: ['friday', 'saturday'],
      holidays: expect.arrayContaining([{ date: '2026-05-25', name: 'Independence Day' }]),
    });
    expect(step('resettlement.jo', 'identification')).toMatchObject({
      due: { emergency: '2 working days', urgent: '5 working days', normal: '10 working days' },
      reminders: expect.arrayContaining([
        { id: 'due_soon', kind: 'before_due', before: '1 working day', to: 'assignee' },
      ]),
    });
  });

  it('Tanzania orders travel documents before the orientation and drops the decision follow-up', () => {
    const ids = definition('resettlement.tz').steps.map((candidate) => candidate.id);
    expect(ids.indexOf('travel_documents')).toBeLessThan(ids.indexOf('pre_departure_orientation'));
    expect(ids).not.toContain('decision_follow_up');
  });

  it('Ecuador shows partners Spanish labels and stops at the 6-month follow-up', () => {
    expect(step('resettlement.ec', 'interview').partnerStatus).toBe('Entrevista programada');
    expect(step('resettlement.ec', 'follow_up_6_months')).toMatchObject({
      outcomes: { done: 'closed_resettled' },
    });
  });

  it('family reunification sends a BID rejection back to the BIA', () => {
    expect(step('family-reunification', 'bid_panel')).toMatchObject({
      kind: 'approval',
      owner: 'bid_panel',
      outcomes: { rejected: 'bia' },
    });
    expect(step('family-reunification.ke', 'embassy_decision')).toMatchObject({
      outcomes: { granted: 'exit_clearance' },
    });
  });
});
