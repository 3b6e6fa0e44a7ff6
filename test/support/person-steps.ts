// A small definition with a step for each child (a best-interest determination per child), for
// the machine, workflow and API tests of per-person steps.
import { ResolvedDefinition } from '../../definitions/schema';
import type { StartCaseInput } from '../../contract/messages';
import { caseworker } from './case-fixtures';

/** registration → a BID for each child (`forEach: child`) → submitted, or closed when not in a child's interest. */
export function bidDefinition(country = 'KE'): ResolvedDefinition {
  return ResolvedDefinition.parse({
    id: `bid-mini.${country.toLowerCase()}`,
    program: 'resettlement',
    title: `Best-interest determination per child (${country})`,
    country,
    timeZone: 'Africa/Nairobi',
    language: 'en',
    roles: ['caseworker', 'supervisor'],
    start: 'registration',
    steps: [
      {
        id: 'registration',
        kind: 'task',
        title: 'Registration of the household',
        owner: 'caseworker',
        outcomes: { registered: 'bid' },
      },
      {
        id: 'bid',
        kind: 'task',
        title: 'Best-interest determination',
        owner: 'caseworker',
        forEach: 'child',
        due: 'P14D',
        reminders: [{ id: 'late', kind: 'overdue', every: 'P1D', limit: 1 }],
        fields: [{ name: 'panelDate', type: 'date' }],
        outcomes: { in_interest: 'submitted', not_in_interest: 'not_submitted' },
      },
      { id: 'submitted', kind: 'end', title: 'Submitted', reason: 'resettled' },
      { id: 'not_submitted', kind: 'end', title: 'Not submitted', reason: 'rejected' },
    ],
  });
}

/** Two children and a spouse, as the API tells a case (ids and relationships). */
export const household = [
  { id: 'P-CH1LD00001', relationship: 'child' as const },
  { id: 'P-SP0USE0001', relationship: 'spouse' as const },
  { id: 'P-CH1LD00002', relationship: 'child' as const },
];

/** A start of the BID case `caseId` (Kenya, normal priority, the caseworker assigned). */
export function bidCaseInput(caseId: string, extra: Partial<StartCaseInput> = {}): StartCaseInput {
  return {
    caseId,
    reference: `KE-${caseId}`,
    definition: bidDefinition(),
    definitionVersion: 1,
    priority: 'normal',
    assignee: caseworker.id,
    partners: [],
    startedBy: 'lead@pathways.test',
    ...extra,
  };
}
