// How an overlay's `change` is merged into a base step, without copying the base: mappings
// merge key by key (null deletes), reminders by id, fields by name, notifications append. Pure.
import { ownValue } from './own';
import type { Problem } from './problems';
import { suggestion } from './problems';
import type { ChangeStep } from './overlay-schema';

type Json = Record<string, unknown>;

const isMapping = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Merges mapping `patch` into `base`: nested mappings recursively, null deletes a key. */
export function mergeMapping(base: Json, patch: Json): Json {
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (isMapping(value) && isMapping(ownValue(merged, key)))
      merged[key] = mergeMapping(merged[key] as Json, value);
    else merged[key] = value;
  }
  return merged;
}

function mergeByKey(base: unknown, patch: Json[], key: string): Json[] {
  const merged = Array.isArray(base) ? (base as Json[]).map((entry) => ({ ...entry })) : [];
  for (const entry of patch) {
    const index = merged.findIndex((existing) => existing[key] === entry[key]);
    if (index === -1) merged.push(entry);
    else merged[index] = mergeMapping(merged[index] as Json, entry);
  }
  return merged;
}

function dropByKey(
  entries: Json[],
  names: string[],
  key: string,
  path: string,
): { kept: Json[]; problems: Problem[] } {
  const present = entries.map((entry) => String(entry[key]));
  const problems = names
    .map((name, index) => ({ name, index }))
    .filter(({ name }) => !present.includes(name))
    .map(({ name, index }) => ({
      path: `${path}[${index}]`,
      message: `"${name}" is not on this step${suggestion(name, present)}`,
    }));
  return { kept: entries.filter((entry) => !names.includes(String(entry[key]))), problems };
}

/** Applies one `change` to a base step (as plain JSON); reports drops of things the step lacks. */
export function changeStep(
  step: Json,
  change: ChangeStep,
  path: string,
): { step: Json; problems: Problem[] } {
  const { reminders, fields, notify, ...rest } = change.set;
  let merged = mergeMapping(step, rest as Json);
  // A per-priority deadline replaces a single one (and vice versa) rather than merging into it.
  if (
    rest.due !== undefined &&
    rest.due !== null &&
    (typeof rest.due === 'string' || typeof step.due === 'string')
  ) {
    merged.due = typeof rest.due === 'string' ? rest.due : mergeMapping({}, rest.due as Json);
  }
  if (reminders) merged = { ...merged, reminders: mergeByKey(merged.reminders, reminders, 'id') };
  if (fields) merged = { ...merged, fields: mergeByKey(merged.fields, fields, 'name') };
  if (notify)
    merged = { ...merged, notify: [...(Array.isArray(merged.notify) ? merged.notify : []), ...notify] };
  const problems: Problem[] = [];
  if (change.drop) {
    const droppedReminders = dropByKey(
      Array.isArray(merged.reminders) ? (merged.reminders as Json[]) : [],
      change.drop.reminders,
      'id',
      `${path}.drop.reminders`,
    );
    const droppedFields = dropByKey(
      Array.isArray(merged.fields) ? (merged.fields as Json[]) : [],
      change.drop.fields,
      'name',
      `${path}.drop.fields`,
    );
    merged = { ...merged, reminders: droppedReminders.kept, fields: droppedFields.kept };
    if (step.reminders === undefined && droppedReminders.kept.length === 0) delete merged.reminders;
    if (step.fields === undefined && droppedFields.kept.length === 0) delete merged.fields;
    problems.push(...droppedReminders.problems, ...droppedFields.problems);
  }
  return { step: merged, problems };
}
