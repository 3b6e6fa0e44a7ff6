// Who may call the API: the five roles and what a key's scope means.
import { z } from 'zod';

export const ROLES = ['admin', 'program_manager', 'supervisor', 'caseworker', 'partner'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

/** Groups of roles used by the routes, so the allow-lists read like the access policy. */
export const STAFF: Role[] = ['admin', 'program_manager', 'supervisor', 'caseworker'];
export const CASE_HANDLERS: Role[] = ['admin', 'supervisor', 'caseworker'];
export const MANAGERS: Role[] = ['admin', 'program_manager'];
export const SUPERVISORS: Role[] = ['admin', 'supervisor'];
/** Who reads the monitoring counts and statistics: every staff role but caseworkers. */
export const MONITORS: Role[] = ['admin', 'program_manager', 'supervisor'];
export const ADMINS: Role[] = ['admin'];
export const EVERYONE: Role[] = [...ROLES];

/** The authenticated caller: a key's principal (staff email or partner id), role and scope. */
export interface Principal {
  keyId: string;
  principal: string;
  role: Role;
  /** ISO country codes the key may act in; admins act everywhere. */
  countries: string[];
  /** For partner keys: the partner organisation. */
  partnerId: string | null;
  /**
   * The principal's roles in the staff directory, read with the key or the web session that
   * authenticated this request (none when it is not active staff); absent, they are read when needed.
   */
  directoryRoles?: string[];
}

/** Whether the caller may act on something in the given country (countryless things: admins only). */
export function inScope(caller: Principal, country: string | null | undefined): boolean {
  if (caller.role === 'admin') return true;
  if (!country) return false;
  return caller.countries.includes(country) || caller.countries.includes('*');
}

/** A prisma filter that limits countries to the caller's scope (undefined = all). */
export function countryFilter(caller: Principal): { in: string[] } | undefined {
  if (caller.role === 'admin' || caller.countries.includes('*')) return undefined;
  return { in: caller.countries };
}
