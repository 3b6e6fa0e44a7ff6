// The staff directory as the API manages it: who works on cases, with their roles, countries,
// language and time zone. Messages find their recipients in it (activities/notifications/recipients.ts).
import { z } from 'zod';
import { isValidTimeZone } from '../definitions/duration';
import { LANGUAGES } from '../definitions/vocabulary';
import type { Database } from '../lib/database';

const TimeZone = z
  .string()
  .refine(isValidTimeZone, { message: 'must be an IANA time zone such as Africa/Nairobi' });

export const StaffInput = z
  .object({
    name: z.string().min(1).max(200),
    email: z
      .string()
      .email()
      .max(200)
      .transform((e) => e.toLowerCase()),
    roles: z
      .array(z.string().regex(/^[a-z][a-z0-9_]*$/))
      .max(20)
      .default([]),
    /** ISO country codes, or '*' for every country. */
    countries: z
      .array(z.string().regex(/^([A-Z]{2}|\*)$/))
      .max(250)
      .default([]),
    language: z.enum(LANGUAGES).nullable().optional(),
    timeZone: TimeZone.nullable().optional(),
    active: z.boolean().default(true),
  })
  .strict();
export const StaffUpdate = StaffInput.partial().strict();
export type StaffInput = z.input<typeof StaffInput>;
export type StaffUpdate = z.input<typeof StaffUpdate>;

/** Adds a person to the staff directory. */
export async function createStaff(db: Database, input: StaffInput) {
  return db.staff.create({ data: StaffInput.parse(input) });
}

/** Changes a staff member's details, roles, countries or active flag. */
export async function updateStaff(db: Database, id: string, patch: StaffUpdate) {
  return db.staff.update({ where: { id }, data: StaffUpdate.parse(patch) });
}

/** Lists staff, optionally only those with a role in a country. */
export async function listStaff(
  db: Database,
  filter: { role?: string; country?: string; active?: boolean } = {},
) {
  return db.staff.findMany({
    where: {
      ...(filter.role ? { roles: { has: filter.role } } : {}),
      ...(filter.country ? { countries: { hasSome: [filter.country, '*'] } } : {}),
      ...(filter.active === undefined ? {} : { active: filter.active }),
    },
    orderBy: { email: 'asc' },
  });
}
