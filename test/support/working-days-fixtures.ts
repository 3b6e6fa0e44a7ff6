// Two countries with different weekends for the working-day tests: Jordan (Friday and
// Saturday off, a holiday on Thursday 24 December 2026) and Kenya (Saturday and Sunday off,
// Christmas on Friday 25 December 2026), and the mini process counting its assessment in
// working days. Both zones are UTC+3 all year: 10:00 local is 07:00Z.
import { ResolvedDefinition, type Calendar } from '../../definitions/schema';
import { miniDefinition } from './case-fixtures';

export const JORDAN: Calendar = {
  weekend: ['friday', 'saturday'],
  holidays: [{ date: '2026-12-24', name: 'Test holiday' }],
};

export const KENYA: Calendar = {
  weekend: ['saturday', 'sunday'],
  holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
};

/** The mini process in a country: assessment due in 3 working days, reminded 1 working day before, escalated 2 after. */
export function workingDaysDefinition(
  country: 'JO' | 'KE',
  calendar: Calendar = country === 'JO' ? JORDAN : KENYA,
): ResolvedDefinition {
  const timeZone = country === 'JO' ? 'Asia/Amman' : 'Africa/Nairobi';
  return ResolvedDefinition.parse({
    ...miniDefinition,
    id: `mini.${country.toLowerCase()}`,
    country,
    timeZone,
    calendar,
    steps: miniDefinition.steps.map((step) =>
      step.id === 'assessment'
        ? {
            ...step,
            due: '3 working days',
            reminders: [
              { id: 'soon', kind: 'before_due', before: '1 working day' },
              { id: 'today', kind: 'at_due' },
              { id: 'supervisor', kind: 'escalate', after: '2 working days', to: { role: 'supervisor' } },
            ],
          }
        : step,
    ),
  });
}
