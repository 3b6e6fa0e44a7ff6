// A country's reminder policy, written once in the overlay instead of on every step: applied to
// each task and approval step that has a deadline, before the overlay's `changes` (which may
// still differ for one step). Pure.
import type { Overlay } from './overlay-schema';
import { mergeMapping } from './overlay-merge';
import type { OverlayOrigins } from './overlay-origins';

type Json = Record<string, unknown>;

/**
 * Merges each policy reminder into the steps by id: a complete reminder (with `kind`) is added
 * where the step lacks it; a partial one (`{ id, limit: 3 }`) changes only steps that have it.
 */
export function applyReminderPolicy(
  steps: Json[],
  policy: Overlay['reminders'],
  origins: OverlayOrigins,
): void {
  if (policy.length === 0) return;
  for (const step of steps) {
    if ((step.kind !== 'task' && step.kind !== 'approval') || step.due === undefined) continue;
    const reminders = Array.isArray(step.reminders) ? (step.reminders as Json[]).map((r) => ({ ...r })) : [];
    for (const entry of policy as Json[]) {
      const index = reminders.findIndex((r) => r.id === entry.id);
      if (index !== -1) reminders[index] = mergeMapping(reminders[index] as Json, entry);
      else if (entry.kind !== undefined) reminders.push(entry);
    }
    step.reminders = reminders;
    origins.changed(String(step.id), '', { reminders: policy as Json[] });
  }
}
