// Intake sources: one per form, stored in PostgreSQL and managed through the API by admins and
// program managers. A source's token is random, shown once, stored as its sha256 and compared in
// constant time. Kobo sends it as `Authorization: Token <token>` or as HTTP basic auth.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Prisma, type Database } from '../../lib/database';
import { inScope, type Principal } from '../access/roles';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
  UnauthenticatedError,
} from '../errors';
import { hashOf } from './mapper';
import { readMapping, type IntakeMapping } from './mapping';

export type SourceRow = NonNullable<Awaited<ReturnType<Database['intakeSource']['findUnique']>>>;

/** A new source token: `pwi_` and 43 base64url characters. */
export function newSourceToken(): string {
  return `pwi_${randomBytes(32).toString('base64url')}`;
}

/** The token an Authorization header presents: `Token t`, `Bearer t`, or basic auth whose password is t. */
export function presentedToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!value) return undefined;
  const kind = scheme!.toLowerCase();
  if (kind === 'token' || kind === 'bearer') return value;
  if (kind !== 'basic') return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}

/** The source a token opens, or 401 (the same answer for an unknown source and a wrong token). */
export async function authenticateSource(
  db: Database,
  sourceId: string,
  header: string | undefined,
): Promise<SourceRow> {
  const token = presentedToken(header);
  const refused = new UnauthenticatedError(
    'a valid source token is required (Authorization: Token <token>, or basic auth with the token as password)',
  );
  if (!token || token.length > 200) throw refused;
  const source = await db.intakeSource.findUnique({ where: { id: sourceId } });
  const expected = Buffer.from(source?.tokenHash ?? hashOf(''), 'hex');
  const actual = Buffer.from(hashOf(token), 'hex');
  if (!timingSafeEqual(expected, actual) || !source) throw refused;
  return source;
}

/** The source's mapping (validated when it was saved). */
export function mappingOf(source: SourceRow): IntakeMapping {
  const read = readMapping(source.mapping);
  if (!read.ok) throw new Error(`the stored mapping of intake source ${source.id} no longer validates`);
  return read.mapping;
}

/** Refuses a manager whose countries do not cover every country of the source (admins: all). */
export function checkSourceScope(caller: Principal, countries: string[]): void {
  const outside = countries.filter((country) => !inScope(caller, country));
  if (outside.length > 0)
    throw new ForbiddenError(`your key does not cover country ${outside.join(', ')}`, { countries: outside });
}

/** Loads a source a manager may manage, or 404 / 403. */
export async function sourceFor(db: Database, caller: Principal, sourceId: string): Promise<SourceRow> {
  const source = await db.intakeSource.findUnique({ where: { id: sourceId } });
  if (!source) throw new NotFoundError('source', sourceId);
  checkSourceScope(caller, source.countries);
  return source;
}

/** Creates or replaces a source's mapping; a new source gets a token (returned once). */
export async function saveSource(
  db: Database,
  caller: Principal,
  sourceId: string,
  input: { mapping: string; countries: string[] },
): Promise<{ created: boolean; token?: string }> {
  const read = readMapping(input.mapping);
  if (!read.ok)
    throw new RuleViolationError('the mapping is not valid', {
      rule: 'invalid_mapping',
      issues: read.problems.map((p) => ({
        path: p.path ? `body.mapping.${p.path}` : 'body.mapping',
        message: p.message,
      })),
    });
  checkSourceScope(caller, input.countries);
  const existing = await db.intakeSource.findUnique({ where: { id: sourceId } });
  if (existing) {
    checkSourceScope(caller, existing.countries);
    await db.intakeSource.update({
      where: { id: sourceId },
      data: { mapping: input.mapping, countries: input.countries },
    });
    return { created: false };
  }
  const token = newSourceToken();
  try {
    await db.intakeSource.create({
      data: {
        id: sourceId,
        mapping: input.mapping,
        countries: input.countries,
        tokenHash: hashOf(token),
        createdBy: caller.principal,
      },
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
      throw new ConflictError(`source ${sourceId} was created at the same time; save the mapping again`);
    throw err;
  }
  return { created: true, token };
}

/** Replaces a source's token; the old one stops working at once. */
export async function rotateSourceToken(db: Database, sourceId: string): Promise<string> {
  const token = newSourceToken();
  await db.intakeSource.update({ where: { id: sourceId }, data: { tokenHash: hashOf(token) } });
  return token;
}
