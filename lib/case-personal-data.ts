// A case's personal data as every reader sees it: the principal applicant's fields (sealed on
// the case row) with the case's dependants as they are now (CasePerson rows, each sealed). The
// dependants given at a start are people of the case from then on; a removed one is no longer
// shown or shared. Rows written before this rule also hold the start's dependants in the
// applicant's sealed data: those are never read.
import { caseKeysFor } from './case-keys';
import type { Database } from './database';
import type { Keyring } from './keyring';

/** A dependant as readers see it: the relationship and the sealed fields. */
export interface DependantData {
  relationship: string;
  givenName?: string;
  familyName?: string;
  birthDate?: string;
  [field: string]: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The applicant's own fields, without the dependants a start gave (they are the case's people). */
export function principalOf<T extends object>(applicant: T): Omit<T, 'dependants'> {
  const { dependants: _given, ...principal } = applicant as T & { dependants?: unknown };
  return principal;
}

/** The principal applicant's own fields, opened from the case row's sealed data (no dependants). */
export async function principalData(
  db: Database,
  keys: Keyring,
  sealed: string,
): Promise<Record<string, unknown> | undefined> {
  const applicant: unknown = JSON.parse(await caseKeysFor(db, keys).open(sealed));
  return isObject(applicant) ? principalOf(applicant) : undefined;
}

/**
 * The case's personal data: the principal's fields, and `dependants` when the case has any
 * active ones (in the order they were added). Undefined when the row holds none (erased).
 */
export async function casePersonalData(
  db: Database,
  keys: Keyring,
  row: { id: string; personalData: string | null },
): Promise<Record<string, unknown> | undefined> {
  if (!row.personalData) return undefined;
  const caseKeys = caseKeysFor(db, keys);
  const [principal, people] = await Promise.all([
    principalData(db, keys, row.personalData),
    db.casePerson.findMany({
      where: { caseId: row.id, removedAt: null },
      select: { relationship: true, personalData: true },
      orderBy: [{ addedAt: 'asc' }, { id: 'asc' }],
    }),
  ]);
  if (!principal) return undefined;
  const dependants: DependantData[] = [];
  for (const person of people) {
    if (!person.personalData) continue;
    const fields: unknown = JSON.parse(await caseKeys.open(person.personalData));
    if (isObject(fields)) dependants.push({ ...fields, relationship: person.relationship });
  }
  return { ...principal, ...(dependants.length > 0 ? { dependants } : {}) };
}
