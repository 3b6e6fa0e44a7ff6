// Migrations: move the running cases of one definition from a version to another. The dry
// run answers what would happen to each live case, changing nothing.
import type { Client } from '@temporalio/client';
import type { Database } from '../../lib/database';
import { MANAGERS } from '../access/roles';
import { audit } from '../audit';
import { dryRunMigration } from '../migrations/dry-run';
import { applyMigration, migrationProgress, steerMigration } from '../migrations/apply';
import type { ApiRoutes } from '../route';
import { DefinitionIdParams } from '../schemas/definitions';
import {
  ApplyBody,
  DryRunReport,
  MigrationParams,
  MigrationPlanBody,
  MigrationProgress,
} from '../schemas/migrations';
import { reply } from '../route';

/** Declares the /v1/definitions/{definitionId}/migrations routes. */
export function migrationRoutes(
  routes: ApiRoutes,
  deps: { db: Database; temporal: Client; taskQueue: string },
): void {
  /** The plan a migration path names (`v3-v4`), with the policy and mapping it did not say. */
  const planOf = (params: { definitionId: string; migration: string }) => {
    const [from, to] = params.migration.split('-').map((v) => Number(v.slice(1))) as [number, number];
    return { definitionId: params.definitionId, from, to, steps: {}, dueDates: 'keep' as const };
  };

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

  routes.add({
    method: 'post',
    path: '/v1/definitions/{definitionId}/migrations',
    tag: 'definitions',
    roles: MANAGERS,
    summary:
      'Move the live cases from one version to another (a durable migration; the same plan again joins it or changes nothing)',
    params: DefinitionIdParams,
    body: ApplyBody,
    response: MigrationProgress,
    statuses: { 202: 'The migration runs; follow it at /migrations/v<from>-v<to>' },
    handler: async ({ caller, params, body }) => {
      const { paused, ...rest } = body;
      const plan = { ...rest, definitionId: params.definitionId };
      const progress = await applyMigration(deps, caller, plan, paused);
      await audit(deps.db, caller, 'migration.apply', null, {
        migrationId: progress.migrationId,
        dueDates: plan.dueDates,
      });
      return reply(202, progress);
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/definitions/{definitionId}/migrations/{migration}',
    tag: 'definitions',
    roles: MANAGERS,
    summary: 'Where a migration stands: counts, then the cases skipped and why',
    params: MigrationParams,
    response: MigrationProgress,
    handler: async ({ caller, params }) => migrationProgress(deps, caller, planOf(params)),
  });

  for (const action of ['pause', 'resume'] as const)
    routes.add({
      method: 'post',
      path: `/v1/definitions/{definitionId}/migrations/{migration}/${action}`,
      tag: 'definitions',
      roles: MANAGERS,
      summary: action === 'pause' ? 'Pause a migration between cases' : 'Resume a paused migration',
      params: MigrationParams,
      response: MigrationProgress,
      handler: async ({ caller, params }) => {
        const progress = await steerMigration(deps, caller, planOf(params), action);
        await audit(deps.db, caller, `migration.${action}`, null, { migrationId: progress.migrationId });
        return progress;
      },
    });
}
