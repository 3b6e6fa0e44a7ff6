// The simulated timeline of a draft: the draft page's second form, walked through the API's own
// simulation service (the same validation, plan and timeline as POST /v1/definitions/simulate).
import type { RequestHandler, Router } from 'express';
import { ApiError, toApiError } from '../../api/errors';
import { simulateDraft } from '../../api/definitions/simulate';
import { SimulationBody } from '../../api/schemas/simulation';
import { parsePathText, SimulationError } from '../../simulation/plan';
import { multipartForms } from '../multipart';
import { draftPage, type DraftReport } from '../pages/draft';
import { sendHtml, sessionOf, speechFor, type WebContext } from '../context';

type Problem = { path: string; message: string };

const field = (form: Record<string, unknown>, name: string) =>
  typeof form[name] === 'string' ? form[name] : '';

/** Where a problem of the simulation belongs on the form: path, start, or the draft itself. */
function placeOf(problem: Problem): 'path' | 'start' | 'draft' {
  if (problem.path === 'path' || problem.path.startsWith('path[')) return 'path';
  if (problem.path === 'start') return 'start';
  return 'draft';
}

/** Declares POST /definitions/simulate (program managers, like the validation it follows). */
export function simulationRoutes(router: Router, web: WebContext, managers: RequestHandler[]): void {
  router.post('/definitions/simulate', ...multipartForms('256kb'), ...managers, async (req, res) => {
    const form = req.body as Record<string, unknown>;
    const speech = speechFor(req, res);
    const { words } = speech;
    const yaml = field(form, 'yaml');
    const values = {
      priority: field(form, 'priority'),
      path: field(form, 'path'),
      start: field(form, 'start'),
    };
    const show = (
      status: number,
      errors: Record<string, string>,
      extra: Partial<{ report: DraftReport }> = {},
    ) =>
      sendHtml(
        res,
        status,
        draftPage(speech, sessionOf(res), { values: { yaml }, errors: {} }, extra.report, {
          form: { values, errors },
        }),
      );
    if (!yaml.trim()) return show(400, { '': words.draftEmpty });
    let path;
    try {
      // The CLI's "step:outcome" list, one per line or separated by commas.
      path = parsePathText(values.path.replace(/\r?\n/g, ','));
    } catch (err) {
      if (!(err instanceof SimulationError)) throw err;
      return show(400, { path: err.problems.map((p) => p.message).join('; ') });
    }
    const body = SimulationBody.safeParse({
      yaml,
      priority: values.priority,
      path,
      ...(values.start.trim() ? { start: values.start.trim() } : {}),
    });
    if (!body.success) {
      const errors: Record<string, string> = {};
      for (const issue of body.error.issues) {
        const name = String(issue.path[0] ?? '');
        if (name === 'start') errors.start = words.badStart;
        else if (name === 'path') errors.path ??= words.mistyped;
        else if (name === 'priority') errors.priority = words.mistyped;
        else errors[''] ??= words.badRequest;
      }
      return show(400, errors);
    }
    try {
      const timeline = await simulateDraft(web.db, body.data);
      sendHtml(
        res,
        200,
        draftPage(speech, sessionOf(res), { values: { yaml }, errors: {} }, undefined, {
          form: { values, errors: {} },
          timeline,
        }),
      );
    } catch (err) {
      const known = err instanceof ApiError || err instanceof SimulationError ? toApiError(err) : undefined;
      if (!known || (known.status !== 422 && known.status !== 400)) throw err;
      const problems = (known.details as { problems?: Problem[] } | undefined)?.problems ?? [];
      const errors: Record<string, string> = {};
      for (const place of ['path', 'start'] as const) {
        const here = problems.filter((p) => placeOf(p) === place);
        if (here.length) errors[place] = here.map((p) => p.message).join('; ');
      }
      const draft = problems.filter((p) => placeOf(p) === 'draft');
      if (draft.length)
        return show(422, errors, {
          report: { ok: false, definitionId: null, problems: draft, warnings: [] },
        });
      show(known.status, errors);
    }
  });
}
