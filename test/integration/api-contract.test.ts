// The API's contract: the OpenAPI document is well-formed and lists every express route;
// health and readiness; the one error shape for malformed, oversized, unknown and
// dependency-down requests (503 when Temporal does not answer).
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { smtpMailer } from '../../lib/mailer';
import { createApp } from '../../api/app';
import { createDatabase, database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { captureLogs } from '../support/logs';
import { freePort } from '../support/processes';
import { bearer, NAMESPACE, startApiHarness, startBody, TASK_QUEUE, type ApiHarness } from './api-harness';

jest.setTimeout(60_000);
let h: ApiHarness;
const db = database();

beforeAll(async () => {
  h = await startApiHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<
      string,
      { operationId: string; responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }
    >
  >;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

/** Express's own route table: method and path of every route the app answers. */
function expressRoutes(app: ApiHarness['app']): string[] {
  const found: string[] = [];
  const walk = (
    stack: {
      route?: { path: string; methods: Record<string, boolean> };
      handle?: { stack?: unknown[]; htmlPages?: boolean };
    }[],
  ) => {
    for (const layer of stack) {
      if (layer.route)
        for (const method of Object.keys(layer.route.methods)) found.push(`${method} ${layer.route.path}`);
      // The web app's HTML pages (web/) are not part of the API contract.
      else if (layer.handle?.stack && !layer.handle.htmlPages) walk(layer.handle.stack as never);
    }
  };
  walk((app as unknown as { router: { stack: never[] } }).router.stack);
  return found;
}

/** Every $ref in the document, to check that each points at a component that exists. */
function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
  }
  return out;
}

describe('OpenAPI document', () => {
  let doc: Doc;
  beforeAll(async () => {
    doc = (await h.http.get('/openapi.json')).body;
  });

  it('is a well-formed OpenAPI 3.1 document', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Pathways API', version: expect.any(String) });
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operationIds = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).map((op) => op.operationId),
    );
    expect(new Set(operationIds).size).toBe(operationIds.length);
    for (const [path, ops] of Object.entries(doc.paths)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(ops)) {
        expect(['get', 'post', 'patch', 'put', 'delete']).toContain(method);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        const declared = (op.parameters ?? [])
          .filter((p) => p.in === 'path')
          .map((p) => p.name)
          .sort();
        expect({ path, params: declared }).toEqual({ path, params: templated });
      }
    }
    for (const ref of refs(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split('/').pop()!]).toBeDefined();
    }
  });

  it('never combines closed objects with allOf (no value could match both)', () => {
    type Node = { allOf?: Node[]; $ref?: string; additionalProperties?: unknown; [key: string]: unknown };
    const resolve = (node: Node): Node =>
      node.$ref ? (doc.components.schemas[node.$ref.split('/').pop()!] as Node) : node;
    const closedCombinations: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      const allOf = (node as Node).allOf;
      if (
        allOf &&
        allOf.filter((member) => resolve(member).additionalProperties === false).length > 0 &&
        allOf.length > 1
      )
        closedCombinations.push(at);
      for (const [key, child] of Object.entries(node)) walk(child, `${at}.${key}`);
    };
    walk(doc, 'doc');
    expect(closedCombinations).toEqual([]);
  });

  it('documents every route express answers', () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)),
    );
    const routes = expressRoutes(h.app).map((r) => r.replace(/:(\w+)/g, '{$1}'));
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('serves Swagger UI at /docs, pointed at the document', async () => {
    const redirect = await h.http.get('/docs');
    expect(redirect.status).toBe(301);
    const page = await h.http.get('/docs/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui');
    expect((await h.http.get('/docs/swagger-initializer.js')).text).toContain("'/openapi.json'");
    expect((await h.http.get('/docs/swagger-ui-bundle.js')).status).toBe(200);
  });
});

describe('health', () => {
  it('answers /healthz and /readyz when the database and Temporal answer', async () => {
    expect((await h.http.get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await h.http.get('/readyz')).body).toEqual({
      status: 'ready',
      checks: { database: 'ok', temporal: 'ok' },
    });
  });

  it('answers 503 when Temporal does not: readiness, and any change to a case; reads fall back to the projection', async () => {
    const created = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
    const logs = captureLogs('info');
    const dead = new Client({
      connection: Connection.lazy({ address: '127.0.0.1:1' }),
      namespace: NAMESPACE,
    });
    const down = request(
      createApp({
        db,
        keys: keyring(),
        logger: logs.logger,
        temporal: dead,
        taskQueue: TASK_QUEUE,
        namespace: NAMESPACE,
        temporalDeadlineMs: 1000,
      }),
    );
    const ready = await down.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.error).toMatchObject({
      code: 'dependency_unavailable',
      details: { checks: { database: 'ok', temporal: 'down' }, notReady: ['temporal'] },
    });
    const hold = await down
      .post(`/v1/cases/${created.body.id}/hold`)
      .set(bearer(h.keys.supervisor))
      .send({ reason: 'screening' });
    expect(hold.status).toBe(503);
    expect(hold.body.error).toEqual({
      code: 'dependency_unavailable',
      message: expect.any(String),
      details: { dependency: 'temporal' },
    });
    const read = await down.get(`/v1/cases/${created.body.id}`).set(bearer(h.keys.caseworker));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, live: false, currentStep: 'assessment' });
    const start = await down.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
    expect(start.status).toBe(503);
    // A migration's progress is its workflow's answer: the same 503, never a 500.
    const migration = await down
      .get('/v1/definitions/api-mini.xa/migrations/v1-v1')
      .set(bearer(h.keys.program_manager));
    expect([migration.status, migration.body.error?.details]).toEqual([503, { dependency: 'temporal' }]);
    expect(logs.lines()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'error',
          msg: 'POST /v1/cases/{caseId}/hold → 503',
          cause: expect.any(String),
        }),
        expect.objectContaining({
          level: 'error',
          msg: 'request',
          method: 'POST',
          route: '/v1/cases/{caseId}/hold',
          status: 503,
          caseId: created.body.id,
          keyId: expect.any(String),
        }),
        expect.objectContaining({
          level: 'info',
          msg: 'request',
          method: 'GET',
          route: '/v1/cases/{caseId}',
          status: 200,
        }),
      ]),
    );
    expect(logs.text()).not.toMatch(/Zainabu|Mwangalizi|1987-03-14|screening|@pathways\.test/);
  });

  it('names each dependency that does not answer: a database and an SMTP server on dead ports', async () => {
    const deadDb = createDatabase(`postgresql://postgres@127.0.0.1:${await freePort()}/nowhere`);
    const deadMailer = smtpMailer(`smtp://127.0.0.1:${await freePort()}`, 'Pathways <p@test>', 1000);
    const app = createApp({
      db: deadDb,
      keys: keyring(),
      mailer: deadMailer,
      temporal: h.client,
      taskQueue: TASK_QUEUE,
      namespace: NAMESPACE,
    });
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.error).toEqual({
      code: 'dependency_unavailable',
      message: 'not ready: database, mailer do not answer',
      details: {
        checks: { database: 'down', temporal: 'ok', mailer: 'down' },
        notReady: ['database', 'mailer'],
      },
    });
    await deadDb.$disconnect();
  });
});

describe('one error shape', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    // Client errors are the caller's to read, not the operator's: only 5xx are logged.
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
  });

  const expectError = (res: request.Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(Object.keys(res.body)).toEqual(['error']);
    expect(res.body.error.code).toBe(code);
    expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.ts:\d+/);
  };

  it('400 for malformed JSON, unknown fields, unbounded strings and bad query values, naming each issue', async () => {
    const json = await h.http
      .post('/v1/cases')
      .set(bearer(h.keys.caseworker))
      .set('Content-Type', 'application/json')
      .send('{"reference":');
    expectError(json, 400, 'malformed');
    const unknown = await h.http
      .post('/v1/cases')
      .set(bearer(h.keys.caseworker))
      .send({ ...startBody(h), nickname: 'Z' });
    expectError(unknown, 400, 'malformed');
    expect(unknown.body.error.details.issues).toEqual([
      { path: 'body.nickname', message: 'is not a known field' },
    ]);
    const long = await h.http
      .post('/v1/cases')
      .set(bearer(h.keys.caseworker))
      .send(startBody(h, { applicant: { givenName: 'x'.repeat(201), familyName: 'Y' } }));
    expectError(long, 400, 'malformed');
    expect(long.body.error.details.issues[0].path).toBe('body.applicant.givenName');
    const query = await h.http
      .get('/v1/cases')
      .query({ limit: 5000, colour: 'red' })
      .set(bearer(h.keys.caseworker));
    expectError(query, 400, 'malformed');
    const param = await h.http.get(`/v1/cases/${'C'.repeat(150)}`).set(bearer(h.keys.caseworker));
    expectError(param, 400, 'malformed');
    const header = await h.http
      .post('/v1/cases')
      .set(bearer(h.keys.caseworker))
      .set('Idempotency-Key', 'short')
      .send(startBody(h));
    expectError(header, 400, 'malformed');
    expect(header.body.error.details.issues[0].path).toBe('header.idempotency-key');
  });

  it('413 for a body over the size limit, 404 for an unknown route', async () => {
    const big = await h.http
      .post('/v1/cases')
      .set(bearer(h.keys.caseworker))
      .send({ reference: 'x'.repeat(300_000) });
    expectError(big, 413, 'payload_too_large');
    expectError(await h.http.get('/v2/everything').set(bearer(h.keys.admin)), 404, 'not_found');
  });

  it('never echoes personal data from a rejected body', async () => {
    const res = await h.http
      .post('/v1/cases')
      .set(bearer(h.keys.caseworker))
      .send(
        startBody(h, {
          applicant: { givenName: 'Zainabu', familyName: 'Mwangalizi', birthDate: '14/03/1987' },
        }),
      );
    expectError(res, 400, 'malformed');
    expect(JSON.stringify(res.body)).not.toContain('Mwangalizi');
    expect(JSON.stringify(res.body)).not.toContain('14/03/1987');
  });
});
