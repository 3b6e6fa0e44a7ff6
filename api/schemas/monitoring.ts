// Monitoring and evaluation counts, shaped for program managers and UNHCR's RSR.
import { PROGRAMS } from '../../definitions/vocabulary';
import { CountryCode, YearMonth, z } from './common';

const Month = z.string().regex(/^[1-9]\d{3}-(0[1-9]|1[0-2])$/, { message: 'must be a month YYYY-MM' });

export const MonitoringQuery = z
  .object({
    program: z.enum(PROGRAMS).optional(),
    country: CountryCode.optional(),
  })
  .strict();

export const OutcomesQuery = MonitoringQuery.extend({
  from: YearMonth.optional(),
  to: YearMonth.optional(),
}).strict();

const Group = z.object({ program: z.string(), country: z.string(), step: z.string().nullable() });

export const OpenCounts = z
  .object({
    open: z.array(Group.extend({ open: z.number().int(), onHold: z.number().int() })),
  })
  .openapi('OpenCounts');

export const OverdueCounts = z
  .object({
    overdue: z.array(Group.extend({ overdue: z.number().int() })),
  })
  .openapi('OverdueCounts');

export const TimeInStep = z
  .object({
    steps: z.array(
      z.object({
        program: z.string(),
        step: z.string(),
        visits: z.number().int(),
        medianHours: z.number(),
      }),
    ),
  })
  .openapi('TimeInStep');

export const MonthlyOutcomes = z
  .object({
    months: z.array(
      z.object({
        month: Month,
        program: z.string(),
        country: z.string(),
        submissions: z.number().int(),
        decisions: z.object({
          accepted: z.number().int(),
          rejected: z.number().int(),
          deferred: z.number().int(),
        }),
        departures: z.number().int(),
      }),
    ),
  })
  .openapi('MonthlyOutcomes');
