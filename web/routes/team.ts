// A supervisor's pages: the team's overdue work and the approvals waiting for them, and the
// reassign and close forms of the case page (the API's supervisor roles and rules).
import type { Request, Response, Router } from 'express';
import { ZodError } from 'zod';
import { SUPERVISORS } from '../../api/access/roles';
import { closeCase, reassignCase } from '../../api/cases/act';
import { listCases } from '../../api/cases/list';
import { myTasks } from '../../api/cases/tasks';
import { MalformedRequestError, toApiError } from '../../api/errors';
import { CloseBody, ReassignBody } from '../../api/schemas/case-state';
import { CaseListQuery, type CaseSummary } from '../../api/schemas/cases';
import type { SignedIn } from '../session';
import { DefinitionCache } from '../definitions';
import { sentenceOf } from '../forms';
import { teamPage } from '../pages/team';
import { formText, rolesOnly, sendHtml, sessionOf, signedIn, speechFor, type WebContext } from '../context';
import { caseUrl } from './cases';
import { showCase } from './show-case';

type Act = (caller: SignedIn['caller'], caseId: string, form: unknown) => Promise<unknown>;

/** Declares /team and the reassign and close forms. */
export function teamRoutes(router: Router, web: WebContext): void {
  const { db } = web;
  const supervisorsOnly = rolesOnly(SUPERVISORS, 'supervisors');

  router.get('/team', signedIn, supervisorsOnly, async (req, res) => {
    const session = sessionOf(res);
    const definitions = new DefinitionCache(db);
    const overdue = await listCases(
      db,
      web.keys,
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
    sendHtml(res, 200, teamPage(speechFor(req, res), session, rows, approvals));
  });

  /** Runs a supervisor action; a refusal (400/409/422) shows the case page with the reason. */
  const supervise = (verb: 'reassign' | 'close', act: Act) => async (req: Request, res: Response) => {
    const caseId = String(req.params.caseId);
    try {
      await act(sessionOf(res).caller, caseId, req.body);
    } catch (err) {
      const apiError = err instanceof ZodError ? new MalformedRequestError('invalid form') : toApiError(err);
      if (![400, 409, 422].includes(apiError.status)) throw err;
      const words = speechFor(req, res).words;
      const rule = (apiError.details as { rule?: string } | undefined)?.rule;
      return showCase(web, req, res, apiError.status, {
        superviseError: rule === 'same_assignee' ? words.sameAssignee : sentenceOf(apiError, words),
      });
    }
    res.redirect(303, caseUrl(caseId, verb));
  };

  router.post(
    '/cases/:caseId/reassign',
    signedIn,
    supervisorsOnly,
    supervise('reassign', (caller, caseId, form) =>
      reassignCase(
        web.actions,
        caller,
        caseId,
        ReassignBody.parse({ assignee: formText(form, 'assignee', 200).toLowerCase() }),
      ),
    ),
  );

  router.post(
    '/cases/:caseId/close',
    signedIn,
    supervisorsOnly,
    supervise('close', (caller, caseId, form) => {
      const { reason, comment: typed } = form as Record<string, unknown>;
      const comment = String(typed ?? '').trim();
      return closeCase(
        web.actions,
        caller,
        caseId,
        CloseBody.parse({ reason, ...(comment ? { comment } : {}) }),
      );
    }),
  );
}
