// Cases for the benchmarks and drills: publishing their definitions and starting cases over
// the API.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { publishAll } from '../definitions/load';
import { PROJECT_ROOT } from '../lib/temporal-binaries';
import { apiOk } from './http';
import type { Stack } from './stack';

/** Folder of the benchmark definition (base `bench` and its overlay `bench.xb` for country XB). */
export const BENCH_DEFINITIONS = join(PROJECT_ROOT, 'bench', 'definitions');
/** Folder of the drill definition (base `drill` and its overlay `drill.xd` for country XD, deadlines of seconds). */
export const DRILL_DEFINITIONS = join(PROJECT_ROOT, 'test', 'fixtures', 'drills');

/** Publishes the definitions of a folder into the stack's database. */
export async function publishFolder(dir: string): Promise<void> {
  await publishAll(dir, 'bench');
}

/** A start body for a definition: fresh reference, recognisable applicant. */
export function startBody(definitionId: string, extra: Record<string, unknown> = {}) {
  return {
    definitionId,
    reference: `${definitionId.toUpperCase()}-${randomBytes(6).toString('hex')}`,
    priority: 'normal',
    assignee: 'caseworker@pathways.test',
    applicant: { givenName: 'Amani', familyName: 'Bench', birthDate: '1990-01-01' },
    ...extra,
  };
}

/** Starts a case through the API and returns its id. */
export async function startCase(
  stack: Stack,
  definitionId: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const body = await apiOk<{ id: string }>(stack, 'POST', '/v1/cases', startBody(definitionId, extra));
  return body.id;
}

/** Completes a case's current step through the API. */
export async function completeStep(
  stack: Stack,
  caseId: string,
  step: string,
  outcome: string,
): Promise<void> {
  await apiOk(stack, 'POST', `/v1/cases/${caseId}/complete-step`, { step, outcome });
}
