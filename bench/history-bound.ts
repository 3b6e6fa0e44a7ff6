// History bound: one case left overdue for three simulated years on the time-skipping server,
// reminded daily and escalated; how many history events each run holds (continue-as-new keeps
// it bounded) and how many in total.
import { temporal } from '@temporalio/proto';
import { caseWorkflow, CONTINUE_AS_NEW_AFTER_EVENTS } from '../workflows/case.workflow';
import { caseWorkflowId } from '../contract/keys';
import {
  caseWorker,
  recordingActivities,
  registerCaseSearchAttributes,
  sentMessages,
} from '../test/support/case-worker';
import { timeSkippingEnvironment } from '../test/support/temporal';
import { stuckDefinition } from '../test/support/case-fixtures';
import { printTable, quietRuntime } from './bundle';

const EventType = temporal.api.enums.v1.EventType;
const DAY = 86_400_000;
const DAYS = 3 * 365;

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<Record<string, string | number>> {
  quietRuntime();
  const env = await timeSkippingEnvironment();
  const recorder = recordingActivities();
  try {
    await registerCaseSearchAttributes(env);
    const worker = await caseWorker(env, 'history-bound', recorder.activities);
    const handle = await worker.runUntil(async () => {
      const started = await env.client.workflow.start(caseWorkflow, {
        taskQueue: 'history-bound',
        workflowId: caseWorkflowId('bench-3y'),
        args: [
          {
            caseId: 'bench-3y',
            reference: 'KE-BENCH-3Y',
            definition: stuckDefinition,
            definitionVersion: 1,
            priority: 'normal',
            assignee: 'caseworker@pathways.test',
            partners: [],
            startedBy: 'bench@pathways.test',
          },
        ],
      });
      for (let day = 0; day < DAYS; day += 100) await env.sleep(Math.min(100, DAYS - day) * DAY);
      await env.sleep(DAY / 2);
      return started;
    });
    const runs: number[] = [];
    let runId: string | undefined = handle.firstExecutionRunId;
    while (runId) {
      const events: temporal.api.history.v1.IHistoryEvent[] =
        (await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory()).events ?? [];
      runs.push(events.length);
      const last: temporal.api.history.v1.IHistoryEvent | undefined = events[events.length - 1];
      runId =
        last?.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
          ? (last.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined)
          : undefined;
    }
    const total = runs.reduce((a, b) => a + b, 0);
    const figures = {
      'simulated days': DAYS,
      reminders: sentMessages(recorder.calls).length,
      runs: runs.length,
      'max events/run': Math.max(...runs),
      threshold: CONTINUE_AS_NEW_AFTER_EVENTS,
      'total events': total,
      'events/day': (total / DAYS).toFixed(1),
    };
    printTable('History bound: 3 simulated years overdue, reminded daily', [figures]);
    console.log(`events per run: ${runs.join(', ')}`);
    return figures;
  } finally {
    await env.teardown();
  }
}
