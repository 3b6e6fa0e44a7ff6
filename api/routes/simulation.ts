// POST /v1/definitions/simulate: a virtual case walked through a draft (resolved as publishing
// would), nothing published; with `compareWith`, also through a published version of the same
// definition, and what the draft changes. Who may validate a draft may simulate it.
import type { Database } from '../../lib/database';
import { MANAGERS } from '../access/roles';
import { simulateDraft } from '../definitions/simulate';
import type { ApiRoutes } from '../route';
import { SimulationBody, SimulationResult } from '../schemas/simulation';

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
    handler: ({ body }) => simulateDraft(db, body),
  });
}
