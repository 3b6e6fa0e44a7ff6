// Workflow histories as JSON files. The SDK's own historyToJSON/historyFromJSON fail in this
// install (three copies of protobufjs 8 disagree on `instanceof Type`), so the files use
// protobufjs's object form of @temporalio/proto: enums and int64 as strings, bytes as base64.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const History = temporal.api.history.v1.History;
const OBJECT_FORM = { longs: String, enums: String, bytes: String } as const;

/** A history as pretty JSON text. */
export function historyToJson(history: temporal.api.history.v1.IHistory): string {
  return `${JSON.stringify(History.toObject(History.fromObject(history), OBJECT_FORM), null, 1)}\n`;
}

/** Every recorded history in a folder, with a workflow id named after its file. */
export function readHistories(
  dir: string,
): { workflowId: string; history: temporal.api.history.v1.History }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      workflowId: `replay-${basename(file, '.json')}`,
      history: History.fromObject(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
    }));
}

/** The history events of each run of a workflow, following continue-as-new from its first run. */
export async function eventsPerRun(
  client: Client,
  workflowId: string,
  firstRunId: string,
): Promise<number[]> {
  const runs: number[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const events: temporal.api.history.v1.IHistoryEvent[] =
      (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    runs.push(events.length);
    const last: temporal.api.history.v1.IHistoryEvent | undefined = events[events.length - 1];
    runId =
      last?.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
        ? (last.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined)
        : undefined;
  }
  return runs;
}
