// Issue 10, item 3: durations that validated but broke every case (Invalid time value, a
// search attribute the server refuses). Every duration is bounded (definitions/limits.ts) and
// the furthest date a definition can make a case compute is representable everywhere it goes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDuration } from '../../../definitions/duration';
import { furthestInstant, LONGEST_DURATION_MS, MAX_DURATION_YEARS } from '../../../definitions/limits';
import { resolveDefinition } from '../../../definitions/source';
import { validateDefinition } from '../../../definitions/validate';
import { occurrenceAt, reminderRules, startCase } from '../../../workflows/machine';
import { longestDefinition } from '../../support/longest-definition';
import { miniCase } from '../../support/case-fixtures';
import { broken } from './support/mini';

// RFC 3339 (Temporal's Datetime search attributes) ends at year 9999; JS Date at 275760,
// PostgreSQL's timestamp at 294276: the smallest is the bound to stay under.
const LAST_REPRESENTABLE = Date.parse('9999-12-31T23:59:59.999Z');

describe('the longest duration', () => {
  it.each([
    'P999999999999D',
    'P20000Y',
    'PT99999999999999999999S',
    'P11Y',
    'P121M',
    'P522W',
    'PT87661H',
    'P3653D',
    'P9Y13M',
  ])('%s is refused with its path', (text) => {
    const result = validateDefinition(
      broken((d) => {
        d.steps[0].due = text;
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ path: 'steps[0].due', message: expect.stringMatching(/10 years/) }]);
  });

  it.each(['P10Y', 'P120M', 'P3652D', 'P521W', 'PT87660H', 'PT315576000S', 'P9Y11M30D'])(
    '%s is accepted',
    (text) => {
      expect(
        validateDefinition(
          broken((d) => {
            d.steps[0].due = text;
          }),
        ).problems,
      ).toEqual([]);
    },
  );

  it('bounds reminders, timers, timeouts and overlays alike', () => {
    const tooLong = 'P11Y';
    const result = validateDefinition(
      broken((d) => {
        d.steps[1].reminders[0].after = tooLong;
        d.steps[3].timeout.after = tooLong;
        d.steps[4].duration = tooLong;
      }),
    );
    expect(result.problems.filter((p) => /10 years/.test(p.message)).map((p) => p.path)).toEqual([
      'steps[1].reminders[0].after',
      'steps[3].timeout.after',
      'steps[4].duration',
    ]);
    const base = validateDefinition(broken(() => undefined));
    if (!base.ok) throw new Error('the mini definition must be valid');
    const overlay = resolveDefinition(
      {
        extends: 'resettlement',
        country: 'KE',
        timeZone: 'Africa/Nairobi',
        changes: [{ change: 'identification', set: { due: 'P20000Y' } }],
      },
      () => base.definition,
    );
    expect(overlay.problems).toEqual([
      { path: 'changes[0].set.due', message: expect.stringMatching(/10 years/) },
    ]);
  });

  it('repeats an overdue reminder at most hourly, so catching up after an outage stays short', () => {
    const withEvery = (every: string) =>
      validateDefinition(
        broken((d) => {
          d.steps[0].reminders = [{ id: 'late', kind: 'overdue', every }];
        }),
      );
    expect(withEvery('PT1S').problems).toEqual([
      { path: 'steps[0].reminders[0].every', message: expect.stringMatching(/shortest repeat/) },
    ]);
    expect(withEvery('PT59M').ok).toBe(false);
    expect(withEvery('PT1H').problems).toEqual([]);
    expect(withEvery('P1D').problems).toEqual([]);
  });

  it('agrees with the published JSON Schema', () => {
    const schema = JSON.parse(
      readFileSync(join(__dirname, '../../../definitions/definition.schema.json'), 'utf8'),
    );
    const pattern = new RegExp(schema.definitions.Duration.pattern as string);
    for (const text of ['P999999999999D', 'P20000Y', 'PT99999999999999999999S'])
      expect(pattern.test(text)).toBe(false);
    for (const text of ['P10Y', 'P3652D', 'PT315576000S']) expect(pattern.test(text)).toBe(true);
    expect(schema.definitions.Duration.description).toContain(`${MAX_DURATION_YEARS} years`);
  });
});

describe('the furthest date a definition can produce', () => {
  const now = Date.now();

  it('bounds every date the case machine computes on the longest definition', () => {
    const furthest = furthestInstant(new Date(now)).getTime();
    for (const step of longestDefinition.steps) {
      const state = startCase(
        miniCase('far', { definition: { ...longestDefinition, start: step.id } }),
        'case-far',
        now,
      ).state;
      const due = state.current?.baseDueAt;
      if (due === null || due === undefined) continue;
      expect(due).toBeLessThanOrEqual(furthest);
      for (const rule of reminderRules(step)) {
        for (const n of [1, 2]) {
          const at = occurrenceAt(rule, n, due, longestDefinition.timeZone);
          if (at !== undefined) expect(at).toBeLessThanOrEqual(furthest);
        }
      }
    }
  });

  it('bounds the real length of the longest accepted durations from any start, in any zone', () => {
    const starts = [
      '2027-01-31T23:30:00Z',
      '2028-02-29T12:00:00Z',
      '2026-03-29T00:30:00Z',
      '2026-10-25T00:30:00Z',
      '2031-12-31T23:59:59Z',
    ];
    const zones = [
      'UTC',
      'Africa/Nairobi',
      'Europe/Berlin',
      'America/Santiago',
      'Pacific/Kiritimati',
      'Australia/Lord_Howe',
    ];
    for (const start of starts) {
      for (const zone of zones) {
        for (const text of [
          'P10Y',
          'P120M',
          'P3652D',
          'P521W',
          'PT87660H',
          'P9Y11M30DT23H59M59S',
          'P1Y107M',
        ]) {
          const from = new Date(start);
          expect([
            start,
            zone,
            text,
            addDuration(from, text, zone).getTime() - from.getTime() <= LONGEST_DURATION_MS,
          ]).toEqual([start, zone, text, true]);
        }
      }
    }
  });

  it('is a valid date, within RFC 3339, PostgreSQL and JS Date, even for a case entering a step in 2200', () => {
    for (const enteredAt of [new Date(now), new Date('2200-01-01T00:00:00Z')]) {
      const furthest = furthestInstant(enteredAt);
      expect(Number.isNaN(furthest.getTime())).toBe(false);
      expect(furthest.toISOString()).toMatch(/^\d{4}-/);
      expect(furthest.getTime()).toBeLessThan(LAST_REPRESENTABLE);
    }
    expect(furthestInstant(new Date(now)).getUTCFullYear()).toBeLessThanOrEqual(
      new Date(now).getUTCFullYear() + 3 * MAX_DURATION_YEARS + 1,
    );
  });
});
