// Issue 12, item 6: a partner's list walks its links in the order of their copies of the case's
// list keys. When the projection moves a case's due date (or the case is linked later), the
// partner's list and the partner filter still show the same cases in the same order as the case
// rows themselves, page after page.
import { randomBytes } from 'node:crypto';
import { applyProjectionBatch } from '../../activities/projection';
import type { CaseSnapshot } from '../../contract/projection';
import { caseWorkflowId } from '../../contract/keys';
import { createPartner, linkCasePartner } from '../../directory/partners';
import { closeDatabase, database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { listCases } from '../../api/cases/list';
import { CaseListQuery } from '../../api/schemas/cases';
import type { Principal } from '../../api/access/roles';

const run = randomBytes(3).toString('hex');
const db = database();
const keys = keyring();
const partnerId = `list-ngo-${run}`;
const ids = [1, 2, 3, 4, 5].map((n) => `pl-${run}-${n}`);
const day = (n: number) => new Date(Date.UTC(2031, 0, 1 + n)).toISOString();

const admin: Principal = {
  keyId: 'k',
  principal: 'admin@pathways.test',
  role: 'admin',
  countries: [],
  partnerId: null,
};
const partner: Principal = {
  keyId: 'k',
  principal: 'ngo@pathways.test',
  role: 'partner',
  countries: [],
  partnerId,
};

// The projection writes the case row, as the case workflow does after each transition.
async function project(id: string, dueAt: string | null, status: CaseSnapshot['status'] = 'open') {
  await applyProjectionBatch(
    db,
    {
      case: {
        id,
        reference: `PL-${id}`,
        workflowId: caseWorkflowId(id),
        program: 'resettlement',
        country: 'XL',
        definitionId: 'resettlement',
        definitionVersion: 1,
        priority: 'normal',
        status,
        currentStep: 'interview',
        currentVisit: 1,
        assignee: 'worker@pathways.test',
        dueAt,
        holdReason: null,
        closureReason: status === 'closed' ? 'withdrawn' : null,
        closedAt: status === 'closed' ? day(0) : null,
        revision: 1,
      },
      visits: [],
      events: [],
    },
    keys,
  );
}

// Every page of a listing, two cases at a time, following the cursor.
async function listAll(caller: Principal, query: Record<string, string>): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await listCases(
      db,
      keys,
      caller,
      CaseListQuery.parse({ ...query, limit: '2', ...(cursor ? { cursor } : {}) }),
    );
    seen.push(...page.cases.map((c) => c.id));
    cursor = page.nextCursor ?? null;
  } while (cursor);
  return seen;
}

// The order the case rows themselves give, for the cases linked to the partner.
async function expected(sort: 'dueAt' | 'openedAt', where: { status?: 'open' } = {}): Promise<string[]> {
  const rows = await db.case.findMany({
    where: { ...where, partners: { some: { partnerId } } },
    orderBy: [
      sort === 'dueAt' ? { dueAt: { sort: 'asc', nulls: 'last' } } : { openedAt: 'asc' },
      { id: 'asc' },
    ],
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

beforeAll(async () => {
  await createPartner(db, keys, {
    id: partnerId,
    name: 'List NGO',
    kind: 'ngo',
    contactEmail: `list.${run}@ngo.test`,
    sharingProfile: { fields: [], events: [] },
  });
  for (const [n, id] of ids.entries()) await project(id, n === 4 ? null : day(n + 1));
  // Linked after the cases were projected: the links copy the keys the rows hold now.
  for (const id of ids.slice(0, 4)) await linkCasePartner(db, { caseId: id, partnerId, role: 'service' });
});

afterAll(async () => {
  await closeDatabase();
});

it('keeps a partner’s list in the cases’ order after the projection moves their due dates', async () => {
  const before = await expected('dueAt');
  expect(before).toEqual(ids.slice(0, 4));
  expect(await listAll(partner, {})).toEqual(before);

  // The first case falls due last, the second loses its due date (on hold), the fourth comes first.
  await project(ids[0]!, day(30));
  await project(ids[1]!, null, 'on_hold');
  await project(ids[3]!, day(-5));
  // Linked only now, after its due date was set: it joins in its place.
  await linkCasePartner(db, { caseId: ids[4]!, partnerId, role: 'service' });
  await project(ids[4]!, day(10));

  const after = await expected('dueAt');
  expect(after).toEqual([ids[3], ids[2], ids[4], ids[0], ids[1]]);
  expect(await listAll(partner, {})).toEqual(after);
  expect(await listAll(admin, { partner: partnerId })).toEqual(after);
  expect(await listAll(partner, { sort: 'openedAt' })).toEqual(await expected('openedAt'));
  // The other filters apply to the case row: the case on hold drops out of the open cases.
  expect(await listAll(admin, { partner: partnerId, status: 'open' })).toEqual(
    await expected('dueAt', { status: 'open' }),
  );
  const links = await db.casePartner.findMany({ where: { partnerId }, include: { case: true } });
  for (const link of links)
    expect([link.caseDueAt, link.caseOpenedAt]).toEqual([link.case.dueAt, link.case.openedAt]);
});
