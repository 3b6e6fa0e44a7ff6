// Signing in and out: the email form, the one-time link's Continue page, the session cookie,
// sign out and the language switch. Forms shown before sign-in carry a double-submit CSRF token.
import type { Request, RequestHandler, Response, Router } from 'express';
import { speechOf } from '../i18n';
import { continuePage, deadLinkPage, signInPage } from '../pages/sign-in';
import {
  anonymousCsrfToken,
  closeSession,
  createSignInToken,
  csrfMatches,
  openSession,
  redeemSignInToken,
  safeNext,
  setSessionLanguage,
  SESSION_TTL_MS,
} from '../session';
import { sendSignInLink } from '../sign-in-mail';
import {
  cookiesOf,
  CsrfRefused,
  sendHtml,
  sessionOf,
  signedIn,
  signedInOf,
  speechFor,
  type WebContext,
} from '../context';

/** The cookie that holds a session's token. */
export const SESSION_COOKIE = 'pw_session';
const ANONYMOUS_CSRF_COOKIE = 'pw_csrf';

/** Declares /sign-in, /sign-in/verify, /sign-out and /language. */
export function signInRoutes(router: Router, web: WebContext): void {
  const { db } = web;
  const secure = web.publicUrl.startsWith('https:');
  const cookie = (req: Request) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: secure || req.secure,
    path: '/app',
  });

  /** The token an anonymous form carries (double-submit cookie), set on first sight. */
  const anonymousCsrf = (req: Request, res: Response): string => {
    const existing = cookiesOf(req)[ANONYMOUS_CSRF_COOKIE];
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const token = anonymousCsrfToken();
    res.cookie(ANONYMOUS_CSRF_COOKIE, token, { ...cookie(req), maxAge: 60 * 60_000 });
    return token;
  };
  const checkAnonymousCsrf: RequestHandler = (req, _res, next) => {
    const expected = cookiesOf(req)[ANONYMOUS_CSRF_COOKIE];
    if (!expected || !csrfMatches(expected, (req.body as Record<string, unknown>)?._csrf))
      throw new CsrfRefused();
    next();
  };

  router.get('/sign-in', (req, res) => {
    const next = safeNext(req.query.next);
    if (signedInOf(res)) return res.redirect(303, next);
    sendHtml(res, 200, signInPage(speechFor(req, res), anonymousCsrf(req, res), next));
  });

  router.post('/sign-in', checkAnonymousCsrf, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.slice(0, 200) : '';
    const next = safeNext(body.next);
    const speech = speechFor(req, res);
    const token = email.includes('@') ? await createSignInToken(db, email, next) : null;
    if (token) {
      const staff = await db.staff.findUnique({ where: { email: email.trim().toLowerCase() } });
      const link = `${web.publicUrl.replace(/\/$/, '')}/app/sign-in/verify?token=${token}`;
      await sendSignInLink(web.mailer(), staff!.email, link, speechOf(staff?.language ?? speech.language));
    }
    // The same answer whether or not the address is known: the page reveals nobody's address.
    sendHtml(res, 200, signInPage(speech, anonymousCsrf(req, res), next, true));
  });

  router.get('/sign-in/verify', (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token.slice(0, 100) : '';
    sendHtml(res, 200, continuePage(speechFor(req, res), anonymousCsrf(req, res), token));
  });

  router.post('/sign-in/verify', checkAnonymousCsrf, async (req, res) => {
    const token = String((req.body as Record<string, unknown>).token ?? '');
    const redeemed = await redeemSignInToken(db, token);
    if (!redeemed) return sendHtml(res, 400, deadLinkPage(speechFor(req, res)));
    const { token: sessionToken } = await openSession(db, redeemed.email);
    res.cookie(SESSION_COOKIE, sessionToken, { ...cookie(req), maxAge: SESSION_TTL_MS });
    res.clearCookie(ANONYMOUS_CSRF_COOKIE, cookie(req));
    res.redirect(303, redeemed.next);
  });

  router.post('/sign-out', signedIn, async (req, res) => {
    await closeSession(db, sessionOf(res).sessionId);
    res.clearCookie(SESSION_COOKIE, cookie(req));
    res.redirect(303, '/app/sign-in');
  });

  router.post('/language', signedIn, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const language = speechOf(typeof body.language === 'string' ? body.language : undefined).language;
    await setSessionLanguage(db, sessionOf(res).sessionId, language);
    res.redirect(303, safeNext(body.next));
  });
}
