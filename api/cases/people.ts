// The people of a case: the principal applicant (from the case row) and the dependants (given
// at the start or added since), each with a relationship; personal data sealed at rest, every
// read and change audited, and each change told to the case workflow (./roster.ts).
import { caseKeysFor, type CaseKeys } from '../../lib/case-keys';
import { principalData } from '../../lib/case-personal-data';
import type { Database } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';
import type { Principal } from '../access/roles';
import { audit } from '../audit';
import { ConflictError, DependencyUnavailableError, ForbiddenError, NotFoundError } from '../errors';
import type { AddPersonBody, CasePeople } from '../schemas/people';
import type { Applicant } from '../schemas/cases';
import { caseWithPersonalData } from './access';
import { newPersonId, peopleChanged, tellCase, type TellContext } from './roster';
import { PERSONAL_DATA_READERS } from './views';

/** What changing the people of a case takes: the database, the keys that seal them, Temporal. */
export type PeopleContext = TellContext & { keys: Keyring };

function mayReadPeople(caller: Principal): void {
  if (!PERSONAL_DATA_READERS.includes(caller.role))
    throw new ForbiddenError(`the role ${caller.role} may not read or change the people of a case`);
}

/** The case's people, principal first, as the caller may see them (the read is audited). */
export async function casePeople(
  db: Database,
  keys: Keyring,
  caller: Principal,
  caseId: string,
): Promise<CasePeople> {
  mayReadPeople(caller);
  const row = await caseWithPersonalData(db, caller, caseId);
  const dependants = await db.casePerson.findMany({
    where: { caseId: row.id, removedAt: null },
    orderBy: [{ addedAt: 'asc' }, { id: 'asc' }],
  });
  // The principal only: the dependants are the rows just read.
  const applicant = row.personalData
    ? ((await principalData(db, keys, row.personalData)) as Applicant | undefined)
    : undefined;
  const caseKeys = caseKeysFor(db, keys);
  const persons = await Promise.all(
    dependants.map(async (d) =>
      d.personalData === null
        ? {}
        : (JSON.parse(await caseKeys.open(d.personalData)) as CasePeople['people'][number]['person']),
    ),
  );
  await audit(db, caller, 'case.read_personal_data', row.id, { people: dependants.length + 1 });
  return {
    caseId: row.id,
    people: [
      ...(applicant
        ? [
            {
              id: 'principal',
              role: 'principal' as const,
              relationship: 'self',
              person: {
                givenName: applicant.givenName,
                familyName: applicant.familyName,
                ...(applicant.birthDate ? { birthDate: applicant.birthDate } : {}),
              },
            },
          ]
        : []),
      ...dependants.map((d, i) => ({
        id: d.id,
        role: 'dependant' as const,
        relationship: d.relationship,
        person: persons[i]!,
        addedAt: d.addedAt.toISOString(),
      })),
    ],
  };
}

/** What a change to the people answers: 201 added and told, 200 already there, 202 stored but not yet told. */
export interface PeopleChange {
  status: 200 | 201 | 202;
  people: CasePeople;
}

/** Tells the case after a stored change; Temporal unreachable: the change stands, told later (202). */
async function told(ctx: TellContext, caseId: string): Promise<boolean> {
  try {
    await tellCase(ctx, caseId);
    return true;
  } catch (err) {
    if (err instanceof DependencyUnavailableError) return false;
    throw err;
  }
}

/** Same person: same relationship and same personal data, compared opened (the seal is randomised). */
async function samePerson(
  caseKeys: CaseKeys,
  row: { relationship: string; personalData: string | null },
  body: AddPersonBody,
): Promise<boolean> {
  const canonical = (person: object) =>
    JSON.stringify(Object.entries(person).sort(([a], [b]) => a.localeCompare(b)));
  if (row.relationship !== body.relationship || row.personalData === null) return false;
  return canonical(JSON.parse(await caseKeys.open(row.personalData)) as object) === canonical(body.person);
}

/**
 * Adds a dependant to a case (sealed; audited with the relationship only). The same person
 * added again while active (a retry) is found, not added twice: the case row is locked while
 * looking, so two identical adds at once make one row.
 */
export async function addPerson(
  ctx: PeopleContext,
  caller: Principal,
  caseId: string,
  body: AddPersonBody,
): Promise<PeopleChange> {
  const { db, keys } = ctx;
  mayReadPeople(caller);
  const row = await caseWithPersonalData(db, caller, caseId);
  if (row.status === 'closed') throw new ConflictError(`case ${row.id} is closed`, { rule: 'case_closed' });
  // Sealed before the case row is locked: sealing may make the case's key (older cases).
  const caseKeys = caseKeysFor(db, keys);
  const personalData = await caseKeys.seal(row.id, JSON.stringify(body.person));
  const added = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Case" WHERE id = ${row.id} FOR UPDATE`;
    const active = await tx.casePerson.findMany({
      where: { caseId: row.id, removedAt: null, relationship: body.relationship },
      select: { id: true, relationship: true, personalData: true },
    });
    for (const person of active) if (await samePerson(caseKeys, person, body)) return null;
    const id = newPersonId();
    await tx.casePerson.create({
      data: {
        id,
        caseId: row.id,
        relationship: body.relationship,
        personalData,
        addedBy: caller.principal,
      },
    });
    await peopleChanged(tx, row.id);
    return id;
  });
  if (added)
    await audit(db, caller, 'case.add_person', row.id, { personId: added, relationship: body.relationship });
  const isTold = await told(ctx, row.id);
  return { status: !added ? 200 : isTold ? 201 : 202, people: await casePeople(db, keys, caller, caseId) };
}

/** Removes a dependant from a case (kept, marked removed; audited). */
export async function removePerson(
  ctx: PeopleContext,
  caller: Principal,
  caseId: string,
  personId: string,
): Promise<PeopleChange> {
  const { db, keys } = ctx;
  mayReadPeople(caller);
  const row = await caseWithPersonalData(db, caller, caseId);
  const removed = await db.$transaction(async (tx) => {
    const marked = await tx.casePerson.updateMany({
      where: { id: personId, caseId: row.id, removedAt: null },
      data: { removedAt: new Date(), removedBy: caller.principal },
    });
    if (marked.count > 0) await peopleChanged(tx, row.id);
    return marked.count > 0;
  });
  if (!removed) throw new NotFoundError('person', personId);
  await audit(db, caller, 'case.remove_person', row.id, { personId });
  const isTold = await told(ctx, row.id);
  return { status: isTold ? 200 : 202, people: await casePeople(db, keys, caller, caseId) };
}
