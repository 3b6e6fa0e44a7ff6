// The staff directory: who holds which role in which countries (reminders and ownership use it).
import type { Database } from '../../lib/database';
import { ADMINS } from '../access/roles';
import { addStaff, changeStaff, visibleStaff } from '../admin/staff';
import type { ApiRoutes } from '../route';
import {
  CreateStaffBody,
  StaffIdParams,
  StaffList,
  StaffMember,
  StaffQuery,
  UpdateStaffBody,
} from '../schemas/staff';

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
    handler: async ({ caller, query }) => ({ staff: await visibleStaff(db, caller, query) }),
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
    handler: ({ caller, body }) => addStaff(db, caller, body),
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
    handler: ({ caller, params, body }) => changeStaff(db, caller, params.staffId, body),
  });
}
