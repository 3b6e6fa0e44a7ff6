// A program manager's pages: validating a draft definition (pasted or uploaded) with the API's
// own validator, and the monthly statistics of their countries from the API's own query.
import type { Router } from 'express';
import { MANAGERS, MONITORS } from '../../api/access/roles';
import { validateDefinitionSource } from '../../api/definitions/validate';
import { monthlyOutcomesFor } from '../../api/monitoring/outcomes';
import { ApiError } from '../../api/errors';
import { DefinitionSourceBody } from '../../api/schemas/definitions';
import { OutcomesQuery } from '../../api/schemas/monitoring';
import { simulationRoutes } from './simulation';
import { fieldErrors } from '../forms';
import { multipartForms } from '../multipart';
import { draftPage, type DraftReport } from '../pages/draft';
import { statisticsPage, type MonthTotals } from '../pages/statistics';
import { rolesOnly, sendHtml, sessionOf, signedIn, speechFor, type WebContext } from '../context';

/** The longest range the chart draws. */
const MAX_MONTHS = 60;

/** The months from..to inclusive (YYYY-MM), or null when the range is backwards or too long. */
export function monthsBetween(from: string, to: string): string[] | null {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const count = index(to) - index(from) + 1;
  if (count < 1 || count > MAX_MONTHS) return null;
  return Array.from({ length: count }, (_, i) => {
    const n = index(from) + i;
    return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
  });
}

/** Declares /definitions/validate and /statistics. */
export function programRoutes(router: Router, web: WebContext): void {
  const managers = [signedIn, rolesOnly(MANAGERS, 'program managers')];

  router.get('/definitions/validate', ...managers, (req, res) =>
    sendHtml(res, 200, draftPage(speechFor(req, res), sessionOf(res))),
  );

  // Multipart (a file input) is parsed before the CSRF check reads the form's token.
  router.post('/definitions/validate', ...multipartForms('256kb'), ...managers, async (req, res) => {
    const form = req.body as Record<string, unknown>;
    const words = speechFor(req, res).words;
    // A chosen file wins over the text box; either way the text is shown again to be fixed.
    const file = typeof form.file === 'string' ? form.file : '';
    const yaml = file.trim() ? file : typeof form.yaml === 'string' ? form.yaml : '';
    const show = (status: number, errors: Record<string, string>, report?: DraftReport) =>
      sendHtml(
        res,
        status,
        draftPage(speechFor(req, res), sessionOf(res), { values: { yaml }, errors }, report),
      );
    if (!yaml.trim()) return show(400, { yaml: words.draftEmpty });
    const body = DefinitionSourceBody.safeParse({ yaml });
    if (!body.success) return show(400, fieldErrors(body.error.issues, words, { yaml }));
    try {
      const report = await validateDefinitionSource(web.db, body.data);
      show(report.ok ? 200 : 422, {}, { ...report, warnings: report.warnings ?? [] });
    } catch (err) {
      // Over a limit of the language (an alias bomb, too deep): the API's 400, with its problems.
      if (!(err instanceof ApiError) || err.status !== 400) throw err;
      const problems = (err.details as { problems?: DraftReport['problems'] }).problems ?? [];
      show(400, {}, { ok: false, definitionId: null, problems, warnings: [] });
    }
  });

  simulationRoutes(router, web, managers);

  router.get(
    '/statistics',
    signedIn,
    rolesOnly(MONITORS, 'supervisors and program managers'),
    async (req, res) => {
      const session = sessionOf(res);
      const words = speechFor(req, res).words;
      const now = new Date();
      const thisMonth = now.toISOString().slice(0, 7);
      const yearAgo = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1))
        .toISOString()
        .slice(0, 7);
      const typed = Object.fromEntries(
        ['from', 'to', 'country', 'program'].flatMap((k) =>
          typeof req.query[k] === 'string' && req.query[k]
            ? [[k, (req.query[k] as string).slice(0, 40)]]
            : [],
        ),
      ) as Record<string, string>;
      const values = { from: yearAgo, to: thisMonth, ...typed };
      const query = OutcomesQuery.safeParse(values);
      const months = query.success ? monthsBetween(query.data.from!, query.data.to!) : null;
      const countries = session.caller.countries.filter((c) => c !== '*');
      if (!query.success || !months) {
        const errors = query.success
          ? { from: words.badMonth }
          : fieldErrors(query.error.issues, words, values);
        for (const key of ['from', 'to']) if (errors[key]) errors[key] = words.badMonth;
        return sendHtml(
          res,
          400,
          statisticsPage(speechFor(req, res), session, [], { values, errors }, countries),
        );
      }
      const totals = new Map<string, MonthTotals>(
        months.map((month) => [
          month,
          { month, submissions: 0, accepted: 0, rejected: 0, deferred: 0, departures: 0 },
        ]),
      );
      for (const row of await monthlyOutcomesFor(web.db, session.caller, query.data)) {
        const month = totals.get(row.month);
        if (!month) continue;
        month.submissions += row.submissions;
        month.accepted += row.decisions.accepted;
        month.rejected += row.decisions.rejected;
        month.deferred += row.decisions.deferred;
        month.departures += row.departures;
      }
      sendHtml(
        res,
        200,
        statisticsPage(speechFor(req, res), session, [...totals.values()], { values, errors: {} }, countries),
      );
    },
  );
}
