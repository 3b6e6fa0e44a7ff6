// The web app under /app: server-rendered pages that read and act through the same functions as
// the API routes (caseFor, myTasks, staffViewOf, completeStep, holdCase, resumeCase), signed in
// with a one-time email link and a session cookie, every form protected by a CSRF token.
import type { Client } from '@temporalio/client';
import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Mailer } from '../lib/mailer';
import { ownerOf } from '../definitions/registry';
import type { Database } from '../lib/database';
import type { Keyring } from '../lib/keyring';
import { actorFor, caseFor } from '../api/cases/access';
import {
  closeCase,
  completeStep,
  holdCase,
  reassignCase,
  resumeCase,
  type CaseActionContext,
} from '../api/cases/act';
import { listCases } from '../api/cases/list';
import { SUPERVISORS } from '../api/access/roles';
import { CloseBody, ReassignBody } from '../api/schemas/case-state';
import { CaseListQuery, type CaseSummary } from '../api/schemas/cases';
import { ZodError } from 'zod';
import { teamPage } from './pages/team';
import { definitionsPage, diagramPage } from './pages/definitions';
import { mermaidDiagram } from '../definitions/diagram';
import { getVersion, listDefinitions } from '../definitions/store';
import { DefinitionVersionParams } from '../api/schemas/definitions';
import { myTasks } from '../api/cases/tasks';
import { staffViewOf } from '../api/cases/views';
import { ApiError, ForbiddenError, MalformedRequestError, NotFoundError, toApiError } from '../api/errors';
import { DefinitionCache, stepOf } from './definitions';
import { completeStepInput, formValues, issuesToErrors, rejectionToForm, sentenceOf } from './forms';
import { speechOf, type Speech } from './i18n';
import { casePage, type FormState } from './pages/case';
import { errorPage } from './pages/error';
import { continuePage, deadLinkPage, signInPage } from './pages/sign-in';
import { tasksPage, type TaskRow } from './pages/tasks';
import {
  anonymousCsrfToken,
  closeSession,
  createSignInToken,
  csrfMatches,
  openSession,
  redeemSignInToken,
  safeNext,
  sessionOf,
  setSessionLanguage,
  SESSION_TTL_MS,
  type SignedIn,
} from './session';
import { sendSignInLink } from './sign-in-mail';

export interface WebDeps {
  db: Database;
  /** Open the applicant's data and the hold reason on the case page. */
  keys: Keyring;
  temporal: Client;
  deadlineMs: number;
  /** Sends the sign-in links (the process's SMTP mailer; resolved on first use). */
  mailer: () => Mailer;
  /** Base URL of the links in sign-in emails. */
  publicUrl: string;
}

const SESSION_COOKIE = 'pw_session';
const ANONYMOUS_CSRF_COOKIE = 'pw_csrf';
const CSS = readFileSync(join(__dirname, 'assets', 'app.css'), 'utf8');
// The diagram library, loaded only by diagram pages (issue 15: never on tasks or case pages).
const MERMAID_FILE = join(dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js');

function cookiesOf(req: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) cookies[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
  }
  return cookies;
}

const signedInOf = (res: Response) => res.locals.signedIn as SignedIn | undefined;
const speechFor = (req: Request, res: Response): Speech =>
  speechOf(
    signedInOf(res)?.language ??
      (req.query.lang as string | undefined) ??
      (req.body as { lang?: string } | undefined)?.lang,
  );
const html = (res: Response, status: number, body: string) =>
  res.status(status).type('html').set('Cache-Control', 'no-store').send(body);

/** Refusal of a form whose CSRF token does not match (403, nothing done). */
class CsrfRefused extends Error {}

/** Builds the /app router. */
export function webRouter(deps: WebDeps): Router {
  const { db } = deps;
  const ctx: CaseActionContext = { db, temporal: deps.temporal, deadlineMs: deps.deadlineMs };
  const secure = deps.publicUrl.startsWith('https:');
  const cookie = (req: Request) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: secure || req.secure,
    path: '/app',
  });
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 300 }));

  router.get('/assets/app.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(CSS);
  });

  router.use(async (req, res, next) => {
    const signedIn = await sessionOf(db, cookiesOf(req)[SESSION_COOKIE]);
    if (signedIn) res.locals.signedIn = signedIn;
    next();
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
  /** Pages for signed-in people: a reader without a session goes to sign-in and comes back. */
  const signedIn: RequestHandler = (req, res, next) => {
    const session = signedInOf(res);
    if (!session) {
      if (req.method === 'GET')
        return res.redirect(303, `/app/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
      throw new ApiError('unauthenticated', 'sign in first');
    }
    if (
      req.method === 'POST' &&
      !csrfMatches(session.csrfToken, (req.body as Record<string, unknown>)?._csrf)
    )
      throw new CsrfRefused();
    next();
  };

  router.get('/', (_req, res) => res.redirect(303, '/app/tasks'));

  router.get('/sign-in', (req, res) => {
    const next = safeNext(req.query.next);
    if (signedInOf(res)) return res.redirect(303, next);
    html(res, 200, signInPage(speechFor(req, res), anonymousCsrf(req, res), next));
  });

  router.post('/sign-in', checkAnonymousCsrf, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.slice(0, 200) : '';
    const next = safeNext(body.next);
    const speech = speechFor(req, res);
    const token = email.includes('@') ? await createSignInToken(db, email, next) : null;
    if (token) {
      const staff = await db.staff.findUnique({ where: { email: email.trim().toLowerCase() } });
      const link = `${deps.publicUrl.replace(/\/$/, '')}/app/sign-in/verify?token=${token}`;
      await sendSignInLink(deps.mailer(), staff!.email, link, speechOf(staff?.language ?? speech.language));
    }
    // The same answer whether or not the address is known: the page reveals nobody's address.
    html(res, 200, signInPage(speech, anonymousCsrf(req, res), next, true));
  });

  router.get('/sign-in/verify', (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token.slice(0, 100) : '';
    html(res, 200, continuePage(speechFor(req, res), anonymousCsrf(req, res), token));
  });

  router.post('/sign-in/verify', checkAnonymousCsrf, async (req, res) => {
    const token = String((req.body as Record<string, unknown>).token ?? '');
    const redeemed = await redeemSignInToken(db, token);
    if (!redeemed) return html(res, 400, deadLinkPage(speechFor(req, res)));
    const { token: sessionToken } = await openSession(db, redeemed.email);
    res.cookie(SESSION_COOKIE, sessionToken, { ...cookie(req), maxAge: SESSION_TTL_MS });
    res.clearCookie(ANONYMOUS_CSRF_COOKIE, cookie(req));
    res.redirect(303, redeemed.next);
  });

  router.post('/sign-out', signedIn, async (req, res) => {
    await closeSession(db, signedInOf(res)!.sessionId);
    res.clearCookie(SESSION_COOKIE, cookie(req));
    res.redirect(303, '/app/sign-in');
  });

  router.post('/language', signedIn, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const language = speechOf(typeof body.language === 'string' ? body.language : undefined).language;
    await setSessionLanguage(db, signedInOf(res)!.sessionId, language);
    res.redirect(303, safeNext(body.next));
  });

  router.get('/tasks', signedIn, async (req, res) => {
    const session = signedInOf(res)!;
    const definitions = new DefinitionCache(db);
    const all: TaskRow[] = await Promise.all(
      (await myTasks(db, session.caller, 500)).map(async (task) => ({
        task,
        definition: await definitions.of(task),
      })),
    );
    const pick = (name: string) =>
      typeof req.query[name] === 'string' && req.query[name] ? (req.query[name] as string) : undefined;
    const filters = { country: pick('country'), program: pick('program'), priority: pick('priority') };
    const shown = all.filter(
      ({ task }) =>
        (!filters.country || task.country === filters.country) &&
        (!filters.program || task.program === filters.program) &&
        (!filters.priority || task.priority === filters.priority),
    );
    html(res, 200, tasksPage(speechFor(req, res), session, all, shown, filters, req.originalUrl));
  });

  /** Renders the case page as the API's GET would read it (same access check, same audit). */
  const showCase = async (
    req: Request,
    res: Response,
    status: number,
    extra: { form?: FormState; notice?: string; superviseError?: string } = {},
  ) => {
    const session = signedInOf(res)!;
    const row = await caseFor(db, session.caller, String(req.params.caseId));
    const [detail, definition, actor] = await Promise.all([
      staffViewOf(db, deps.keys, deps.temporal, row, session.caller, deps.deadlineMs),
      new DefinitionCache(db).of(row),
      actorFor(db, session.caller, row),
    ]);
    const step = stepOf(definition, detail.currentStep);
    const owner = step ? ownerOf(step) : undefined;
    html(
      res,
      status,
      casePage({
        speech: speechFor(req, res),
        signedIn: session,
        detail,
        definition,
        mayComplete: !!owner && actor.roles.includes(owner),
        maySupervise: SUPERVISORS.includes(session.caller.role),
        ...extra,
      }),
    );
  };

  const NOTICES = {
    complete: 'stepCompleted',
    hold: 'heldDone',
    resume: 'resumed',
    reassign: 'reassigned',
    close: 'closedDone',
  } as const;
  router.get('/cases/:caseId', signedIn, async (req, res) => {
    const done = req.query.done as keyof typeof NOTICES | undefined;
    const notice =
      done && Object.hasOwn(NOTICES, done) ? speechFor(req, res).words[NOTICES[done]] : undefined;
    await showCase(req, res, 200, { notice });
  });

  router.post('/cases/:caseId/complete', signedIn, async (req, res) => {
    const session = signedInOf(res)!;
    const caseId = String(req.params.caseId);
    const row = await caseFor(db, session.caller, caseId);
    const form = req.body as Record<string, unknown>;
    const words = speechFor(req, res).words;
    const step = stepOf(
      await new DefinitionCache(db).of(row),
      typeof form.step === 'string' ? form.step : null,
    );
    const body = completeStepInput(step, form);
    if (!body.success)
      return showCase(req, res, 400, {
        form: { values: formValues(form), errors: issuesToErrors(body.error.issues, words) },
      });
    try {
      await completeStep(ctx, session.caller, caseId, body.data);
    } catch (err) {
      const apiError = toApiError(err);
      if (![403, 409, 422].includes(apiError.status)) throw err;
      return showCase(req, res, apiError.status, { form: rejectionToForm(apiError, form, words) });
    }
    res.redirect(303, `/app/cases/${encodeURIComponent(caseId)}?done=complete`);
  });

  router.post('/cases/:caseId/hold', signedIn, async (req, res) => {
    const caseId = String(req.params.caseId);
    const reason = String((req.body as Record<string, unknown>).reason ?? '')
      .trim()
      .slice(0, 500);
    if (!reason) throw new MalformedRequestError('a hold needs a reason');
    await holdCase(ctx, signedInOf(res)!.caller, caseId, { reason });
    res.redirect(303, `/app/cases/${encodeURIComponent(caseId)}?done=hold`);
  });

  router.post('/cases/:caseId/resume', signedIn, async (req, res) => {
    const caseId = String(req.params.caseId);
    await resumeCase(ctx, signedInOf(res)!.caller, caseId, {});
    res.redirect(303, `/app/cases/${encodeURIComponent(caseId)}?done=resume`);
  });

  /** The API's role check of reassign and close (and of the team page): supervisors and admins. */
  const supervisorsOnly: RequestHandler = (_req, res, next) => {
    if (!SUPERVISORS.includes(signedInOf(res)!.caller.role)) throw new ForbiddenError('supervisors only');
    next();
  };

  router.get('/team', signedIn, supervisorsOnly, async (req, res) => {
    const session = signedInOf(res)!;
    const definitions = new DefinitionCache(db);
    const overdue = await listCases(
      db,
      deps.keys,
      session.caller,
      CaseListQuery.parse({ status: 'open', overdue: 'true', limit: '100' }),
    );
    const rows = await Promise.all(
      overdue.cases.map(async (c) => {
        const summary = c as CaseSummary;
        return { summary, definition: await definitions.of(summary) };
      }),
    );
    const approvals = await Promise.all(
      (await myTasks(db, session.caller, 500))
        .filter((t) => t.reason === 'review')
        .map(async (task) => ({ task, definition: await definitions.of(task) })),
    );
    html(res, 200, teamPage(speechFor(req, res), session, rows, approvals));
  });

  /** Runs a supervisor action; a refusal (400/409/422) shows the case page with the reason. */
  const supervise =
    (
      verb: 'reassign' | 'close',
      act: (caller: SignedIn['caller'], caseId: string, form: Record<string, unknown>) => Promise<unknown>,
    ) =>
    async (req: Request, res: Response) => {
      const caseId = String(req.params.caseId);
      try {
        await act(signedInOf(res)!.caller, caseId, req.body as Record<string, unknown>);
      } catch (err) {
        const apiError =
          err instanceof ZodError ? new MalformedRequestError('invalid form') : toApiError(err);
        if (![400, 409, 422].includes(apiError.status)) throw err;
        const words = speechFor(req, res).words;
        const rule = (apiError.details as { rule?: string } | undefined)?.rule;
        return showCase(req, res, apiError.status, {
          superviseError: rule === 'same_assignee' ? words.sameAssignee : sentenceOf(apiError, words),
        });
      }
      res.redirect(303, `/app/cases/${encodeURIComponent(caseId)}?done=${verb}`);
    };

  router.post(
    '/cases/:caseId/reassign',
    signedIn,
    supervisorsOnly,
    supervise('reassign', (caller, caseId, form) =>
      reassignCase(
        ctx,
        caller,
        caseId,
        ReassignBody.parse({
          assignee: String(form.assignee ?? '')
            .trim()
            .toLowerCase(),
        }),
      ),
    ),
  );

  router.post(
    '/cases/:caseId/close',
    signedIn,
    supervisorsOnly,
    supervise('close', (caller, caseId, form) => {
      const comment = String(form.comment ?? '').trim();
      return closeCase(
        ctx,
        caller,
        caseId,
        CloseBody.parse({ reason: form.reason, ...(comment ? { comment } : {}) }),
      );
    }),
  );

  router.get('/assets/mermaid.min.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=86400').type('application/javascript').sendFile(MERMAID_FILE);
  });

  // Every staff role reads definitions (the API's GET /v1/definitions: STAFF).
  router.get('/definitions', signedIn, async (req, res) => {
    html(res, 200, definitionsPage(speechFor(req, res), signedInOf(res)!, await listDefinitions()));
  });

  router.get('/definitions/:definitionId/versions/:version', signedIn, async (req, res) => {
    const { definitionId, version } = DefinitionVersionParams.parse(req.params);
    const found = await getVersion(definitionId, version);
    if (!found) throw new NotFoundError('definition version', `${definitionId}@${version}`);
    html(
      res,
      200,
      diagramPage(
        speechFor(req, res),
        signedInOf(res)!,
        found.definitionId,
        found.version,
        mermaidDiagram(found.definition),
      ),
    );
  });

  router.use((req, res) =>
    html(res, 404, errorPage(speechFor(req, res), speechFor(req, res).words.notFound, signedInOf(res))),
  );
  const errors: ErrorRequestHandler = (err, req, res, _next) => {
    const speech = speechFor(req, res);
    if (err instanceof CsrfRefused)
      return html(res, 403, errorPage(speech, speech.words.csrfRefused, signedInOf(res)));
    const apiError = toApiError(err);
    if (apiError.status >= 500)
      console.error('web: %s %s failed: %s', req.method, req.path.slice(0, 200), (err as Error)?.message);
    html(res, apiError.status, errorPage(speech, sentenceOf(apiError, speech.words), signedInOf(res)));
  };
  router.use(errors);
  // Marks the router for the API contract test: these are pages, not documented API routes.
  return Object.assign(router, { htmlPages: true });
}
