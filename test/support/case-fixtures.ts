// Small inline definitions and inputs for case machine and workflow tests (the sample
// definitions are tested separately once they exist).
import { ResolvedDefinition } from '../../definitions/schema';
import type { Actor, StartCaseInput } from '../../contract/messages';
import type { CaseSnapshot } from '../../contract/projection';

/** A compact resettlement-like process in Nairobi time: task → approval → wait → timer → end. */
export const miniDefinition = ResolvedDefinition.parse({
  id: 'mini.ke',
  program: 'resettlement',
  title: 'Mini resettlement (Kenya)',
  country: 'KE',
  timeZone: 'Africa/Nairobi',
  language: 'en',
  roles: ['caseworker', 'supervisor', 'protection_officer'],
  start: 'assessment',
  steps: [
    {
      id: 'assessment',
      kind: 'task',
      title: 'Needs assessment',
      owner: 'caseworker',
      partnerStatus: 'Assessment',
      due: { emergency: 'P1D', urgent: 'P3D', normal: 'P5D' },
      fields: [
        {
          name: 'category',
          type: 'enum',
          required: true,
          values: ['legal_physical_protection', 'medical_needs'],
        },
        { name: 'interviewDate', type: 'date' },
        { name: 'dependants', type: 'number' },
      ],
      reminders: [
        { id: 'soon', kind: 'before_due', before: 'P1D' },
        { id: 'today', kind: 'at_due' },
        { id: 'daily', kind: 'overdue', every: 'P1D', limit: 3 },
        { id: 'supervisor', kind: 'escalate', after: 'P2D', to: { role: 'supervisor' } },
      ],
      notify: [{ on: 'enter', to: 'assignee', template: 'task_assigned' }],
    },
    {
      id: 'review',
      kind: 'approval',
      title: 'Supervisor review',
      owner: 'supervisor',
      due: 'P2D',
      outcomes: { approved: 'decision', returned: 'assessment' },
      notify: [{ on: 'outcome', outcome: 'returned', to: 'assignee', template: 'step_completed' }],
    },
    {
      id: 'decision',
      kind: 'wait',
      title: 'State decision',
      event: 'state_decision',
      partnerStatus: 'Awaiting decision',
      outcomes: { accepted: 'travel', rejected: 'not_resettled', deferred: 'review' },
      timeout: { after: 'P30D', outcome: 'deferred' },
    },
    {
      id: 'travel',
      kind: 'timer',
      title: 'Travel window',
      duration: 'P7D',
      outcomes: { elapsed: 'arrived' },
    },
    { id: 'arrived', kind: 'end', title: 'Arrived', reason: 'resettled', partnerStatus: 'Arrived' },
    { id: 'not_resettled', kind: 'end', title: 'Not resettled', reason: 'rejected' },
  ].map((s) => (s.id === 'assessment' ? { ...s, outcomes: { assessed: 'review' } } : s)),
});

/** Start input for a case of the mini definition (normal priority unless given). */
export function miniCase(caseId: string, overrides: Partial<StartCaseInput> = {}): StartCaseInput {
  return {
    caseId,
    reference: `KE-${caseId}`,
    definition: miniDefinition,
    definitionVersion: 1,
    priority: 'normal',
    assignee: 'amina@pathways.test',
    partners: [{ partnerId: 'unhcr-ke', role: 'referring' }],
    startedBy: 'lead@pathways.test',
    ...overrides,
  };
}

/** The case row a mini case's projection writes on entering its first step (open, revision 1). */
export function miniSnapshot(caseId: string, overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    id: caseId,
    reference: `REF-${caseId}`,
    workflowId: `case-${caseId}`,
    program: 'resettlement',
    country: 'KE',
    definitionId: 'mini.ke',
    definitionVersion: 1,
    priority: 'normal',
    status: 'open',
    currentStep: 'assessment',
    currentVisit: 1,
    assignee: 'amina@pathways.test',
    dueAt: null,
    holdReason: null,
    closureReason: null,
    closedAt: null,
    revision: 1,
    ...overrides,
  };
}

export const caseworker: Actor = { id: 'amina@pathways.test', roles: ['caseworker'] };
export const otherCaseworker: Actor = { id: 'juma@pathways.test', roles: ['caseworker'] };
export const supervisor: Actor = { id: 'grace@pathways.test', roles: ['supervisor'] };
/** Holds both roles: may do a step and review it, which four-eyes forbids. */
export const doubleHatted: Actor = { id: 'otieno@pathways.test', roles: ['caseworker', 'supervisor'] };

/** Milliseconds of whole days and hours. */
export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** One task nobody finishes, reminded daily while overdue: the long-life test and the history benchmark. */
export const stuckDefinition = ResolvedDefinition.parse({
  id: 'stuck.ke',
  program: 'resettlement',
  title: 'One long step',
  country: 'KE',
  timeZone: 'Africa/Nairobi',
  roles: ['caseworker', 'supervisor'],
  start: 'paperwork',
  steps: [
    {
      id: 'paperwork',
      kind: 'task',
      title: 'Paperwork',
      owner: 'caseworker',
      due: 'P1D',
      outcomes: { done: 'closed' },
      reminders: [
        { id: 'today', kind: 'at_due' },
        { id: 'daily', kind: 'overdue', every: 'P1D' },
        { id: 'supervisor', kind: 'escalate', after: 'P30D', to: { role: 'supervisor' } },
      ],
    },
    { id: 'closed', kind: 'end', title: 'Closed', reason: 'done' },
  ],
});

/** A 60-day wait for a State's decision with reminders: chased before the timeout, escalated after 30 days. */
export const waitingDefinition = ResolvedDefinition.parse({
  id: 'waiting.ke',
  program: 'resettlement',
  title: 'A long wait',
  country: 'KE',
  timeZone: 'Africa/Nairobi',
  roles: ['caseworker', 'supervisor'],
  start: 'decision',
  steps: [
    {
      id: 'decision',
      kind: 'wait',
      title: 'State decision',
      owner: 'caseworker',
      event: 'state_decision',
      timeout: { after: 'P60D', outcome: 'no_decision' },
      outcomes: { accepted: 'closed', no_decision: 'closed' },
      reminders: [
        { id: 'escalate_to_supervisor', kind: 'escalate', after: 'P30D', to: { role: 'supervisor' } },
        { id: 'due_soon', kind: 'before_due', before: 'P7D' },
      ],
    },
    { id: 'closed', kind: 'end', title: 'Closed', reason: 'resettled' },
  ],
});

/**
 * Tasks in a row owned by caseworkers in XA, each completed with `done` and shown to partners as
 * "Status n"; `notify` tells the assignee on entering each, `endStatus` shows the end to partners.
 */
export function taskChainDefinition(
  id: string,
  steps: string[],
  options: { notify?: boolean; endStatus?: string } = {},
): ResolvedDefinition {
  return ResolvedDefinition.parse({
    id,
    program: 'resettlement',
    title: `Tasks in a row (${id})`,
    country: 'XA',
    timeZone: 'Africa/Nairobi',
    language: 'en',
    roles: ['caseworker'],
    start: steps[0],
    steps: [
      ...steps.map((step, i) => ({
        id: step,
        kind: 'task',
        title: `Step ${step}`,
        owner: 'caseworker',
        due: 'P5D',
        partnerStatus: `Status ${i + 1}`,
        ...(options.notify ? { notify: [{ on: 'enter', to: 'assignee', template: 'task_assigned' }] } : {}),
        outcomes: { done: steps[i + 1] ?? 'closed' },
      })),
      {
        id: 'closed',
        kind: 'end',
        title: 'Closed',
        reason: 'done',
        ...(options.endStatus ? { partnerStatus: options.endStatus } : {}),
      },
    ],
  });
}
