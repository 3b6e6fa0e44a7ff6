// Workflow-tier helpers for family groups: cases on a small definition with a joint step, a
// group workflow, and the moves the API makes (join = case update, then the group takes the report).
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { validateDefinition } from '../../definitions/validate';
import type { ResolvedDefinition } from '../../definitions/schema';
import { caseWorkflowV2 } from '../../workflows/case.workflow';
import { familyWorkflow } from '../../workflows/family.workflow';
import { caseWorkflowId } from '../../contract/keys';
import { caseStateQuery, closeUpdate, completeStepUpdate, type Actor } from '../../contract/messages';
import {
  familyStateQuery,
  familyWorkflowId,
  joinFamilyUpdate,
  reportMemberUpdate,
  type FamilyView,
} from '../../contract/family';
import type { CaseView } from '../../contract/case-view';
import { settled } from './case-worker';

export const caseworker: Actor = { id: 'amina@pathways.test', roles: ['caseworker', 'supervisor'] };

/** Prepare, then a joint departure (due in 7 days, paused while waiting unless said), then done. */
export function jointDefinition(id = 'family-test', pauseWhileWaiting?: boolean): ResolvedDefinition {
  const result = validateDefinition({
    id,
    program: 'family-reunification',
    title: 'Family test',
    roles: ['caseworker', 'supervisor'],
    start: 'prepare',
    steps: [
      {
        id: 'prepare',
        kind: 'task',
        title: 'Prepare',
        owner: 'caseworker',
        due: 'P30D',
        outcomes: { done: 'departure' },
      },
      {
        id: 'departure',
        kind: 'task',
        title: 'Departure',
        owner: 'caseworker',
        due: 'P7D',
        together: 'departure',
        partnerStatus: 'Preparing departure',
        ...(pauseWhileWaiting === undefined ? {} : { pauseWhileWaiting }),
        outcomes: { departed: 'arrived' },
      },
      { id: 'arrived', kind: 'end', title: 'Arrived', reason: 'reunited' },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.definition;
}

/** The moves of a family test against one time-skipping environment and task queue. */
export function familyMoves(env: () => TestWorkflowEnvironment, taskQueue: string) {
  const client = () => env().client;
  const caseHandle = (caseId: string) => client().workflow.getHandle(caseWorkflowId(caseId));
  const familyHandle = (groupId: string) => client().workflow.getHandle(familyWorkflowId(groupId));
  return {
    caseHandle,
    familyHandle,
    async startCase(
      caseId: string,
      definition = jointDefinition(),
      partners: { partnerId: string; role: 'referring' }[] = [],
    ): Promise<WorkflowHandle> {
      const handle = await client().workflow.start(caseWorkflowV2, {
        taskQueue,
        workflowId: caseWorkflowId(caseId),
        args: [
          {
            caseId,
            reference: `REF-${caseId}`,
            definition,
            definitionVersion: 1,
            priority: 'normal',
            assignee: caseworker.id,
            partners,
            startedBy: caseworker.id,
          },
        ],
      });
      await settled(handle);
      return handle;
    },
    startFamily(groupId: string, continueAsNewAfter?: number) {
      return client().workflow.start(familyWorkflow, {
        taskQueue,
        workflowId: familyWorkflowId(groupId),
        args: [{ groupId, reference: `ref ${groupId}`, createdBy: caseworker.id, continueAsNewAfter }],
      });
    },
    /** As the API adds a case: the case joins (its own rule), then the group takes its report. */
    async join(caseId: string, groupId: string): Promise<FamilyView> {
      const report = await caseHandle(caseId).executeUpdate(joinFamilyUpdate, {
        args: [{ groupId, actor: caseworker }],
      });
      return familyHandle(groupId).executeUpdate(reportMemberUpdate, { args: [report] });
    },
    async complete(caseId: string, step: string, outcome: string): Promise<CaseView> {
      return caseHandle(caseId).executeUpdate(completeStepUpdate, {
        args: [{ step, outcome, data: {}, actor: caseworker }],
      });
    },
    async close(caseId: string): Promise<CaseView> {
      return caseHandle(caseId).executeUpdate(closeUpdate, {
        args: [{ reason: 'withdrawn', actor: caseworker }],
      });
    },
    caseView: (caseId: string) => caseHandle(caseId).query(caseStateQuery),
    family: (groupId: string) => familyHandle(groupId).query(familyStateQuery),
    /** Polls until `check` holds (the group and its members exchange signals). */
    async until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
      let last: T | undefined;
      for (let attempt = 0; attempt < 150; attempt += 1) {
        last = await read();
        if (check(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${what} did not happen; last: ${JSON.stringify(last)}`);
    },
  };
}
