// Simulating a draft: validated as publishing would, then a virtual case walked through it; with
// `compareWith`, also through a published version of the same definition. The API's POST
// /v1/definitions/simulate and the program manager's draft page both call this.
import type { z } from '../schemas/common';
import type { Database } from '../../lib/database';
import { getVersion } from '../../definitions/store';
import { compareTimelines } from '../../simulation/compare';
import { simulationStart } from '../../simulation/local-time';
import { defaultPartners } from '../../simulation/plan';
import { simulate } from '../../simulation/timeline';
import { NotFoundError, RuleViolationError } from '../errors';
import type { SimulationBody, SimulationResult } from '../schemas/simulation';
import { validateDefinitionSource } from './validate';

/** The timeline of a draft (422 with the problems when the draft or the request does not fit). */
export async function simulateDraft(
  db: Database,
  body: z.infer<typeof SimulationBody>,
  now = Date.now(),
): Promise<z.infer<typeof SimulationResult>> {
  const report = await validateDefinitionSource(
    db,
    body.yaml !== undefined ? { yaml: body.yaml } : { source: body.source },
  );
  if (!report.ok || !report.definition)
    throw new RuleViolationError('the definition has problems', { problems: report.problems });
  const definition = report.definition;
  const start = simulationStart(body.start, definition.timeZone, now);
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
}
