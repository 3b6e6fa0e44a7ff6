// The staff directory: who holds which role in which countries (reminders and ownership use it).
import { createStaff, listStaff, updateStaff } from '../../directory/staff';
import { Prisma, type Database } from '../../lib/database';
import { ADMINS, countryFilter } from '../access/roles';
import { audit } from '../audit';
import { ConflictError, NotFoundError } from '../errors';
import type { ApiRoutes } from '../route';
import {
  CreateStaffBody,
  StaffIdParams,
  StaffList,
  StaffMember,
  StaffQuery,
  UpdateStaffBody,
} from '../schemas/staff';

const uniqueViolation = (err: unknown) =>
  err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
const missing = (err: unknown) => err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025';

/** Declares the staff routes. */
export function staffRoutes(routes: ApiRoutes, { db }: { db: Database }): void {
  routes.add({
    method: 'get',
    path: '/v1/staff',
    tag: 'staff',
    roles: ['admin', 'program_manager', 'supervisor'],
    summary: 'List staff (within the caller’s countries)',
    query: StaffQuery,
    response: StaffList,
    handler: async ({ caller, query }) => {
      const scope = countryFilter(caller)?.in;
      const staff = await listStaff(db, query);
      const visible = scope
        ? staff.filter((s) => s.countries.some((c) => c === '*' || scope.includes(c)))
        : staff;
      return { staff: visible };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/staff',
    tag: 'staff',
    roles: ADMINS,
    summary: 'Add a staff member',
    body: CreateStaffBody,
    response: StaffMember,
    statuses: { 201: 'Created' },
    handler: async ({ caller, body }) => {
      const staff = await createStaff(db, body).catch((err: unknown) => {
        throw uniqueViolation(err) ? new ConflictError('a staff member with this email exists') : err;
      });
      await audit(db, caller, 'staff.create', null, { staffId: staff.id });
      return staff;
    },
  });

  routes.add({
    method: 'patch',
    path: '/v1/staff/{staffId}',
    tag: 'staff',
    roles: ADMINS,
    summary: 'Change roles, countries or active flag',
    params: StaffIdParams,
    body: UpdateStaffBody,
    response: StaffMember,
    handler: async ({ caller, params, body }) => {
      const staff = await updateStaff(db, params.staffId, body).catch((err: unknown) => {
        if (missing(err)) throw new NotFoundError('staff', params.staffId);
        throw uniqueViolation(err) ? new ConflictError('a staff member with this email exists') : err;
      });
      await audit(db, caller, 'staff.update', null, { staffId: staff.id, update: Object.keys(body) });
      return staff;
    },
  });
}
