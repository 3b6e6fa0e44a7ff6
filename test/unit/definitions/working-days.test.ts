import fc from 'fast-check';
import { DEFAULT_CALENDAR, WEEKDAYS, isWorkingTime, shiftWorkingDays } from '../../../definitions/calendar';
import { addDuration, dueAt, subtractDuration, type Clock } from '../../../definitions/duration';
import type { Calendar } from '../../../definitions/schema';
import { JORDAN, KENYA } from '../../support/working-days-fixtures';

const jordan = { timeZone: 'Asia/Amman', calendar: JORDAN };
const kenya = { timeZone: 'Africa/Nairobi', calendar: KENYA };
const at = (iso: string) => new Date(iso);
const add = (from: string, text: string, clock: Clock | string) =>
  addDuration(at(from), text, clock).toISOString();
const sub = (from: string, text: string, clock: Clock) =>
  subtractDuration(at(from), text, clock).toISOString();

describe('N working days on two calendars (10:00 local is 07:00Z in both zones)', () => {
  it('skips the weekend of each country: Thursday + 1 is Sunday in Jordan, Monday in Kenya', () => {
    // Thursday 17 December 2026, no holiday near.
    expect(add('2026-12-17T07:00:00Z', '1 working day', jordan)).toBe('2026-12-20T07:00:00.000Z');
    expect(add('2026-12-17T07:00:00Z', '2 working days', kenya)).toBe('2026-12-21T07:00:00.000Z');
    expect(add('2026-12-17T07:00:00Z', '1 working day', kenya)).toBe('2026-12-18T07:00:00.000Z');
  });

  it('skips a holiday: Wednesday 23 + 1 is Sunday 27 in Jordan (Thursday 24 off), Thursday 24 in Kenya', () => {
    expect(add('2026-12-23T07:00:00Z', '1 working day', jordan)).toBe('2026-12-27T07:00:00.000Z');
    expect(add('2026-12-23T07:00:00Z', '1 working day', kenya)).toBe('2026-12-24T07:00:00.000Z');
    // Kenya: Christmas (Friday) and the weekend: Thursday 24 + 1 is Monday 28.
    expect(add('2026-12-24T07:00:00Z', '1 working day', kenya)).toBe('2026-12-28T07:00:00.000Z');
  });

  it('counts a start on a day off from 00:00 of the next working day (the whole day is the first)', () => {
    // Saturday 10:00 in Kenya: Monday is the first working day, so 1 working day ends Tuesday 00:00.
    expect(add('2026-12-19T07:00:00Z', '1 working day', kenya)).toBe('2026-12-21T21:00:00.000Z');
    // Jordan's Thursday 24 is a holiday, then Friday and Saturday: counting starts Sunday 27.
    expect(add('2026-12-24T07:00:00Z', '3 working days', jordan)).toBe('2026-12-29T21:00:00.000Z');
    // Friday is a working day in Kenya, a weekend day in Jordan.
    expect(add('2026-12-18T07:00:00Z', '1 working day', kenya)).toBe('2026-12-21T07:00:00.000Z');
    expect(add('2026-12-18T07:00:00Z', '1 working day', jordan)).toBe('2026-12-20T21:00:00.000Z');
  });

  it('counts N working days before on working days only, whatever the end’s own day', () => {
    // Monday 28 in Kenya, 2 before: Friday 25 is Christmas, so Thursday 24 and Wednesday 23.
    expect(sub('2026-12-28T07:00:00Z', '2 working days', kenya)).toBe('2026-12-23T07:00:00.000Z');
    // Monday 28 in Jordan, 2 before: Sunday 27, then Thursday 24 is off: Wednesday 23.
    expect(sub('2026-12-28T07:00:00Z', '2 working days', jordan)).toBe('2026-12-23T07:00:00.000Z');
    expect(sub('2026-12-28T07:00:00Z', '1 working day', jordan)).toBe('2026-12-27T07:00:00.000Z');
    // From a Saturday (a day off in both): the working day before is Friday in Kenya, Thursday in Jordan.
    expect(sub('2026-12-19T07:00:00Z', '1 working day', kenya)).toBe('2026-12-18T07:00:00.000Z');
    expect(sub('2026-12-19T07:00:00Z', '1 working day', jordan)).toBe('2026-12-17T07:00:00.000Z');
  });

  it('keeps the local time across a DST change (Berlin, 23 → 30 October 2026, clocks back on the 25th)', () => {
    const berlin = { timeZone: 'Europe/Berlin', calendar: DEFAULT_CALENDAR };
    // Friday 23 October 10:00 CEST + 5 working days = Friday 30 October 10:00 CET.
    expect(add('2026-10-23T08:00:00Z', '5 working days', berlin)).toBe('2026-10-30T09:00:00.000Z');
  });

  it('leaves ISO durations on the calendar clock: P10D ignores weekends and holidays', () => {
    expect(add('2026-12-24T07:00:00Z', 'P1D', kenya)).toBe('2026-12-25T07:00:00.000Z');
    expect(add('2026-12-24T07:00:00Z', 'P1D', 'Africa/Nairobi')).toBe('2026-12-25T07:00:00.000Z');
  });

  it('uses Saturday and Sunday off when only a zone is given', () => {
    expect(add('2026-12-18T07:00:00Z', '1 working day', 'Africa/Nairobi')).toBe('2026-12-21T07:00:00.000Z');
  });

  it('gives a step its due date on the definition’s calendar', () => {
    const step = {
      id: 'interview',
      kind: 'task',
      title: 'Interview',
      owner: 'caseworker',
      due: { normal: '10 working days', emergency: 'P2D' },
      fields: [],
      reminders: [],
      notify: [],
      outcomes: { done: 'end' },
    } as const;
    // Tuesday 15 December in Jordan + 10: 16, 17, 20, 21, 22, 23, 27, 28, 29, 30 (24 off).
    expect(dueAt(step as never, 'normal', at('2026-12-15T07:00:00Z'), jordan)?.toISOString()).toBe(
      '2026-12-30T07:00:00.000Z',
    );
    expect(dueAt(step as never, 'emergency', at('2026-12-15T07:00:00Z'), jordan)?.toISOString()).toBe(
      '2026-12-17T07:00:00.000Z',
    );
  });
});

const DAY = 86_400_000;
const calendars: fc.Arbitrary<Calendar> = fc.record({
  weekend: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { maxLength: 3 }),
  holidays: fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 30 }).map((days) =>
    days.map((d) => ({
      date: new Date(Date.UTC(2026, 0, 1) + d * DAY).toISOString().slice(0, 10),
      name: 'H',
    })),
  ),
});
const locals = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) });
const counts = fc.integer({ min: 1, max: 60 });

function workingDaysBetween(fromDay: number, toDay: number, calendar: Calendar): number {
  let count = 0;
  for (let day = fromDay + 1; day <= toDay; day += 1) if (isWorkingTime(day * DAY, calendar)) count += 1;
  return count;
}

describe('working-day arithmetic (properties)', () => {
  it('lands on a working day, N working days later, at the start’s time (or 00:00 from a day off)', () => {
    fc.assert(
      fc.property(locals, counts, calendars, (local, n, calendar) => {
        const end = shiftWorkingDays(local, n, 1, calendar);
        const startDay = Math.floor(local / DAY);
        const offDay = !isWorkingTime(local, calendar);
        expect(isWorkingTime(end, calendar)).toBe(true);
        expect(end % DAY).toBe(offDay ? 0 : local % DAY);
        // From a day off, the first working day after it counts as day one.
        expect(workingDaysBetween(startDay, Math.floor(end / DAY), calendar)).toBe(offDay ? n + 1 : n);
      }),
    );
  });

  it('counts back N working days to a working day at the same time; forth again from a working day returns', () => {
    fc.assert(
      fc.property(locals, counts, calendars, (local, n, calendar) => {
        const start = shiftWorkingDays(local, n, -1, calendar);
        expect(isWorkingTime(start, calendar)).toBe(true);
        expect(start % DAY).toBe(local % DAY);
        expect(workingDaysBetween(Math.floor(start / DAY), Math.floor(local / DAY) - 1, calendar)).toBe(
          n - 1,
        );
        if (isWorkingTime(local, calendar)) expect(shiftWorkingDays(start, n, 1, calendar)).toBe(local);
      }),
    );
  });
});
