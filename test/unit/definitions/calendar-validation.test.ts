// A country's working calendar in a definition: how working days are written, and every
// problem of a calendar reported with its path.
import { BaseDefinition } from '../../../definitions/overlay-schema';
import { resolveOverlay } from '../../../definitions/resolve';
import { validateDefinition } from '../../../definitions/validate';
import { miniDefinition } from './support/mini';

const base = BaseDefinition.parse(miniDefinition());
const jordan = (extra: Record<string, unknown>) =>
  resolveOverlay(base, {
    extends: 'resettlement',
    country: 'JO',
    timeZone: 'Asia/Amman',
    changes: [{ change: 'identification', set: { due: '10 working days' } }],
    ...extra,
  });
const calendar = {
  weekend: ['friday', 'saturday'],
  holidays: [{ date: '2026-05-25', name: 'Independence Day' }],
};

function withDue(due: string) {
  const definition = miniDefinition();
  definition.steps[0].due = due;
  return validateDefinition(definition);
}

describe('working days in a definition', () => {
  it('accepts "N working days" and "1 working day" wherever a duration goes, and ISO durations as before', () => {
    for (const due of ['1 working day', '10 working days', '1000 working days', 'P10D'])
      expect(withDue(due).problems).toEqual([]);
  });

  it('refuses other spellings, hours, zero and more than 1000 working days, at the path', () => {
    for (const due of [
      '10 workdays',
      '10 Working Days',
      '2 working days 4 hours',
      '0 working days',
      'ten working days',
      '10  working days',
    ])
      expect([due, withDue(due).problems]).toEqual([
        due,
        [{ path: 'steps[0].due', message: expect.stringMatching(/ISO-8601 duration .* or working days/) }],
      ]);
    expect(withDue('1001 working days').problems).toEqual([
      { path: 'steps[0].due', message: expect.stringMatching(/more than 1000 working days/) },
    ]);
  });

  it('takes the overlay’s calendar into the resolved definition', () => {
    const result = jordan({ calendar });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.definition.calendar).toEqual(calendar);
    expect(result.warnings).toEqual([]);
  });

  it('reports weekday names, real dates and duplicates with their paths', () => {
    const result = jordan({
      calendar: {
        weekend: ['friday', 'satruday'],
        holidays: [
          { date: '2026-02-30', name: 'Not a day' },
          { date: '26-05-25', name: 'Short year' },
        ],
      },
    });
    expect(result.problems).toEqual([
      { path: 'calendar.weekend[1]', message: expect.stringContaining('did you mean "saturday"') },
      { path: 'calendar.holidays[0].date', message: '"2026-02-30" is not a real date (years 2000–2199)' },
      { path: 'calendar.holidays[1].date', message: expect.stringContaining('YYYY-MM-DD') },
    ]);
    const twice = jordan({
      calendar: {
        weekend: ['friday', 'friday'],
        holidays: [calendar.holidays[0], { date: '2026-05-25', name: 'Again' }],
      },
    });
    expect(twice.problems).toEqual([
      { path: 'calendar.weekend[1]', message: '"friday" is already listed at calendar.weekend[0]' },
      {
        path: 'calendar.holidays[1].date',
        message: '2026-05-25 is already listed at calendar.holidays[0]; list each holiday once',
      },
    ]);
  });

  it('keeps at least four working days a week', () => {
    expect(jordan({ calendar: { weekend: ['thursday', 'friday', 'saturday', 'sunday'] } }).problems).toEqual([
      { path: 'calendar.weekend', message: 'has more than 3 entries, the most allowed' },
    ]);
  });

  it('needs a calendar when a country definition counts working days, and names the first place that does', () => {
    expect(jordan({}).problems).toEqual([
      {
        path: 'changes[0].set.due',
        message: expect.stringMatching(/counts working days, but the definition has no calendar/),
      },
    ]);
  });

  it('warns about a holiday on a weekend day', () => {
    const result = jordan({
      calendar: {
        weekend: ['friday', 'saturday'],
        holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
      },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.warnings).toEqual([
      {
        path: 'calendar.holidays[0].date',
        message: expect.stringContaining('is a Friday, already a weekend day'),
        severity: 'warning',
      },
    ]);
  });
});
