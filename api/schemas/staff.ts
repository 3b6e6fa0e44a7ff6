// Staff directory resources: request bodies are the directory's own schemas.
import { StaffInput, StaffUpdate } from '../../directory/staff';
import { z } from './common';

export const CreateStaffBody = StaffInput.openapi('CreateStaff');
export const UpdateStaffBody = StaffUpdate.openapi('UpdateStaff');

export const StaffMember = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    roles: z.array(z.string()),
    countries: z.array(z.string()),
    language: z.string().nullable(),
    timeZone: z.string().nullable(),
    active: z.boolean(),
    createdAt: z
      .date()
      .transform((d) => d.toISOString())
      .or(z.string()),
  })
  .openapi('StaffMember');

export const StaffList = z.object({ staff: z.array(StaffMember) }).openapi('StaffList');

export const StaffQuery = z
  .object({
    role: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .max(60)
      .optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    active: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();

export const StaffIdParams = z.object({ staffId: z.string().uuid() }).strict();
