// Liveness and readiness: /healthz answers while the process runs; /readyz checks that the
// database and Temporal answer.
import type { Client } from '@temporalio/client';
import type { Database } from '../../lib/database';
import { ApiError } from '../errors';
import type { ApiRoutes } from '../route';
import { z } from '../schemas/common';

const Health = z.object({ status: z.literal('ok') }).openapi('Health');
const Ready = z.object({ status: z.literal('ready'), checks: z.record(z.enum(['ok', 'down'])) }).openapi('Ready');

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms); });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Declares /healthz and /readyz. */
export function healthRoutes(routes: ApiRoutes, { db, temporal }: { db: Database; temporal: Client }): void {
  routes.add({
    method: 'get', path: '/healthz', tag: 'health', roles: 'public', summary: 'Liveness', response: Health,
    handler: async () => ({ status: 'ok' as const }),
  });

  routes.add({
    method: 'get', path: '/readyz', tag: 'health', roles: 'public', summary: 'Readiness: database and Temporal answer',
    response: Ready,
    handler: async () => {
      const [database, temporalCheck] = await Promise.allSettled([
        within(3000, db.$queryRaw`SELECT 1`),
        within(3000, temporal.withDeadline(Date.now() + 3000, () => temporal.workflowService.getSystemInfo({}))),
      ]);
      const checks = { database: database.status === 'fulfilled' ? 'ok' : 'down', temporal: temporalCheck.status === 'fulfilled' ? 'ok' : 'down' } as const;
      if (checks.database === 'down' || checks.temporal === 'down') {
        throw new ApiError('dependency_unavailable', 'not ready: a dependency does not answer', { checks });
      }
      return { status: 'ready' as const, checks };
    },
  });
}
