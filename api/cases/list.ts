// Listing cases from the PostgreSQL projection (indexed by status/program/country/assignee
// and due date), with keyset pagination on (sort field, id) and an opaque cursor.
import type { Database, Prisma } from '../../lib/database';
import { countryFilter, type Principal } from '../access/roles';
import { MalformedRequestError } from '../errors';
import type { CaseList, CaseListQuery } from '../schemas/cases';
import type { Keyring } from '../../lib/keyring';
import { partnerViewing, partnerViewOf, summaryOf } from './views';
import type { CaseRow } from './start-case';
import { IsoDateTime, z } from '../schemas/common';

type Query = z.infer<typeof CaseListQuery>;
type SortField = Query['sort'];

/** What a cursor holds: the sort it belongs to, the last row's sort value and id. */
// Any stored case id (projected cases may predate the API's id format), bounded.
const CursorValue = z
  .object({ s: z.enum(['dueAt', 'openedAt']), v: IsoDateTime.nullable(), id: z.string().min(1).max(200) })
  .strict();
type CursorValue = z.infer<typeof CursorValue>;

const encodeCursor = (c: CursorValue) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(raw: string, sort: SortField): CursorValue {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = CursorValue.safeParse(value);
  // A cursor of one order is meaningless in another (and openedAt is never empty).
  if (!parsed.success || parsed.data.s !== sort || (parsed.data.v === null && !NULLABLE[sort])) {
    throw new MalformedRequestError('the cursor is not one this API returned for this order', {
      issues: [{ path: 'query.cursor', message: 'is not a nextCursor of this listing' }],
    });
  }
  return parsed.data;
}

// Only the due date can be empty (a case on hold or closed); openedAt never is.
const NULLABLE: Record<SortField, boolean> = { dueAt: true, openedAt: false };
// A partner's list walks CasePartner, whose links keep copies of the case's list keys.
const LINK_KEY: Record<SortField, 'caseDueAt' | 'caseOpenedAt'> = {
  dueAt: 'caseDueAt',
  openedAt: 'caseOpenedAt',
};

// Rows after the cursor in (key ASC NULLS LAST, id ASC) order, on the columns given.
function after(key: string, id: string, nullable: boolean, cursor: CursorValue) {
  if (cursor.v === null) return { [key]: null, [id]: { gt: cursor.id } };
  const at = new Date(cursor.v);
  const later = [{ [key]: { gt: at } }, { [key]: at, [id]: { gt: cursor.id } }];
  return { OR: nullable ? [...later, { [key]: null }] : later };
}

const order = (key: string, nullable: boolean) => ({
  [key]: nullable ? { sort: 'asc', nulls: 'last' } : 'asc',
});

// The partner whose links drive the list: the partner caller's own, else the partner filter.
const drivingPartner = (caller: Principal, q: Query): string | undefined =>
  caller.role === 'partner' ? caller.partnerId! : q.partner;

// The filters on the case row (the driving partner is not one of them: its links are walked).
function filters(caller: Principal, q: Query, now: Date): Prisma.CaseWhereInput[] {
  const where: Prisma.CaseWhereInput[] = [];
  const scope = countryFilter(caller);
  if (caller.role !== 'partner' && scope) where.push({ country: scope });
  if (q.program) where.push({ program: q.program });
  if (q.country) where.push({ country: q.country });
  if (q.status) where.push({ status: q.status });
  if (q.step) where.push({ currentStep: q.step });
  if (q.assignee) where.push({ assignee: q.assignee });
  if (q.partner && q.partner !== drivingPartner(caller, q))
    where.push({ partners: { some: { partnerId: q.partner } } });
  if (q.overdue === true) where.push({ status: 'open', dueAt: { lt: now } });
  if (q.overdue === false)
    where.push({ OR: [{ status: { not: 'open' } }, { dueAt: null }, { dueAt: { gte: now } }] });
  if (q.dueBefore) where.push({ dueAt: { lt: new Date(q.dueBefore) } });
  if (q.dueAfter) where.push({ dueAt: { gte: new Date(q.dueAfter) } });
  return where;
}

type Listed = { row: CaseRow; key: Date | null };

// One page (plus one row) of cases in the list order, each with the sort key it was ordered by.
async function casesInOrder(db: Database, where: Prisma.CaseWhereInput[], q: Query, cursor?: CursorValue) {
  if (cursor) where.push(after(q.sort, 'id', NULLABLE[q.sort], cursor));
  const rows = await db.case.findMany({
    where: { AND: where },
    orderBy: [order(q.sort, NULLABLE[q.sort]), { id: 'asc' }],
    take: q.limit + 1,
    include: { partners: true },
  });
  return rows.map((row): Listed => ({ row, key: row[q.sort] }));
}

// The same page read from one partner's links, in the order of their copies of the case's keys
// (index (partnerId, key, caseId)); the other filters apply to the joined case.
async function partnerCasesInOrder(
  db: Database,
  partnerId: string,
  where: Prisma.CaseWhereInput[],
  q: Query,
  cursor?: CursorValue,
) {
  const key = LINK_KEY[q.sort];
  const links = await db.casePartner.findMany({
    where: {
      partnerId,
      ...(where.length > 0 ? { case: { AND: where } } : {}),
      ...(cursor ? after(key, 'caseId', NULLABLE[q.sort], cursor) : {}),
    },
    orderBy: [order(key, NULLABLE[q.sort]), { caseId: 'asc' }],
    take: q.limit + 1,
    select: { caseDueAt: true, caseOpenedAt: true, case: { include: { partners: true } } },
  });
  return links.map((link): Listed => ({ row: link.case, key: link[key] }));
}

/** One page of cases the caller may see (partners get their profile's view of each). */
export async function listCases(
  db: Database,
  keys: Keyring,
  caller: Principal,
  q: Query,
  /** Only these case ids (the members of a family group), when given. */
  only?: string[],
): Promise<z.input<typeof CaseList>> {
  const now = new Date();
  const where = filters(caller, q, now);
  if (only) where.push({ id: { in: only } });
  const cursor = q.cursor ? decodeCursor(q.cursor, q.sort) : undefined;
  const partnerId = drivingPartner(caller, q);
  const rows = partnerId
    ? await partnerCasesInOrder(db, partnerId, where, q, cursor)
    : await casesInOrder(db, where, q, cursor);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  // The cursor holds the key the page was ordered by (a link's copy, for a partner's list).
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor({ s: q.sort, v: last.key?.toISOString() ?? null, id: last.row.id })
      : null;
  const cases =
    caller.role === 'partner'
      ? await partnerViewing(db, caller).then((viewing) =>
          Promise.all(page.map(({ row }) => partnerViewOf(db, keys, row, caller, viewing))),
        )
      : page.map(({ row }) => summaryOf(row, now));
  return { cases, nextCursor };
}
