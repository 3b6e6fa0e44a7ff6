// The people of a case: the principal applicant (from the case row) and the dependants added
// since, each with a relationship; personal data sealed at rest, every read and change audited.
import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { casePeopleSignal, type CasePeopleInput } from '../../contract/messages';
import { RELATIONSHIPS, type Relationship } from '../../definitions/vocabulary';
import { caseKeysFor } from '../../lib/case-keys';
import type { Database } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';
import type { Principal } from '../access/roles';
import { audit } from '../audit';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import type { AddPersonBody, CasePeople } from '../schemas/people';
import { caseWithPersonalData } from './access';
import { fromTemporal, TEMPORAL_DEADLINE_MS, withinDeadline } from './temporal-errors';
import { applicantOf } from './start-case';
import { PERSONAL_DATA_READERS } from './views';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const newPersonId = () => `P-${[...randomBytes(10)].map((b) => CROCKFORD[b % 32]).join('')}`;

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
  const applicant = await applicantOf(db, keys, row);
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

const isRelationship = (value: string): value is Relationship =>
  (RELATIONSHIPS as readonly string[]).includes(value);

/**
 * Tells the case workflow its dependants (ids and relationships, no personal data), for the steps
 * that concern each person. A closed case's workflow is gone and needs nothing.
 */
async function tellCase(
  db: Database,
  temporal: Client,
  row: { id: string; workflowId: string; status: string },
): Promise<void> {
  if (row.status === 'closed') return;
  const dependants = await db.casePerson.findMany({
    where: { caseId: row.id, removedAt: null },
    select: { id: true, relationship: true },
    orderBy: [{ addedAt: 'asc' }, { id: 'asc' }],
  });
  const people: CasePeopleInput['people'] = dependants.flatMap((d) =>
    isRelationship(d.relationship) ? [{ id: d.id, relationship: d.relationship }] : [],
  );
  try {
    await withinDeadline(temporal, TEMPORAL_DEADLINE_MS, () =>
      temporal.workflow.getHandle(row.workflowId).signal(casePeopleSignal, { people }),
    );
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw fromTemporal(err, row.id);
  }
}

/** Adds a dependant to a case (sealed; audited with the relationship only). */
export async function addPerson(
  db: Database,
  temporal: Client,
  keys: Keyring,
  caller: Principal,
  caseId: string,
  body: AddPersonBody,
): Promise<CasePeople> {
  mayReadPeople(caller);
  const row = await caseWithPersonalData(db, caller, caseId);
  if (row.status === 'closed') throw new ConflictError(`case ${row.id} is closed`, { rule: 'case_closed' });
  const id = newPersonId();
  await db.casePerson.create({
    data: {
      id,
      caseId: row.id,
      relationship: body.relationship,
      personalData: await caseKeysFor(db, keys).seal(row.id, JSON.stringify(body.person)),
      addedBy: caller.principal,
    },
  });
  await audit(db, caller, 'case.add_person', row.id, { personId: id, relationship: body.relationship });
  await tellCase(db, temporal, row);
  return casePeople(db, keys, caller, caseId);
}

/** Removes a dependant from a case (kept, marked removed; audited). */
export async function removePerson(
  db: Database,
  temporal: Client,
  keys: Keyring,
  caller: Principal,
  caseId: string,
  personId: string,
): Promise<CasePeople> {
  mayReadPeople(caller);
  const row = await caseWithPersonalData(db, caller, caseId);
  const removed = await db.casePerson.updateMany({
    where: { id: personId, caseId: row.id, removedAt: null },
    data: { removedAt: new Date(), removedBy: caller.principal },
  });
  if (removed.count === 0) throw new NotFoundError('person', personId);
  await audit(db, caller, 'case.remove_person', row.id, { personId });
  await tellCase(db, temporal, row);
  return casePeople(db, keys, caller, caseId);
}
