// Migrations: move the running cases of one definition from a version to another. The dry
// run answers what would happen to each live case, changing nothing.
import type { Client } from '@temporalio/client';
import type { Database } from '../../lib/database';
import { MANAGERS } from '../access/roles';
import { audit } from '../audit';
import { dryRunMigration } from '../migrations/dry-run';
import type { ApiRoutes } from '../route';
import { DefinitionIdParams } from '../schemas/definitions';
import { DryRunReport, MigrationPlanBody } from '../schemas/migrations';

/** Declares the /v1/definitions/{definitionId}/migrations routes. */
export function migrationRoutes(routes: ApiRoutes, deps: { db: Database; temporal: Client }): void {
  routes.add({
    method: 'post',
    path: '/v1/definitions/{definitionId}/migrations/dry-run',
    tag: 'definitions',
    roles: MANAGERS,
    summary:
      'What moving the live cases from one version to another would do: summary counts, then each case',
    params: DefinitionIdParams,
    body: MigrationPlanBody,
    response: DryRunReport,
    handler: async ({ caller, params, body }) => {
      const report = await dryRunMigration(deps, caller, { ...body, definitionId: params.definitionId });
      await audit(deps.db, caller, 'migration.dry_run', null, {
        definitionId: params.definitionId,
        from: body.from,
        to: body.to,
        cases: report.summary.cases,
      });
      return report;
    },
  });
}
