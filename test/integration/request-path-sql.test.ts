// The statements every API request runs (its key, the case and its partner links, the caller's
// roles, the audit row, the projection's revision) and the start's transaction go to pg directly
// (`sql` and `sqlTransaction` in lib/database.ts), past Prisma's query engine. They must read and
// write exactly what Prisma does, whatever the time zone of the API's machine: Prisma keeps
// DateTime as UTC in `timestamp` columns, which pg alone would read as local time (the test runs
// them in a process eight hours from UTC).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { audit } from '../../api/audit';
import { createApiKey, verifyApiKey } from '../../api/access/api-keys';
import type { Principal } from '../../api/access/roles';
import { caseFor } from '../../api/cases/access';
import { rolesOf } from '../../api/cases/tasks';
import { waitForProjection } from '../../api/cases/projection-wait';
import { casePersonalData } from '../../lib/case-personal-data';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';

jest.setTimeout(60_000);

const db = database();
const id = `sql-${randomUUID().slice(0, 8)}`;
const admin: Principal = {
  keyId: randomUUID(),
  principal: 'lead@pathways.test',
  role: 'admin',
  countries: [],
  partnerId: null,
};

beforeAll(async () => {
  await db.partner.upsert({
    where: { id: 'sql-partner' },
    update: {},
    create: {
      id: 'sql-partner',
      name: 'SQL partner',
      kind: 'ngo',
      contactEmail: 'p@partner.test',
      sharingProfile: { fields: [], events: [] },
    },
  });
  await db.case.create({
    data: {
      id,
      reference: `REF-${id}`,
      workflowId: `case-${id}`,
      program: 'resettlement',
      country: 'KE',
      definitionId: 'mini.ke',
      definitionVersion: 1,
      priority: 'urgent',
      assignee: 'amina@pathways.test',
      currentStep: 'assessment',
      currentVisit: 1,
      revision: 3,
      dueAt: new Date('2027-03-28T01:30:00.123Z'),
      openedAt: new Date('2026-12-07T23:59:59.999Z'),
      partners: {
        create: [
          {
            partnerId: 'sql-partner',
            role: 'referring',
            consent: ['status', 'contact'],
            caseDueAt: new Date('2027-03-28T01:30:00.123Z'),
            caseOpenedAt: new Date('2026-12-07T23:59:59.999Z'),
          },
        ],
      },
    },
  });
  await db.staff.upsert({
    where: { email: admin.principal },
    update: { roles: ['supervisor', 'caseworker'], active: true },
    create: { name: 'Lead', email: admin.principal, roles: ['supervisor', 'caseworker'], countries: ['KE'] },
  });
});

const started: string[] = [];

afterAll(async () => {
  await db.case.deleteMany({ where: { id: { in: [id, ...started] } } });
  await db.caseKey.deleteMany({ where: { caseId: { in: started } } });
  await db.auditEntry.deleteMany({ where: { caseId: { in: [id, ...started] } } });
});

test('the case and its partner links read as Prisma reads them, dates in UTC', async () => {
  const expected = await db.case.findUniqueOrThrow({ where: { id }, include: { partners: true } });
  const row = await caseFor(db, admin, id);
  expect(row).toEqual(expected);
  expect(row.dueAt?.toISOString()).toBe('2027-03-28T01:30:00.123Z');
  expect(
    row.partners.map((p) => [
      p.partnerId,
      p.consent,
      p.caseDueAt?.toISOString(),
      p.caseOpenedAt.toISOString(),
    ]),
  ).toEqual([['sql-partner', ['status', 'contact'], '2027-03-28T01:30:00.123Z', '2026-12-07T23:59:59.999Z']]);
  await expect(caseFor(db, admin, 'no-such-case')).rejects.toMatchObject({ status: 404 });
});

test('in a process eight hours from UTC, the same rows and the same audit time', async () => {
  const child = join(__dirname, '..', 'support', 'request-path-sql-child.ts');
  const { stdout } = await promisify(execFile)('npx', ['tsx', child, id, JSON.stringify(admin)], {
    env: { ...process.env, TZ: 'America/Los_Angeles' },
  });
  const seen = JSON.parse(stdout) as { row: unknown; auditedFrom: string; auditedTo: string };
  const expected = await db.case.findUniqueOrThrow({ where: { id }, include: { partners: true } });
  expect(seen.row).toEqual(JSON.parse(JSON.stringify(expected)));
  const entries = await db.auditEntry.findMany({
    where: { caseId: id, detail: { equals: { role: 'admin', keyId: admin.keyId, step: 'assessment' } } },
  });
  expect(entries).toHaveLength(1);
  expect(entries[0]!.at.getTime()).toBeGreaterThanOrEqual(Date.parse(seen.auditedFrom) - 1000);
  expect(entries[0]!.at.getTime()).toBeLessThanOrEqual(Date.parse(seen.auditedTo) + 1000);
});

test('an audit row is written with the time it was written, in UTC, and its detail', async () => {
  const before = Date.now();
  await audit(db, admin, 'case.complete_step', id, { step: 'assessment', outcome: 'assessed' });
  const [entry] = await db.auditEntry.findMany({
    where: { caseId: id, action: 'case.complete_step', detail: { path: ['outcome'], equals: 'assessed' } },
  });
  expect(entry?.at.getTime()).toBeGreaterThanOrEqual(before - 1000);
  expect(entry?.at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  expect(entry?.detail).toEqual({
    role: 'admin',
    keyId: admin.keyId,
    step: 'assessment',
    outcome: 'assessed',
  });
  expect([entry?.principal, entry?.action]).toEqual([admin.principal, 'case.complete_step']);
});

test("a key, the caller's roles and the projection's revision read as before", async () => {
  const created = await createApiKey(db, {
    principal: 'sql@pathways.test',
    role: 'caseworker',
    countries: ['KE'],
  });
  expect(await verifyApiKey(db, created.key)).toMatchObject({
    principal: 'sql@pathways.test',
    role: 'caseworker',
    countries: ['KE'],
  });
  expect(await verifyApiKey(db, `${created.key.slice(0, -1)}x`)).toBeNull();
  await db.apiKey.update({ where: { id: created.id }, data: { revokedAt: new Date() } });
  expect(await verifyApiKey(db, created.key)).toBeNull();
  expect([...(await rolesOf(db, admin))].sort()).toEqual(['admin', 'caseworker', 'supervisor']);
  expect(await waitForProjection(db, id, 3, 100)).toBe(true);
  expect(await waitForProjection(db, id, 4, 100)).toBe(false);
});

test("a key carries its principal's directory roles, read with it, as the staff directory holds them", async () => {
  const email = `roles-${randomUUID().slice(0, 8)}@pathways.test`;
  const staff = await db.staff.create({
    data: { name: 'Roles', email, roles: ['protection_officer', 'supervisor'], countries: ['KE'] },
  });
  const { key } = await createApiKey(db, { principal: email, role: 'caseworker', countries: ['KE'] });
  const caller = (await verifyApiKey(db, key))!;
  expect([...caller.directoryRoles!].sort()).toEqual(['protection_officer', 'supervisor']);
  const readAgain = { ...caller, directoryRoles: undefined };
  expect([...(await rolesOf(db, caller))].sort()).toEqual([...(await rolesOf(db, readAgain))].sort());
  expect([...(await rolesOf(db, caller))].sort()).toEqual(['caseworker', 'protection_officer', 'supervisor']);

  // Someone who leaves the directory acts with the key's role alone from their next request on.
  await db.staff.update({ where: { id: staff.id }, data: { active: false } });
  const afterLeaving = (await verifyApiKey(db, key))!;
  expect(afterLeaving.directoryRoles).toEqual([]);
  expect([...(await rolesOf(db, afterLeaving))]).toEqual(['caseworker']);
  const stranger = await createApiKey(db, { principal: `x-${email}`, role: 'caseworker', countries: ['KE'] });
  expect((await verifyApiKey(db, stranger.key))!.directoryRoles).toEqual([]);
});

test('a case started in a process eight hours from UTC: its rows hold the instants of the start, in UTC', async () => {
  const child = join(__dirname, '..', 'support', 'start-case-sql-child.ts');
  const { stdout } = await promisify(execFile)('npx', ['tsx', child, 'sql-partner', JSON.stringify(admin)], {
    env: { ...process.env, TZ: 'America/Los_Angeles' },
  });
  const seen = JSON.parse(stdout) as {
    row: { id: string; openedAt: string; partners: unknown[] } & Record<string, unknown>;
    applicant: unknown;
    from: string;
    to: string;
  };
  started.push(seen.row.id);
  const within = (at: Date | null | undefined) => {
    expect(at!.getTime()).toBeGreaterThanOrEqual(Date.parse(seen.from) - 1000);
    expect(at!.getTime()).toBeLessThanOrEqual(Date.parse(seen.to) + 1000);
  };
  const stored = await db.case.findUniqueOrThrow({
    where: { id: seen.row.id },
    include: { partners: true, people: true },
  });
  // The row as the start answered it (before its first transition was written over it).
  const {
    partners,
    people: _people,
    ...row
  } = JSON.parse(JSON.stringify(stored)) as typeof seen.row & {
    people: unknown;
  };
  const { partners: seenPartners, ...seenRow } = seen.row;
  for (const moved of ['currentVisit', 'dueAt', 'revision', 'updatedAt']) {
    delete (row as Record<string, unknown>)[moved];
    delete seenRow[moved];
  }
  expect(seenRow).toEqual(row);
  expect(seenPartners).toEqual(partners.map((p) => ({ ...(p as object), caseDueAt: null })));
  expect(stored.currentStep).toBe('identification');
  expect(stored.revision).toBeGreaterThan(0);
  within(stored.openedAt);
  within(stored.updatedAt);
  expect(stored.partners.map((p) => [p.partnerId, p.role, p.consent, p.caseOpenedAt.toISOString()])).toEqual([
    ['sql-partner', 'referring', ['case_updates'], stored.openedAt.toISOString()],
  ]);
  expect(stored.people.map((p) => p.relationship)).toEqual(['child']);
  within(stored.people[0]!.addedAt);
  within((await db.caseKey.findUniqueOrThrow({ where: { caseId: stored.id } })).createdAt);
  const [entry] = await db.auditEntry.findMany({ where: { caseId: stored.id, action: 'case.start' } });
  within(entry?.at);
  // What the start answers as the applicant is what a read of the case gives.
  expect(seen.applicant).toEqual(await casePersonalData(db, keyring(), stored));
  expect(seen.applicant).toMatchObject({
    familyName: 'Start',
    dependants: [{ givenName: 'Baraka', relationship: 'child', birthDate: '2015-05-05' }],
  });
});
