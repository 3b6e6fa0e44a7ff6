// What every part of the web app shares: its dependencies, the signed-in person of a request,
// their language, the HTML answer, and the guards that pages and forms go through.
import type { Client } from '@temporalio/client';
import type { Request, RequestHandler, Response } from 'express';
import type { Database } from '../lib/database';
import type { Keyring } from '../lib/keyring';
import type { Mailer } from '../lib/mailer';
import type { Role } from '../api/access/roles';
import type { CaseActionContext } from '../api/cases/act';
import { ApiError, ForbiddenError } from '../api/errors';
import { speechOf, type Speech } from './i18n';
import { csrfMatches, type SignedIn } from './session';

export interface WebDeps {
  db: Database;
  /** Open the applicant's data and the hold reason on the case page; seal partner secrets. */
  keys: Keyring;
  temporal: Client;
  deadlineMs: number;
  /** Sends the sign-in links (the process's SMTP mailer; resolved on first use). */
  mailer: () => Mailer;
  /** Base URL of the links in sign-in emails. */
  publicUrl: string;
}

/** The dependencies plus what the case actions need, handed to every area's routes. */
export interface WebContext extends WebDeps {
  actions: CaseActionContext;
}

/** The cookies of a request by name. */
export function cookiesOf(req: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) cookies[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
  }
  return cookies;
}

/** The signed-in person of a request (set by the session middleware), if any. */
export const signedInOf = (res: Response) => res.locals.signedIn as SignedIn | undefined;

/** The signed-in person of a request behind `signedIn` (always there). */
export const sessionOf = (res: Response) => res.locals.signedIn as SignedIn;

/** The language of a request: the session's, else ?lang= or the form's lang, else English. */
export const speechFor = (req: Request, res: Response): Speech =>
  speechOf(
    signedInOf(res)?.language ??
      (req.query.lang as string | undefined) ??
      (req.body as { lang?: string } | undefined)?.lang,
  );

/** Answers with a page (never cached: pages carry personal data and CSRF tokens). */
export const sendHtml = (res: Response, status: number, body: string) =>
  res.status(status).type('html').set('Cache-Control', 'no-store').send(body);

/** Refusal of a form whose CSRF token does not match (403, nothing done). */
export class CsrfRefused extends Error {}

/** A form field as text ('' when absent or not text), trimmed and cut to `max` characters. */
export const formText = (form: unknown, name: string, max = 500): string => {
  const value = (form as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
};

/** Pages for signed-in people: a reader without a session goes to sign-in and comes back; every POST carries the session's CSRF token. */
export const signedIn: RequestHandler = (req, res, next) => {
  const session = signedInOf(res);
  if (!session) {
    if (req.method === 'GET')
      return res.redirect(303, `/app/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
    throw new ApiError('unauthenticated', 'sign in first');
  }
  if (req.method === 'POST' && !csrfMatches(session.csrfToken, (req.body as Record<string, unknown>)?._csrf))
    throw new CsrfRefused();
  next();
};

/** The API's role check of a route, for pages (403 page otherwise). */
export const rolesOnly =
  (roles: Role[], what: string): RequestHandler =>
  (_req, res, next) => {
    if (!roles.includes(sessionOf(res).caller.role)) throw new ForbiddenError(`${what} only`);
    next();
  };
