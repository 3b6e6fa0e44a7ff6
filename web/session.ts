// Signing in to the web app: a one-time link (its token kept only as a sha256, used once,
// before it expires), then a session whose cookie holds a random token (the row keeps its
// hash), with a CSRF token for every form. A signed-in person acts as a Principal built from
// their staff record exactly as an API key's: a key role, the record's countries, their email.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../lib/database';
import type { Principal, Role } from '../api/access/roles';

/** How long a sign-in link works. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;
/** How long a session lasts after sign-in. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

/** Key roles in the order a staff record's directory roles are read: the first one it holds wins. */
const KEY_ROLE_ORDER: Role[] = ['admin', 'supervisor', 'program_manager'];

/**
 * The key role a staff record signs in with: admin, supervisor or program manager when the
 * directory gives that role, else caseworker (resettlement, IOM, security officers… handle
 * cases with a caseworker key, README "Who may do what"); their definition roles still come
 * from the directory, read with the session on every request (api/cases/tasks.ts rolesOf).
 */
export function keyRoleOf(directoryRoles: string[]): Role {
  return KEY_ROLE_ORDER.find((role) => directoryRoles.includes(role)) ?? 'caseworker';
}

/** The page a sign-in may return to: a path under /app, never another site. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/app(\/[A-Za-z0-9\-._~%/?=&]*)?$/.test(next) && !next.startsWith('//')
    ? next
    : '/app/tasks';
}

/** Creates a sign-in link token for an active staff member; null when the email is nobody's. */
export async function createSignInToken(
  db: Database,
  email: string,
  next: string,
  now = new Date(),
): Promise<string | null> {
  const staff = await db.staff.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!staff?.active) return null;
  const token = newToken();
  await db.webSignInToken.create({
    data: {
      tokenHash: hashOf(token),
      email: staff.email,
      next: safeNext(next),
      expiresAt: new Date(now.getTime() + SIGN_IN_LINK_TTL_MS),
    },
  });
  return token;
}

/** Uses a sign-in token once: the email and page it was for, or null when unknown, used or expired. */
export async function redeemSignInToken(
  db: Database,
  token: string,
  now = new Date(),
): Promise<{ email: string; next: string } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = hashOf(token);
  // One conditional update: two tabs opening the same link cannot both sign in.
  const used = await db.webSignInToken.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (used.count !== 1) return null;
  const row = await db.webSignInToken.findUniqueOrThrow({ where: { tokenHash } });
  return { email: row.email, next: row.next };
}

/** Opens a session for a staff email: the cookie token (shown once) and the session row. */
export async function openSession(db: Database, email: string, now = new Date()) {
  const token = newToken();
  const session = await db.webSession.create({
    data: {
      tokenHash: hashOf(token),
      email,
      csrfToken: newToken(),
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    },
  });
  return { token, session };
}

/** A signed-in person: their session, staff record and the Principal they act as. */
export interface SignedIn {
  sessionId: string;
  csrfToken: string;
  language: string | null;
  name: string;
  caller: Principal;
}

/** The live session of a cookie token with its staff record (inactive staff are signed out). */
export async function sessionOf(
  db: Database,
  token: string | undefined,
  now = new Date(),
): Promise<SignedIn | null> {
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const session = await db.webSession.findUnique({ where: { tokenHash: hashOf(token) } });
  if (!session || session.expiresAt <= now) return null;
  const staff = await db.staff.findUnique({ where: { email: session.email } });
  if (!staff?.active) return null;
  return {
    sessionId: session.id,
    csrfToken: session.csrfToken,
    language: session.language ?? staff.language,
    name: staff.name,
    caller: {
      keyId: `web-session:${session.id}`,
      principal: staff.email,
      role: keyRoleOf(staff.roles),
      countries: staff.countries,
      partnerId: null,
      directoryRoles: staff.roles,
    },
  };
}

/** Ends a session (sign out). */
export async function closeSession(db: Database, sessionId: string): Promise<void> {
  await db.webSession.deleteMany({ where: { id: sessionId } });
}

/** Remembers the language a signed-in person switched to. */
export async function setSessionLanguage(db: Database, sessionId: string, language: string): Promise<void> {
  await db.webSession.update({ where: { id: sessionId }, data: { language } });
}

/** Compares a submitted CSRF token with the expected one in constant time. */
export function csrfMatches(expected: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A random token for the double-submit CSRF cookie of forms shown before sign-in. */
export const anonymousCsrfToken = newToken;
