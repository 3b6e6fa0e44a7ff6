// Shared pieces of the API's zod schemas, extended for OpenAPI generation.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

/** A bounded single-line string: every string the API accepts has a maximum. */
export const text = (max: number) => z.string().min(1).max(max);

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as KE' })
  .openapi({ example: 'KE' });

/** A case id in a path: the API makes C-… ids; imported or older cases may have others, all bounded. */
export const CaseId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,99}$/, { message: 'must be a case id such as C-7K2M9Q4TZP7X' })
  .openapi({ example: 'C-7K2M9Q4TZP7X' });

export const CaseIdParams = z.object({ caseId: CaseId }).strict();

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

/** Opaque pagination cursor returned as nextCursor. */
export const Cursor = z
  .string()
  .max(500)
  .regex(/^[A-Za-z0-9_-]+$/, { message: 'must be a nextCursor value' });

export const Limit = z.coerce.number().int().min(1).max(200).default(50);

/** Query booleans arrive as strings. */
export const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Years any date of the API may have: a real calendar that JS, PostgreSQL and Temporal all represent. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

/** True when year-month-day is a day of the calendar within the API's years (no 2026-02-30, no year 0). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// Checks the calendar of a value whose format is right; a malformed value is reported by its format check.
const calendarPart = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return true;
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  return isCalendarDay(year!, month!, day!);
};

/** An ISO 8601 date-time with an offset, on a real calendar day between 1900 and 9999. */
export const IsoDateTime = z
  .string()
  .datetime({ offset: true })
  .refine(calendarPart, { message: `must be a real date and time between ${MIN_YEAR} and ${MAX_YEAR}` })
  .openapi({ format: 'date-time', example: '2026-12-01T00:00:00Z' });

/** A calendar date YYYY-MM-DD that exists, between 1900 and 9999. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  .refine(calendarPart, { message: `must be a real date between ${MIN_YEAR} and ${MAX_YEAR}` })
  .openapi({ format: 'date', example: '1987-03-14' });

/** A birth date: a real date from 1900 to today (one day ahead allowed: it is already tomorrow somewhere). */
export const BirthDate = CalendarDate
  // A malformed value is reported by the checks above; this one speaks only of real dates.
  .refine((value) => !(Date.parse(`${value}T00:00:00Z`) > Date.now() + 86_400_000), {
    message: 'cannot be in the future',
  })
  .openapi({ format: 'date', example: '1987-03-14' });

/** A month YYYY-MM between 1900 and 9999. */
export const YearMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month YYYY-MM' })
  .refine((value) => isCalendarDay(Number(value.slice(0, 4)), Number(value.slice(5, 7)), 1), {
    message: `must be a month between ${MIN_YEAR} and ${MAX_YEAR}`,
  })
  .openapi({ format: 'year-month', example: '2026-03' });

export { z };
