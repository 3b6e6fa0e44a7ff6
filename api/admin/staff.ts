// What an admin does to the staff directory, checked and audited in one place: the API's
// /v1/staff routes and the web app's staff page both call these.
import {
  createStaff,
  listStaff,
  updateStaff,
  type StaffInput,
  type StaffUpdate,
} from '../../directory/staff';
import { Prisma, type Database } from '../../lib/database';
import { countryFilter, type Principal } from '../access/roles';
import { audit } from '../audit';
import { ConflictError, NotFoundError } from '../errors';

const prismaCode = (err: unknown) =>
  err instanceof Prisma.PrismaClientKnownRequestError ? err.code : undefined;

/** Staff the caller may see: everyone for admins, else those who work in one of the caller's countries. */
export async function visibleStaff(
  db: Database,
  caller: Principal,
  filter: Parameters<typeof listStaff>[1] = {},
) {
  const scope = countryFilter(caller)?.in;
  const staff = await listStaff(db, filter);
  return scope ? staff.filter((s) => s.countries.some((c) => c === '*' || scope.includes(c))) : staff;
}

/** Adds a staff member (409 when the email is taken) and audits it. */
export async function addStaff(db: Database, caller: Principal, input: StaffInput) {
  const staff = await createStaff(db, input).catch((err: unknown) => {
    throw prismaCode(err) === 'P2002' ? new ConflictError('a staff member with this email exists') : err;
  });
  await audit(db, caller, 'staff.create', null, { staffId: staff.id });
  return staff;
}

/** Changes a staff member (404 unknown, 409 email taken) and audits which fields changed. */
export async function changeStaff(db: Database, caller: Principal, staffId: string, patch: StaffUpdate) {
  const staff = await updateStaff(db, staffId, patch).catch((err: unknown) => {
    if (prismaCode(err) === 'P2025') throw new NotFoundError('staff', staffId);
    throw prismaCode(err) === 'P2002' ? new ConflictError('a staff member with this email exists') : err;
  });
  await audit(db, caller, 'staff.update', null, { staffId: staff.id, update: Object.keys(patch) });
  return staff;
}
