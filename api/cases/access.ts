// Finding a case for a caller: partners learn nothing of cases they are not a partner of
// (404, as for an unknown id); staff outside the case's countries get 403.
import { sql, utcTimestamp, type Case, type CasePartner, type Database } from '../../lib/database';
import { pinnedDefinition } from '../../definitions/pinned';
import type { Actor } from '../../contract/messages';
import { inScope, type Principal } from '../access/roles';
import { CaseErasedError, ForbiddenError, NotFoundError } from '../errors';
import type { CaseRow } from './start-case';
import { rolesOf } from './tasks';

// The case row and its partner links in one statement (one round trip on every request).
const CASE_WITH_PARTNERS = `SELECT c.*, COALESCE(
    (SELECT json_agg(p) FROM "CasePartner" p WHERE p."caseId" = c.id), '[]'::json) AS partners
  FROM "Case" c WHERE c.id = $1`;

/** A partner link as json_agg gives it: its instants as text (UTC, without a zone). */
type PartnerJson = Omit<CasePartner, 'caseDueAt' | 'caseOpenedAt'> & {
  caseDueAt: string | null;
  caseOpenedAt: string;
};

function partnerOf(link: PartnerJson): CasePartner {
  return {
    ...link,
    caseDueAt: link.caseDueAt === null ? null : utcTimestamp(link.caseDueAt),
    caseOpenedAt: utcTimestamp(link.caseOpenedAt),
  };
}

/** Loads a case the caller may see, or throws 404 / 403. */
export async function caseFor(db: Database, caller: Principal, caseId: string): Promise<CaseRow> {
  const [found] = await sql<Case & { partners: PartnerJson[] }>(db, CASE_WITH_PARTNERS, [caseId]);
  if (!found) throw new NotFoundError('case', caseId);
  const row: CaseRow = { ...found, partners: found.partners.map(partnerOf) };
  if (caller.role === 'partner') {
    if (!row.partners.some((p) => p.partnerId === caller.partnerId)) throw new NotFoundError('case', caseId);
    return row;
  }
  if (!inScope(caller, row.country))
    throw new ForbiddenError(`your key does not cover country ${row.country}`, { country: row.country });
  return row;
}

/** Loads a case whose personal data the caller is about to read or change: 410 once it was erased. */
export async function caseWithPersonalData(
  db: Database,
  caller: Principal,
  caseId: string,
): Promise<CaseRow> {
  const row = await caseFor(db, caller, caseId);
  if (row.erasedAt) throw new CaseErasedError(row.id, row.erasedAt);
  return row;
}

/**
 * The actor the workflow checks step ownership against: the staff directory's roles for the
 * key's principal plus the key's role. Admins act with every role of the case's definition.
 */
export async function actorFor(db: Database, caller: Principal, row: CaseRow): Promise<Actor> {
  return actorWith(db, caller, row, await rolesOf(db, caller));
}

/** A case the caller may act on (404 / 403 as caseFor) and its actor, the two reads side by side. */
export async function caseAndActor(
  db: Database,
  caller: Principal,
  caseId: string,
): Promise<{ row: CaseRow; actor: Actor }> {
  const [row, roles] = await Promise.all([caseFor(db, caller, caseId), rolesOf(db, caller)]);
  return { row, actor: await actorWith(db, caller, row, roles) };
}

async function actorWith(db: Database, caller: Principal, row: CaseRow, roles: Set<string>): Promise<Actor> {
  if (caller.role === 'admin') {
    const definition = await pinnedDefinition(db, row);
    for (const role of definition?.roles ?? []) roles.add(role);
  }
  return { id: caller.principal, roles: [...roles].slice(0, 20) };
}
