// POST /v1/definitions/simulate: a virtual case walked through a draft (resolved as publishing
// would), nothing published; with `compareWith`, also through a published version of the same
// definition, and what the draft changes. Who may validate a draft may simulate it.
import type { Database } from '../../lib/database';
import { simulationStart } from '../../simulation/local-time';
import { defaultPartners } from '../../simulation/plan';
import { getVersion } from '../../definitions/store';
import { compareTimelines } from '../../simulation/compare';
import { simulate } from '../../simulation/timeline';
import { MANAGERS } from '../access/roles';
import { NotFoundError, RuleViolationError } from '../errors';
import type { ApiRoutes } from '../route';
import { SimulationBody, SimulationResult } from '../schemas/simulation';
import { validateDefinitionSource } from '../definitions/validate';

/** Declares POST /v1/definitions/simulate. */
export function simulationRoutes(routes: ApiRoutes, { db }: { db: Database }): void {
  routes.add({
    method: 'post',
    path: '/v1/definitions/simulate',
    tag: 'definitions',
    roles: MANAGERS,
    summary:
      'Walk a virtual case through a draft definition (no publishing): steps, due dates, reminders, partner events',
    body: SimulationBody,
    response: SimulationResult,
    handler: async ({ body }) => {
      const report = await validateDefinitionSource(
        db,
        body.yaml !== undefined ? { yaml: body.yaml } : { source: body.source },
      );
      if (!report.ok || !report.definition)
        throw new RuleViolationError('the definition has problems', { problems: report.problems });
      const definition = report.definition;
      const start = simulationStart(body.start, definition.timeZone, Date.now());
      if (start === undefined)
        throw new RuleViolationError('the start is not a date', {
          problems: [{ path: 'start', message: 'is not a calendar date and time' }],
        });
      const request = {
        priority: body.priority,
        path: body.path,
        overdue: Object.fromEntries(body.overdue.map((o) => [o.step, o.by])),
        ...(body.language ? { language: body.language } : {}),
        partners: body.partners ?? defaultPartners(),
        start,
      };
      const timeline = simulate(definition, request);
      if (!body.compareWith) return timeline;
      const published = await getVersion(definition.id, body.compareWith.version, db);
      if (!published)
        throw new NotFoundError('definition version', `${definition.id}@${body.compareWith.version}`);
      const {
        before: _before,
        after: _after,
        ...changes
      } = compareTimelines(simulate(published.definition, request, published.version), timeline);
      return {
        ...timeline,
        comparison: { definitionId: definition.id, version: published.version, ...changes },
      };
    },
  });
}
