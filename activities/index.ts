// All activities of the case worker, composed in one place.
import { projectionActivities } from './projection';

/** The activities the case worker registers. */
export function createActivities() {
  return { ...projectionActivities() };
}
