import {
  addDuration,
  approximateMilliseconds,
  deadlineFor,
  dueAt,
  dueFor,
  isValidTimeZone,
  isZeroDuration,
  offsetAt,
  parseDuration,
  subtractDuration,
} from '../../../definitions/duration';
import type { Step } from '../../../definitions/schema';

const at = (iso: string) => new Date(iso);

describe('parseDuration', () => {
  it('reads every ISO-8601 part', () => {
    expect(parseDuration('P1Y2M3W4DT5H6M7S')).toEqual({
      years: 1,
      months: 2,
      weeks: 3,
      days: 4,
      hours: 5,
      minutes: 6,
      seconds: 7,
    });
    expect(parseDuration('PT36H')).toMatchObject({ hours: 36, days: 0 });
  });

  it('refuses what is not a duration', () => {
    for (const text of ['P', 'PT', '14D', 'P1.5D', 'P-1D', 'P1H', 'p14d', 'P1DT']) {
      expect(parseDuration(text)).toBeUndefined();
    }
  });

  it('knows a zero duration and compares roughly', () => {
    expect(isZeroDuration(parseDuration('P0D')!)).toBe(true);
    expect(isZeroDuration(parseDuration('PT1S')!)).toBe(false);
    expect(approximateMilliseconds(parseDuration('P1M')!)).toBeGreaterThan(
      approximateMilliseconds(parseDuration('P29D')!),
    );
  });
});

describe('addDuration in a time zone', () => {
  it('adds days in Nairobi (no DST) as 24 hours', () => {
    expect(addDuration(at('2026-03-10T09:00:00Z'), 'P14D', 'Africa/Nairobi').toISOString()).toBe(
      '2026-03-24T09:00:00.000Z',
    );
  });

  it('keeps the wall-clock time across spring-forward: P1D is 23 hours in Berlin', () => {
    // 28 March 2026 10:00 CET (+1) → 29 March 10:00 CEST (+2).
    expect(addDuration(at('2026-03-28T09:00:00Z'), 'P1D', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T08:00:00.000Z',
    );
  });

  it('keeps the wall-clock time across fall-back: P1D is 25 hours in Berlin', () => {
    expect(addDuration(at('2026-10-24T08:00:00Z'), 'P1D', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T09:00:00.000Z',
    );
  });

  it('counts hours as elapsed time across a DST change', () => {
    expect(addDuration(at('2026-03-28T09:00:00Z'), 'PT24H', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T09:00:00.000Z',
    );
  });

  it('moves a local time that does not exist forward by the gap', () => {
    // 28 March 2026 02:30 CET + P1D = 29 March 02:30, which Berlin skips: 03:30 CEST.
    expect(addDuration(at('2026-03-28T01:30:00Z'), 'P1D', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('takes the earlier instant of a local time that happens twice', () => {
    // 24 October 2026 02:30 CEST + P1D = 25 October 02:30, first as CEST (+2).
    expect(addDuration(at('2026-10-24T00:30:00Z'), 'P1D', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('clamps months to the last day of the month, leap years included', () => {
    expect(addDuration(at('2026-01-31T12:00:00Z'), 'P1M', 'UTC').toISOString()).toBe(
      '2026-02-28T12:00:00.000Z',
    );
    expect(addDuration(at('2028-01-31T12:00:00Z'), 'P1M', 'UTC').toISOString()).toBe(
      '2028-02-29T12:00:00.000Z',
    );
    expect(addDuration(at('2028-02-29T12:00:00Z'), 'P1Y', 'UTC').toISOString()).toBe(
      '2029-02-28T12:00:00.000Z',
    );
    expect(addDuration(at('2026-08-31T12:00:00Z'), 'P3M', 'UTC').toISOString()).toBe(
      '2026-11-30T12:00:00.000Z',
    );
  });

  it('counts the month in local time, not UTC', () => {
    // 31 January 23:30 in Guayaquil (−5) is already 1 February in UTC; local month-end wins.
    expect(addDuration(at('2026-02-01T04:30:00Z'), 'P1M', 'America/Guayaquil').toISOString()).toBe(
      '2026-03-01T04:30:00.000Z',
    );
    // 1 March 01:00 in Nairobi is still 28 February in UTC.
    expect(addDuration(at('2026-02-28T22:00:00Z'), 'P1M', 'Africa/Nairobi').toISOString()).toBe(
      '2026-03-31T22:00:00.000Z',
    );
  });

  it('crosses a year end with months', () => {
    expect(addDuration(at('2026-11-15T09:00:00Z'), 'P3M', 'Africa/Kampala').toISOString()).toBe(
      '2027-02-15T09:00:00.000Z',
    );
  });

  it('subtracts for before-due reminders, with the same clamping', () => {
    expect(subtractDuration(at('2026-03-31T12:00:00Z'), 'P1M', 'UTC').toISOString()).toBe(
      '2026-02-28T12:00:00.000Z',
    );
    expect(subtractDuration(at('2026-03-29T08:00:00Z'), 'P1D', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-28T09:00:00.000Z',
    );
  });

  it('refuses a bad duration by name', () => {
    expect(() => addDuration(at('2026-01-01T00:00:00Z'), 'fortnight', 'UTC')).toThrow(
      '"fortnight" is not an ISO-8601 duration',
    );
  });
});

describe('time zones', () => {
  it('knows IANA names and refuses others', () => {
    expect(isValidTimeZone('Africa/Nairobi')).toBe(true);
    expect(isValidTimeZone('America/Guayaquil')).toBe(true);
    expect(isValidTimeZone('Africa/Nairobbi')).toBe(false);
  });

  it('reads the offset at an instant', () => {
    expect(offsetAt(Date.parse('2026-07-01T00:00:00Z'), 'Europe/Berlin')).toBe(2 * 3_600_000);
    expect(offsetAt(Date.parse('2026-01-01T00:00:00Z'), 'Africa/Dar_es_Salaam')).toBe(3 * 3_600_000);
  });
});

describe('deadlines per priority', () => {
  const interview: Step = {
    id: 'interview',
    title: 'Resettlement interview',
    kind: 'task',
    owner: 'caseworker',
    outcomes: { done: 'rrf' },
    due: { emergency: 'P3D', urgent: 'P14D', default: 'P30D' },
    fields: [],
    reminders: [],
    notify: [],
  };

  it('picks the priority, then default, then normal', () => {
    expect(dueFor(interview, 'emergency')).toBe('P3D');
    expect(dueFor(interview, 'normal')).toBe('P30D');
    expect(deadlineFor({ normal: 'P60D' }, 'urgent')).toBe('P60D');
    expect(deadlineFor('P7D', 'emergency')).toBe('P7D');
    expect(deadlineFor(undefined, 'normal')).toBeUndefined();
  });

  it('uses the timeout of a wait and the duration of a timer', () => {
    const decision: Step = {
      id: 'state_decision',
      title: 'State decision',
      kind: 'wait',
      event: 'state_decision',
      outcomes: { accepted: 'x' },
      timeout: { after: { default: 'P6M', emergency: 'P14D' }, outcome: 'accepted' },
      fields: [],
      reminders: [],
      notify: [],
      manualCompletion: false,
    };
    const followUp: Step = {
      id: 'wait_3m',
      title: 'Three months',
      kind: 'timer',
      duration: 'P3M',
      outcomes: { elapsed: 'x' },
      notify: [],
    };
    expect(dueFor(decision, 'emergency')).toBe('P14D');
    expect(dueFor(decision, 'normal')).toBe('P6M');
    expect(dueFor(followUp, 'urgent')).toBe('P3M');
  });

  it('computes the due instant in the country zone', () => {
    expect(dueAt(interview, 'emergency', at('2026-03-27T10:00:00Z'), 'Europe/Berlin')?.toISOString()).toBe(
      '2026-03-30T09:00:00.000Z',
    );
    const closed: Step = { id: 'closed', title: 'Closed', kind: 'end', reason: 'done', notify: [] };
    expect(dueAt(closed, 'normal', at('2026-03-27T10:00:00Z'), 'UTC')).toBeUndefined();
  });
});
