// History bound: three simulated years on the time-skipping server. One case left overdue,
// reminded daily and escalated; and a family group of two cases living as long: one member
// waits at the joint step from the first day, held up by the other, which stays overdue on its
// first step, reminded daily. How many history events each run of each workflow holds
// (continue-as-new keeps them bounded) and how many in total.
import { caseWorkflowV2, CONTINUE_AS_NEW_AFTER_EVENTS } from '../workflows/case.workflow';
import { FAMILY_CONTINUE_AS_NEW_AFTER } from '../workflows/family.workflow';
import { caseWorkflowId } from '../contract/keys';
import type { ResolvedDefinition } from '../definitions/schema';
import {
  caseWorker,
  recordingActivities,
  registerCaseSearchAttributes,
  sentMessages,
} from '../test/support/case-worker';
import { familyMoves, jointDefinition } from '../test/support/family-cases';
import { eventsPerRun } from '../test/support/histories';
import { timeSkippingEnvironment } from '../test/support/temporal';
import { stuckDefinition } from '../test/support/case-fixtures';
import { printTable, quietRuntime } from './bundle';

const DAY = 86_400_000;
const DAYS = 3 * 365;
const TASK_QUEUE = 'history-bound';

/** The joint definition with the stuck case's first step: due in a day, reminded daily, escalated. */
function overdueFamilyDefinition(): ResolvedDefinition {
  const joint = jointDefinition('family-3y');
  const stuck = stuckDefinition.steps[0]!;
  return {
    ...joint,
    steps: joint.steps.map((s) =>
      s.id === 'prepare' && s.kind === 'task' && stuck.kind === 'task'
        ? { ...s, due: stuck.due, reminders: stuck.reminders }
        : s,
    ),
  };
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<Record<string, string | number>> {
  quietRuntime();
  const env = await timeSkippingEnvironment();
  const recorder = recordingActivities();
  const moves = familyMoves(() => env, TASK_QUEUE);
  try {
    await registerCaseSearchAttributes(env);
    const worker = await caseWorker(env, TASK_QUEUE, recorder.activities);
    const workflows = await worker.runUntil(async () => {
      const single = await env.client.workflow.start(caseWorkflowV2, {
        taskQueue: TASK_QUEUE,
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
      const definition = overdueFamilyDefinition();
      const waiting = await moves.startCase('bench-fam-waits', definition);
      const overdue = await moves.startCase('bench-fam-overdue', definition);
      const group = await moves.startFamily('FAM-BENCH3Y');
      await moves.join('bench-fam-waits', 'FAM-BENCH3Y');
      await moves.join('bench-fam-overdue', 'FAM-BENCH3Y');
      await moves.complete('bench-fam-waits', 'prepare', 'done');
      const firstRun = async (h: { describe(): Promise<{ runId: string }> }) => (await h.describe()).runId;
      const started = [
        { name: 'case overdue, reminded daily', caseId: 'bench-3y', handle: single },
        { name: 'family group (2 members)', caseId: null, handle: group },
        { name: 'member waiting at the joint step', caseId: 'bench-fam-waits', handle: waiting },
        { name: 'member overdue, reminded daily', caseId: 'bench-fam-overdue', handle: overdue },
      ];
      const withRuns = await Promise.all(
        started.map(async (w) => ({
          ...w,
          workflowId: w.handle.workflowId,
          firstRunId: await firstRun(w.handle),
        })),
      );
      for (let day = 0; day < DAYS; day += 100) await env.sleep(Math.min(100, DAYS - day) * DAY);
      await env.sleep(DAY / 2);
      return withRuns;
    });
    const messages = sentMessages(recorder.calls);
    const rows: Record<string, string | number>[] = [];
    for (const w of workflows) {
      const runs = await eventsPerRun(env.client, w.workflowId, w.firstRunId);
      const total = runs.reduce((a, b) => a + b, 0);
      rows.push({
        workflow: w.name,
        'simulated days': DAYS,
        messages: w.caseId ? messages.filter((m) => m.key.startsWith(`${w.caseId}:`)).length : '–',
        runs: runs.length,
        'max events/run': Math.max(...runs),
        threshold: w.caseId ? CONTINUE_AS_NEW_AFTER_EVENTS : FAMILY_CONTINUE_AS_NEW_AFTER,
        'total events': total,
        'events/day': (total / DAYS).toFixed(1),
      });
      console.log(`${w.name}: events per run ${runs.join(', ')}`);
    }
    printTable('History bound: 3 simulated years', rows);
    const [single, family] = rows;
    return {
      'case runs': single!.runs!,
      'case max events/run': single!['max events/run']!,
      'family runs': family!.runs!,
      'family max events/run': family!['max events/run']!,
    };
  } finally {
    await env.teardown();
  }
}
