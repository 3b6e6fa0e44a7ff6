// Listing cases from the PostgreSQL projection (indexed by status/program/country/assignee
// and due date), with keyset pagination on (sort field, id) and an opaque cursor.
import type { Database, Prisma } from '../../lib/database';
import { countryFilter, type Principal } from '../access/roles';
import { MalformedRequestError } from '../errors';
import type { CaseList, CaseListQuery } from '../schemas/cases';
import type { Keyring } from '../../lib/keyring';
import { partnerViewOf, summaryOf } from './views';
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

// Rows after the cursor in (field ASC NULLS LAST, id ASC) order.
function after(field: SortField, cursor: CursorValue): Prisma.CaseWhereInput {
  if (cursor.v === null) return { [field]: null, id: { gt: cursor.id } };
  const at = new Date(cursor.v);
  const later: Prisma.CaseWhereInput[] = [{ [field]: { gt: at } }, { [field]: at, id: { gt: cursor.id } }];
  return { OR: NULLABLE[field] ? [...later, { [field]: null }] : later };
}

function filters(caller: Principal, q: Query, now: Date): Prisma.CaseWhereInput[] {
  const where: Prisma.CaseWhereInput[] = [];
  const scope = countryFilter(caller);
  if (caller.role === 'partner') where.push({ partners: { some: { partnerId: caller.partnerId! } } });
  else if (scope) where.push({ country: scope });
  if (q.program) where.push({ program: q.program });
  if (q.country) where.push({ country: q.country });
  if (q.status) where.push({ status: q.status });
  if (q.step) where.push({ currentStep: q.step });
  if (q.assignee) where.push({ assignee: q.assignee });
  if (q.partner) where.push({ partners: { some: { partnerId: q.partner } } });
  if (q.overdue === true) where.push({ status: 'open', dueAt: { lt: now } });
  if (q.overdue === false)
    where.push({ OR: [{ status: { not: 'open' } }, { dueAt: null }, { dueAt: { gte: now } }] });
  if (q.dueBefore) where.push({ dueAt: { lt: new Date(q.dueBefore) } });
  if (q.dueAfter) where.push({ dueAt: { gte: new Date(q.dueAfter) } });
  return where;
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
  if (q.cursor) where.push(after(q.sort, decodeCursor(q.cursor, q.sort)));
  const rows = await db.case.findMany({
    where: { AND: where },
    orderBy: [{ [q.sort]: NULLABLE[q.sort] ? { sort: 'asc', nulls: 'last' } : 'asc' }, { id: 'asc' }],
    take: q.limit + 1,
    include: { partners: true },
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor({ s: q.sort, v: last[q.sort]?.toISOString() ?? null, id: last.id })
      : null;
  const cases =
    caller.role === 'partner'
      ? await Promise.all(page.map((row) => partnerViewOf(db, keys, row, caller)))
      : page.map((row) => summaryOf(row, now));
  return { cases, nextCursor };
}
