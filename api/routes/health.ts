// Liveness and readiness: /healthz answers while the process runs; /readyz checks that the
// database, Temporal and (when the process has one) the SMTP server answer, and names those
// that do not.
import type { Client } from '@temporalio/client';
import type { Mailer } from '../../lib/mailer';
import type { Database } from '../../lib/database';
import { ApiError } from '../errors';
import type { ApiRoutes } from '../route';
import { z } from '../schemas/common';

const Health = z.object({ status: z.literal('ok') }).openapi('Health');
const Ready = z
  .object({ status: z.literal('ready'), checks: z.record(z.enum(['ok', 'down'])) })
  .openapi('Ready');

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const CHECK_MS = 3000;

/** Declares /healthz and /readyz. */
export function healthRoutes(
  routes: ApiRoutes,
  { db, temporal, mailer }: { db: Database; temporal: Client; mailer?: Mailer },
): void {
  const probes: Record<string, () => Promise<unknown>> = {
    database: () => db.$queryRaw`SELECT 1`,
    temporal: () =>
      temporal.withDeadline(Date.now() + CHECK_MS, () => temporal.workflowService.getSystemInfo({})),
    ...(mailer?.verify ? { mailer: () => mailer.verify!() } : {}),
  };

  routes.add({
    method: 'get',
    path: '/healthz',
    tag: 'health',
    roles: 'public',
    summary: 'Liveness',
    response: Health,
    handler: async () => ({ status: 'ok' as const }),
  });

  routes.add({
    method: 'get',
    path: '/readyz',
    tag: 'health',
    roles: 'public',
    summary: 'Readiness: the database, Temporal and the SMTP server answer (503 names those that do not)',
    response: Ready,
    handler: async () => {
      const names = Object.keys(probes);
      const results = await Promise.allSettled(names.map((name) => within(CHECK_MS, probes[name]!())));
      const checks = Object.fromEntries(
        names.map((name, i) => [name, results[i]!.status === 'fulfilled' ? 'ok' : 'down'] as const),
      );
      const notReady = names.filter((name) => checks[name] === 'down');
      if (notReady.length > 0) {
        throw new ApiError(
          'dependency_unavailable',
          `not ready: ${notReady.join(', ')} ${notReady.length === 1 ? 'does' : 'do'} not answer`,
          { checks, notReady },
        );
      }
      return { status: 'ready' as const, checks };
    },
  });
}
