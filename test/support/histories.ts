// Workflow histories as JSON files. The SDK's own historyToJSON/historyFromJSON fail in this
// install (three copies of protobufjs 8 disagree on `instanceof Type`), so the files use
// protobufjs's object form of @temporalio/proto: enums and int64 as strings, bytes as base64.
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
