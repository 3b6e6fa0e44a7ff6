// The HTTP API as an express app: JSON bodies with a size limit, API-key authentication and
// a per-key rate limit on every /v1 and /codec route, the OpenAPI document and Swagger UI,
// one log line and metrics per request (GET /metrics), and one error mapper.
import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import { dirname } from 'node:path';
import type { Mailer } from '../lib/mailer';
import type { Database } from '../lib/database';
import type { Keyring } from '../lib/keyring';
import { silentLogger, type Logger } from '../lib/logger';
import { createMetrics, type Metrics } from '../lib/metrics';
import type { OwedMessagesBell } from '../lib/owed-messages-bell';
import { authenticate, rateLimit, type RateLimit } from './access/authenticate';
import { TEMPORAL_DEADLINE_MS } from './cases/temporal-errors';
import { errorMapper, NotFoundError } from './errors';
import { openApiDocument, registerSecurity } from './openapi';
import { ApiRoutes } from './route';
import { accessRoutes } from './routes/access';
import { caseActionRoutes } from './routes/case-actions';
import { caseRoutes } from './routes/cases';
import { personalDataRoutes } from './routes/personal-data';
import { familyRoutes } from './routes/families';
import { codecCors, codecRoutes } from './routes/codec';
import { definitionRoutes } from './routes/definitions';
import { simulationRoutes } from './routes/simulation';
import { migrationRoutes } from './routes/migrations';
import { metricsRoute, observeRequests } from './observe';
import { healthRoutes } from './routes/health';
import { intakeRoutes } from './routes/intake';
import { monitoringRoutes } from './routes/monitoring';
import { partnerRoutes } from './routes/partners';
import { staffRoutes } from './routes/staff';
import { z } from './schemas/common';
import { webRouter } from '../web/router';

export interface AppDeps {
  temporal: Client;
  db: Database;
  /** The keys that seal partner secrets and serve the codec endpoints. */
  keys: Keyring;
  /** Request lines and 5xx causes (default: silent). */
  logger?: Logger;
  /** Request metrics and /metrics (default: a registry of this app's own). */
  metrics?: Metrics;
  /** The process's SMTP transport: /readyz checks it, the web app sends sign-in links through it. */
  mailer?: Mailer;
  taskQueue: string;
  namespace: string;
  publicUrl?: string;
  /** Requests per key per window (default 600 per minute). */
  rateLimit?: RateLimit;
  /** Origins allowed to call the codec endpoints (the Temporal UI). */
  codecOrigins?: string[];
  /** The process's delivery relay bell: a start that owes messages rings it (absent: the relay polls). */
  bell?: OwedMessagesBell;
  /** How long a Temporal call may take before the API answers 503 (default 15 s; reads wait at most 3 s). */
  temporalDeadlineMs?: number;
}

const JSON_BODY_LIMIT = '256kb';

/** Builds the API; the declared routes are on app.locals.routes (tests check them against the document). */
export function createApp(deps: AppDeps): Express {
  const { db, temporal, taskQueue } = deps;
  const logger = deps.logger ?? silentLogger();
  const metrics = deps.metrics ?? createMetrics();
  const app = express();
  app.disable('x-powered-by');
  app.use(observeRequests(logger, metrics));
  app.use(codecCors(deps.codecOrigins ?? ['http://localhost:8233', 'http://127.0.0.1:8233']));
  app.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));

  const registry = new OpenAPIRegistry();
  registerSecurity(registry);
  const router = express.Router();
  const routes = new ApiRoutes(registry, router, [
    authenticate(db),
    rateLimit(deps.rateLimit ?? { limit: 600, windowMs: 60_000 }),
  ]);

  healthRoutes(routes, { db, temporal, ...(deps.mailer ? { mailer: deps.mailer } : {}) });
  const deadlineMs = deps.temporalDeadlineMs ?? TEMPORAL_DEADLINE_MS;
  // Starting a case (its route and intake) records its first transition: counted, and the relay rung.
  const starts = {
    db,
    keys: deps.keys,
    temporal,
    taskQueue,
    deadlineMs,
    metrics,
    ...(deps.bell ? { bell: deps.bell } : {}),
  };
  caseRoutes(routes, starts);
  caseActionRoutes(routes, { db, temporal, deadlineMs });
  personalDataRoutes(routes, { db, keys: deps.keys, temporal, taskQueue, deadlineMs });
  familyRoutes(routes, { db, temporal, taskQueue, deadlineMs });
  definitionRoutes(routes, { db });
  simulationRoutes(routes, { db });
  migrationRoutes(routes, { db, temporal, taskQueue });
  partnerRoutes(routes, { db, keys: deps.keys, temporal, taskQueue });
  staffRoutes(routes, { db });
  monitoringRoutes(routes, { db });
  accessRoutes(routes, { db });
  codecRoutes(routes, { db, keys: deps.keys });
  intakeRoutes(routes, starts);

  let document: ReturnType<typeof openApiDocument> | undefined;
  routes.add({
    method: 'get',
    path: '/openapi.json',
    tag: 'documentation',
    roles: 'public',
    summary: 'This OpenAPI 3.1 document',
    response: z.object({ openapi: z.string() }).passthrough(),
    handler: async () =>
      (document ??= openApiDocument(registry, deps.publicUrl)) as unknown as { openapi: string },
  });
  routes.declared.push(metricsRoute(router, registry, metrics));
  app.use(router);

  // Links in sign-in emails: PUBLIC_URL, else the API's own address (never the request's Host).
  const publicUrl = deps.publicUrl ?? 'http://127.0.0.1:3000';
  app.use(
    '/app',
    webRouter({
      db,
      keys: deps.keys,
      temporal,
      deadlineMs,
      publicUrl,
      mailer: () => {
        if (!deps.mailer)
          throw new Error('This API was built without a mailer: the web app cannot send sign-in links');
        return deps.mailer;
      },
    }),
  );

  app.use('/docs/swagger-initializer.js', (_req, res) => {
    res
      .type('application/javascript')
      .send(
        "window.onload = () => { window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false }); };",
      );
  });
  app.use(
    '/docs',
    express.static(dirname(require.resolve('swagger-ui-dist/package.json')), { index: 'index.html' }),
  );

  app.use((req) => {
    throw new NotFoundError('route', `${req.method} ${req.path.slice(0, 200)}`);
  });
  app.use(errorMapper(logger));
  app.locals.routes = routes.declared;
  return app;
}
