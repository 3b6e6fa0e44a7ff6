// A definition that uses the longest duration the language allows everywhere a date is
// computed from: the furthest-date tests (unit and integration) run cases on it.
import { ResolvedDefinition } from '../../definitions/schema';
import { MAX_DURATION_YEARS } from '../../definitions/limits';

const LONGEST = `P${MAX_DURATION_YEARS}Y`;

/** Every deadline, reminder offset and repeat at the maximum. */
export const longestDefinition = ResolvedDefinition.parse({
  id: 'longest.ke',
  program: 'resettlement',
  title: 'Longest durations',
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
      due: LONGEST,
      outcomes: { done: 'decision' },
      reminders: [
        { id: 'before', kind: 'before_due', before: `P${MAX_DURATION_YEARS * 12 - 1}M` },
        { id: 'today', kind: 'at_due' },
        { id: 'daily', kind: 'overdue', after: LONGEST, every: LONGEST },
        { id: 'supervisor', kind: 'escalate', after: LONGEST, to: { role: 'supervisor' } },
      ],
    },
    {
      id: 'decision',
      kind: 'wait',
      title: 'Decision',
      event: 'state_decision',
      outcomes: { accepted: 'travel', rejected: 'closed' },
      timeout: { after: LONGEST, outcome: 'rejected' },
      reminders: [{ id: 'late', kind: 'overdue', after: LONGEST, every: LONGEST, limit: 1000 }],
    },
    { id: 'travel', kind: 'timer', title: 'Travel', duration: LONGEST, outcomes: { elapsed: 'closed' } },
    { id: 'closed', kind: 'end', title: 'Closed', reason: 'done' },
  ],
});
