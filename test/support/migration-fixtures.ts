// Version 2 of the mini process for the migration tests: the assessment is renamed
// needs_assessment and due sooner (3 days for a normal case instead of 5) with an early
// escalation, the review belongs to the protection officer (the supervisor role is gone), and
// the travel timer is removed (the decision leads straight to arrival).
import { ResolvedDefinition } from '../../definitions/schema';
import type { MigrationPlan, MoveCaseInput } from '../../contract/migration';
import { miniDefinition } from './case-fixtures';

export const miniV2 = ResolvedDefinition.parse({
  ...miniDefinition,
  roles: ['caseworker', 'protection_officer'],
  start: 'needs_assessment',
  steps: miniDefinition.steps
    .filter((step) => step.id !== 'travel')
    .map((step) => {
      switch (step.id) {
        case 'assessment':
          return {
            ...step,
            id: 'needs_assessment',
            due: { emergency: 'P1D', urgent: 'P2D', normal: 'P3D' },
            reminders: [
              ...(step.kind === 'task' ? step.reminders : []).filter((r) => r.id !== 'supervisor'),
              { id: 'early', kind: 'escalate', after: 'P1D', to: { role: 'protection_officer' } },
            ],
          };
        case 'review':
          return {
            ...step,
            owner: 'protection_officer',
            outcomes: { approved: 'decision', returned: 'needs_assessment' },
          };
        case 'decision':
          return {
            ...step,
            outcomes: { accepted: 'arrived', rejected: 'not_resettled', deferred: 'review' },
          };
        default:
          return step;
      }
    }),
});

/** Mini v1 → v2, the assessment mapped to its new name. */
export function miniPlan(overrides: Partial<MigrationPlan> = {}): MigrationPlan {
  return {
    definitionId: miniDefinition.id,
    from: 1,
    to: 2,
    steps: { assessment: 'needs_assessment' },
    dueDates: 'keep',
    ...overrides,
  };
}

/** The update input moving a mini case under a plan. */
export function moveInput(plan: MigrationPlan = miniPlan(), migrationId = 'mig-1'): MoveCaseInput {
  return {
    migrationId,
    plan,
    definition: miniV2,
    actor: { id: 'pm@pathways.test', roles: ['program_manager'] },
  };
}
