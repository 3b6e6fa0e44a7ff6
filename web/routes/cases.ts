// A caseworker's pages: My tasks, the case page, and the forms that complete a step, record an
// external event, hold and resume, each through the API's own functions (api/cases/).
import type { Router } from 'express';
import { CASE_HANDLERS } from '../../api/access/roles';
import { caseFor } from '../../api/cases/access';
import { completeStep, deliverExternalEvent, holdCase, resumeCase } from '../../api/cases/act';
import { myTasks } from '../../api/cases/tasks';
import { toApiError } from '../../api/errors';
import { DefinitionCache, stepOf } from '../definitions';
import {
  completeStepInput,
  eventViolation,
  externalEventInput,
  formValues,
  issuesToErrors,
  notAwaiting,
  rejectionToForm,
  sentenceOf,
} from '../forms';
import { tasksPage, type TaskRow } from '../pages/tasks';
import { formText, rolesOnly, sendHtml, sessionOf, signedIn, speechFor, type WebContext } from '../context';
import { showCase } from './show-case';

/** The notice a case page shows after a redirect (?done=…). */
const NOTICES = {
  complete: 'stepCompleted',
  event: 'eventRecorded',
  hold: 'heldDone',
  resume: 'resumed',
  reassign: 'reassigned',
  close: 'closedDone',
} as const;

/** The case page after an action, with its notice. */
export const caseUrl = (caseId: string, done: keyof typeof NOTICES) =>
  `/app/cases/${encodeURIComponent(caseId)}?done=${done}`;

/** Declares /tasks and /cases/:caseId with its forms. */
export function caseRoutes(router: Router, web: WebContext): void {
  const { db } = web;

  router.get('/tasks', signedIn, async (req, res) => {
    const session = sessionOf(res);
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
    sendHtml(res, 200, tasksPage(speechFor(req, res), session, all, shown, filters, req.originalUrl));
  });

  router.get('/cases/:caseId', signedIn, async (req, res) => {
    const done = req.query.done as keyof typeof NOTICES | undefined;
    const notice =
      done && Object.hasOwn(NOTICES, done) ? speechFor(req, res).words[NOTICES[done]] : undefined;
    await showCase(web, req, res, 200, { notice });
  });

  router.post('/cases/:caseId/complete', signedIn, async (req, res) => {
    const session = sessionOf(res);
    const caseId = String(req.params.caseId);
    const row = await caseFor(db, session.caller, caseId);
    const form = req.body as Record<string, unknown>;
    const words = speechFor(req, res).words;
    const step = stepOf(await new DefinitionCache(db).of(row), formText(form, 'step', 100) || null);
    const body = completeStepInput(step, form);
    if (!body.success)
      return showCase(web, req, res, 400, {
        form: { values: formValues(form), errors: issuesToErrors(body.error.issues, words) },
      });
    try {
      await completeStep(web.actions, session.caller, caseId, body.data);
    } catch (err) {
      const apiError = toApiError(err);
      if (![403, 409, 422].includes(apiError.status)) throw err;
      return showCase(web, req, res, apiError.status, { form: rejectionToForm(apiError, form, words) });
    }
    res.redirect(303, caseUrl(caseId, 'complete'));
  });

  // The API's POST /v1/cases/{id}/events for staff: case handlers, within their countries.
  router.post(
    '/cases/:caseId/event',
    signedIn,
    rolesOnly(CASE_HANDLERS, 'case handlers'),
    async (req, res) => {
      const session = sessionOf(res);
      const caseId = String(req.params.caseId);
      const row = await caseFor(db, session.caller, caseId);
      const form = req.body as Record<string, unknown>;
      const words = speechFor(req, res).words;
      const step = stepOf(await new DefinitionCache(db).of(row), row.currentStep);
      const idle = notAwaiting(row.status, step);
      // The event form is gone from the page (the case moved on): the reason goes above it all.
      if (idle) return showCase(web, req, res, idle.status, { refusal: sentenceOf(idle, words) });
      const body = externalEventInput(step, form);
      if (!body.success)
        return showCase(web, req, res, 400, {
          eventForm: { values: formValues(form), errors: issuesToErrors(body.error.issues, words) },
        });
      const refused = eventViolation(step, body.data);
      if (refused)
        return showCase(web, req, res, refused.status, { eventForm: rejectionToForm(refused, form, words) });
      await deliverExternalEvent(web.actions, session.caller, caseId, body.data);
      res.redirect(303, caseUrl(caseId, 'event'));
    },
  );

  router.post('/cases/:caseId/hold', signedIn, async (req, res) => {
    const caseId = String(req.params.caseId);
    const reason = formText(req.body, 'reason');
    if (!reason) return showCase(web, req, res, 400, { holdError: speechFor(req, res).words.required });
    await holdCase(web.actions, sessionOf(res).caller, caseId, { reason });
    res.redirect(303, caseUrl(caseId, 'hold'));
  });

  router.post('/cases/:caseId/resume', signedIn, async (req, res) => {
    const caseId = String(req.params.caseId);
    await resumeCase(web.actions, sessionOf(res).caller, caseId, {});
    res.redirect(303, caseUrl(caseId, 'resume'));
  });
}
