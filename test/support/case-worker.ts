// Workflow-tier harness: a case worker on the time-skipping server whose activities are test
// doubles recording every call with the simulated time it was scheduled at.
import { timeSkippingEnvironment } from './temporal';
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { NotificationRequest, PartnerUpdate } from '../../contract/activities';
import type { ProjectionBatch } from '../../activities/projection';
import { createCaseWorker, runCaseWorker } from '../../workers/create-worker';
import { createActivities, type ActivityDeps } from '../../activities';
import type { DataConverter } from '@temporalio/common';
import { CASE_SEARCH_ATTRIBUTES } from '../../contract/search-attributes';
import { workflowBundle } from './temporal';

/** One recorded activity call, at the simulated time it was scheduled. */
export type RecordedCall =
  | { activity: 'deliverNotification'; at: number; request: NotificationRequest }
  | { activity: 'publishPartnerUpdate'; at: number; update: PartnerUpdate }
  | { activity: 'applyProjection'; at: number; batch: ProjectionBatch };

/** Test doubles of the case activities; `calls` fills as the workflow runs. */
export function recordingActivities() {
  const calls: RecordedCall[] = [];
  // A local activity's schedule time is the worker's clock, not the workflow's (skipped) time:
  // its calls are stamped with the time the workflow gave the write instead.
  const at = (workflowTime?: string) => {
    const info = Context.current().info;
    return info.isLocal && workflowTime ? Date.parse(workflowTime) : info.scheduledTimestampMs;
  };
  const activities = {
    async deliverNotification(request: NotificationRequest) {
      calls.push({ activity: 'deliverNotification', at: at(), request });
      return { sent: 1, alreadySent: 0, failed: 0 };
    },
    async publishPartnerUpdate(update: PartnerUpdate) {
      calls.push({ activity: 'publishPartnerUpdate', at: at(update.occurredAt), update });
      return { queued: 1 };
    },
    async applyProjection(batch: ProjectionBatch) {
      calls.push({
        activity: 'applyProjection',
        at: at(batch.events.at(-1)?.occurredAt ?? batch.owedAt),
        batch,
      });
      // The messages the batch owes, as the calls that send them (the relay's work, at the time they were owed).
      const owedAt = batch.owedAt ? Date.parse(batch.owedAt) : at();
      for (const owed of batch.owed ?? [])
        calls.push(
          owed.kind === 'email'
            ? { activity: 'deliverNotification', at: owedAt, request: owed.request }
            : { activity: 'publishPartnerUpdate', at: owedAt, update: owed.update },
        );
      return { eventsInserted: batch.events.length, eventsAlreadyRecorded: 0 };
    },
  };
  return { activities, calls };
}

/** The messages sent so far, as `kind businessKey` (in call order). */
export function sentMessages(
  calls: RecordedCall[],
): { at: number; kind: string; key: string; to: unknown; assignee: string }[] {
  return calls.flatMap((c) =>
    c.activity === 'deliverNotification'
      ? [
          {
            at: c.at,
            kind: c.request.kind,
            key: c.request.businessKey,
            to: c.request.to,
            assignee: c.request.case.assignee,
          },
        ]
      : [],
  );
}

const EventType = temporal.api.enums.v1.EventType;

// temporal.api.enums.v1.IndexedValueType: the test server has no --search-attribute flag.
const INDEXED_VALUE_TYPE = { Keyword: 2, Datetime: 6 } as const;

/** Registers the case search attributes on a time-skipping server (once per environment). */
export async function registerCaseSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const searchAttributes = Object.fromEntries(
    Object.entries(CASE_SEARCH_ATTRIBUTES).map(([name, type]) => [name, INDEXED_VALUE_TYPE[type]]),
  );
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes,
  });
}

/** A case worker on the environment with the given activities and the shared bundle (run it with runCaseWorker for a relay). */
export async function caseWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  activities: object,
  dataConverter?: DataConverter,
): Promise<Worker> {
  return createCaseWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities,
    workflowBundle: await workflowBundle(),
    ...(dataConverter ? { dataConverter } : {}),
  });
}

/**
 * A case worker polling `taskQueue` with the activities built from `deps` (or those given) and
 * the relay that delivers what `deps` owe, until `stop()`.
 */
export async function runningCaseWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  deps: ActivityDeps | undefined,
  options: { activities?: object; dataConverter?: DataConverter } = {},
): Promise<{ stop(): Promise<void> }> {
  const activities = options.activities ?? createActivities(deps!);
  const worker = await caseWorker(env, taskQueue, activities, options.dataConverter);
  const running = runCaseWorker(worker, deps, { pollMs: 200 });
  return {
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

/**
 * Registers hooks that run a case worker on a fresh time-skipping server for the suite (one
 * server per file: skipped time is global to it); read `.env` inside tests.
 */
export function caseWorkerSuite(
  taskQueue: string,
  activities: () => object,
  /** The real dependencies the activities were built from: a relay delivers their owed messages. */
  deliveries?: () => ActivityDeps,
): { readonly env: TestWorkflowEnvironment } {
  let env: TestWorkflowEnvironment | undefined;
  let worker: { stop(): Promise<void> } | undefined;
  beforeAll(async () => {
    env = await timeSkippingEnvironment();
    await registerCaseSearchAttributes(env);
    worker = await runningCaseWorker(env, taskQueue, deliveries?.(), { activities: activities() });
  });
  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
  });
  return {
    get env() {
      if (!env) throw new Error('the case worker suite has not started');
      return env;
    },
  };
}

/** Waits until the workflow has no activity in flight and its last workflow task completed. */
export async function settled(handle: WorkflowHandle): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const description = await handle.describe();
    const events = (await handle.fetchHistory()).events ?? [];
    const last = events[events.length - 1]?.eventType;
    const quietTypes = [
      EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      EventType.EVENT_TYPE_TIMER_STARTED,
      // A run's one timer moved earlier (caseWorkflowV2): the new one starts before the old is cancelled.
      EventType.EVENT_TYPE_TIMER_CANCELED,
      EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
      // A local activity's result, recorded with the workflow task that ran it.
      EventType.EVENT_TYPE_MARKER_RECORDED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
    ];
    if (
      (description.raw.pendingActivities ?? []).length === 0 &&
      last !== undefined &&
      last !== null &&
      quietTypes.includes(last)
    )
      return events.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const events = (await handle.fetchHistory()).events ?? [];
  const tail = events
    .slice(-6)
    .map((e) => EventType[e.eventType ?? 0])
    .join(', ');
  throw new Error(`Workflow ${handle.workflowId} did not settle; last events: ${tail}`);
}

/** The message timeline relative to `start`, in whole minutes, sorted: `[minute, kind, key]`. */
export function timeline(calls: RecordedCall[], start: number, caseId?: string): [number, string, string][] {
  return sentMessages(calls)
    .filter((m) => caseId === undefined || m.key.startsWith(`${caseId}:`))
    .map((m): [number, string, string] => [Math.round((m.at - start) / 60_000), m.kind, m.key])
    .sort((a, b) => a[0] - b[0] || a[2].localeCompare(b[2]));
}
