// The web app under /app: server-rendered pages that read and act through the same functions as
// the API routes, signed in with a one-time email link and a session cookie, every form
// protected by a CSRF token. Each area declares its own routes (web/routes/); this file puts
// them together with the stylesheet, the session lookup, the 404 page and the error page.
import express, { type ErrorRequestHandler, type Router } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toApiError } from '../api/errors';
import { sentenceOf } from './forms';
import { errorPage } from './pages/error';
import { sessionOf as sessionOfCookie } from './session';
import { cookiesOf, CsrfRefused, sendHtml, signedInOf, speechFor, type WebDeps } from './context';
import { adminRoutes } from './routes/admin';
import { caseRoutes } from './routes/cases';
import { definitionRoutes } from './routes/definitions';
import { programRoutes } from './routes/program';
import { SESSION_COOKIE, signInRoutes } from './routes/sign-in';
import { teamRoutes } from './routes/team';

export type { WebDeps };

const CSS = readFileSync(join(__dirname, 'assets', 'app.css'), 'utf8');

/** Builds the /app router. */
export function webRouter(deps: WebDeps): Router {
  const web = { ...deps, actions: { db: deps.db, temporal: deps.temporal, deadlineMs: deps.deadlineMs } };
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 300 }));

  router.get('/assets/app.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(CSS);
  });

  router.use(async (req, res, next) => {
    const signedIn = await sessionOfCookie(deps.db, cookiesOf(req)[SESSION_COOKIE]);
    if (signedIn) res.locals.signedIn = signedIn;
    next();
  });

  router.get('/', (_req, res) => res.redirect(303, '/app/tasks'));
  signInRoutes(router, web);
  caseRoutes(router, web);
  teamRoutes(router, web);
  programRoutes(router, web);
  definitionRoutes(router, web);
  adminRoutes(router, web);

  router.use((req, res) =>
    sendHtml(res, 404, errorPage(speechFor(req, res), speechFor(req, res).words.notFound, signedInOf(res))),
  );
  const errors: ErrorRequestHandler = (err, req, res, _next) => {
    const speech = speechFor(req, res);
    if (err instanceof CsrfRefused)
      return sendHtml(res, 403, errorPage(speech, speech.words.csrfRefused, signedInOf(res)));
    const apiError = toApiError(err);
    if (apiError.status >= 500)
      console.error('web: %s %s failed: %s', req.method, req.path.slice(0, 200), (err as Error)?.message);
    sendHtml(res, apiError.status, errorPage(speech, sentenceOf(apiError, speech.words), signedInOf(res)));
  };
  router.use(errors);
  // Marks the router for the API contract test: these are pages, not documented API routes.
  return Object.assign(router, { htmlPages: true });
}
