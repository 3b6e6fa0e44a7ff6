// What an operator sees of the API: one log line per request (method, route template, status,
// duration, case id, key id — never the raw URL, a body, a name or a key) and the request
// metrics, both keyed by the route template that ApiRoutes notes on res.locals.
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { RequestHandler, Response, Router } from 'express';
import { z } from './schemas/common';
import type { Logger } from '../lib/logger';
import type { Metrics } from '../lib/metrics';
import type { Principal } from './access/roles';
import { malformed } from './errors';
import type { DeclaredRoute } from './route';

const CASE_ID = /^C-[0-9A-Z]{1,40}$/;
const NO_QUERY = z.object({}).strict();
// Probes and scrapes come every few seconds: logged at debug, so info stays readable.
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/** Notes the route template and a well-formed case id of the request (ApiRoutes calls it first on each route). */
export function noteRoute(template: string): RequestHandler {
  return (req, res, next) => {
    res.locals.route = template;
    const caseId = req.params.caseId;
    if (typeof caseId === 'string' && CASE_ID.test(caseId)) res.locals.caseId = caseId;
    next();
  };
}

/** The template a response answered for: a declared route, the docs, or `unmatched` (never the raw path). */
function routeOf(res: Response, path: string): string {
  if (typeof res.locals.route === 'string') return res.locals.route;
  if (path === '/docs' || path.startsWith('/docs/')) return '/docs';
  return 'unmatched';
}

/** Logs and counts every request when its response is finished. */
export function observeRequests(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(res, req.path);
      const labels = { method: req.method, route, status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      const caller = res.locals.caller as Principal | undefined;
      const line = {
        method: req.method,
        route,
        status: res.statusCode,
        durationMs: Math.round(seconds * 10_000) / 10,
        ...(typeof res.locals.caseId === 'string' ? { caseId: res.locals.caseId } : {}),
        ...(caller ? { keyId: caller.keyId } : {}),
      };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else if (PROBES.has(route)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}

/** Serves the registry's metrics at GET /metrics (Prometheus text, so documented by hand rather than through ApiRoutes). */
export function metricsRoute(router: Router, registry: OpenAPIRegistry, metrics: Metrics): DeclaredRoute {
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    tags: ['health'],
    summary: 'Prometheus metrics of this process (see the README for the list)',
    description: 'No API key needed.',
    security: [],
    responses: {
      200: {
        description: 'Prometheus text exposition format',
        content: { 'text/plain': { schema: z.string() } },
      },
    },
  });
  router.get('/metrics', noteRoute('/metrics'), async (req, res) => {
    // Like every route: a query it does not take is a 400, not silently ignored.
    const query = NO_QUERY.safeParse(req.query);
    if (!query.success) throw malformed(query.error, 'query');
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return { method: 'get', path: '/metrics', roles: 'public', query: NO_QUERY };
}
