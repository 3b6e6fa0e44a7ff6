// Bad input, driven by the route table: for every declared route, malformed path ids, query
// values, cursors and body dates get a 4xx naming the path, never a 500. A route added later
// is covered by the same loops, from the schemas it declares.
import type { ZodTypeAny } from 'zod';
import type { DeclaredRoute } from '../../api/route';
import { bearer, startApiHarness, startBody, type ApiHarness } from './api-harness';
import { dateFieldsOf, dateKind, type DateKind } from '../support/schema-walk';

let h: ApiHarness;
jest.setTimeout(120_000);

beforeAll(async () => {
  // Every route is walked with many bad values: more requests than the default limit allows.
  h = await startApiHarness({ app: { rateLimit: { limit: 100_000, windowMs: 60_000 } } });
}, 120_000);
afterAll(() => h?.close());

type Answer = {
  status: number;
  body: { error?: { code: string; details?: { issues?: { path: string; message: string }[] } } };
};
const routes = (): DeclaredRoute[] => h.app.locals.routes as DeclaredRoute[];
const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A concrete URL for a route: each path parameter replaced by `ids[name]` or a well-formed placeholder. */
function url(route: DeclaredRoute, ids: Record<string, string> = {}): string {
  const placeholder: Record<string, string> = {
    caseId: 'C-000000000000',
    definitionId: 'api-mini.xa',
    version: '1',
    partnerId: h.partners.a,
    eventId: '00000000-0000-4000-8000-000000000000',
    staffId: '00000000-0000-4000-8000-000000000000',
    keyId: '00000000-0000-4000-8000-000000000000',
    source: 'kobo-none',
    submissionId: '00000000-0000-4000-8000-000000000000',
    familyId: 'FAM-0000000000',
    personId: 'P-0000000000',
    migration: 'v1-v2',
  };
  return route.path.replace(/\{(\w+)\}/g, (_m, name: string) => ids[name] ?? placeholder[name] ?? 'x');
}

async function call(route: DeclaredRoute, target: string, body?: unknown): Promise<Answer> {
  const request = h.http[route.method](target).set(bearer(h.keys.admin));
  return route.method === 'get' || route.method === 'delete' ? request : request.send((body ?? {}) as object);
}

/** Asserts a 400 whose issues name `path` (or a path below it), and returns a line for the failure list otherwise. */
function refusedAt(answer: Answer, path: string): string | null {
  const paths = answer.body.error?.details?.issues?.map((issue) => issue.path) ?? [];
  if (answer.status === 400 && paths.some((p) => p === path || p.startsWith(`${path}.`))) return null;
  return `${answer.status} ${JSON.stringify(paths)}`;
}

const MALFORMED_IDS = ['-1', 'x'.repeat(300), '%E0%A4%A', '..%2F..%2Fetc', '%20', 'a%0Ab'];
// Well-formed for some parameters: an ordinary 404 (or 400 for the others), never 500.
const ODD_IDS = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  '0',
  '999999999999999999999',
  'C-000000000000',
];

describe('path ids', () => {
  it('refuses a malformed id in every path parameter of every route with 400 at path.<name>', async () => {
    const failures: string[] = [];
    for (const route of routes()) {
      for (const name of Object.keys(route.params?.shape ?? {})) {
        for (const bad of MALFORMED_IDS) {
          const answer = await call(route, url(route, { [name]: bad }));
          const pathName = bad === '%E0%A4%A' ? 'path' : `path.${name}`;
          const failure = refusedAt(answer, pathName);
          if (failure) failures.push(`${route.method} ${route.path} ${name}=${bad.slice(0, 20)}: ${failure}`);
        }
        for (const odd of ODD_IDS) {
          const answer = await call(route, url(route, { [name]: odd }));
          if (answer.status >= 500 || answer.status < 400)
            failures.push(`${route.method} ${route.path} ${name}=${odd}: ${answer.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

const BAD_DATES: Record<DateKind, string[]> = {
  'date-time': [
    '2026-02-30T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '1899-12-31T23:59:59Z',
    '10000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2026-01-01',
    'now',
    '2026-01-01T25:00:00Z',
  ],
  date: ['2026-02-30', '0000-01-01', '1899-12-31', '2026-1-1', '9999-99-99', '20260101', '2026-02-29'],
  'year-month': ['0000-01', '2026-13', '1899-12', '26-01', '2026-1'],
};

describe('query values', () => {
  it('refuses unknown, repeated, oversized and mistyped query values on every route with 400 at query.<name>', async () => {
    const failures: string[] = [];
    for (const route of routes()) {
      const shape: Record<string, ZodTypeAny> = route.query?.shape ?? {};
      const attempts: [string, string][] = [['bogus', 'bogus=1']];
      for (const name of Object.keys(shape)) {
        attempts.push([name, `${name}=${'x'.repeat(2000)}`], [name, `${name}=a&${name}=b`]);
        const kind = dateKind(shape[name]!);
        for (const bad of kind ? BAD_DATES[kind] : [])
          attempts.push([name, `${name}=${encodeURIComponent(bad)}`]);
        if (name === 'limit')
          for (const bad of ['0', '-1', '1e999', '1.5', 'NaN', 'Infinity', '201'])
            attempts.push([name, `limit=${bad}`]);
      }
      for (const [name, query] of attempts) {
        const target = `${url(route)}?${query}`;
        const failure = refusedAt(await call(route, target), `query.${name}`);
        if (failure) failures.push(`${route.method} ${route.path}?${query.slice(0, 40)}: ${failure}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses every cursor this API did not return with 400 at query.cursor', async () => {
    const forged = [
      'AAAA',
      '_-_-',
      b64('null'),
      b64('"text"'),
      b64([1, 2]),
      b64({ v: 'x', id: 'y' }),
      b64({ v: '0000-01-01T00:00:00.000Z', id: 'C-000000000000' }),
      b64({ v: null, id: { gt: '' } }),
      b64({ v: 12, id: 'C-000000000000' }),
      b64({ s: 'dueAt', v: null, id: 'x'.repeat(300) }),
      b64({ s: 'openedAt', v: null, id: 'C-000000000000' }),
      b64('-'.repeat(36)),
      b64('00000000-0000-0000-0000-00000000000g'),
    ];
    const failures: string[] = [];
    for (const route of routes().filter((r) => Object.hasOwn(r.query?.shape ?? {}, 'cursor'))) {
      for (const sort of route.path === '/v1/cases' ? ['dueAt', 'openedAt'] : ['']) {
        for (const cursor of forged) {
          const target = `${route.path}?cursor=${cursor}${sort ? `&sort=${sort}` : ''}`;
          const failure = refusedAt(await call(route, target), 'query.cursor');
          if (failure)
            failures.push(
              `${route.path} ${sort} ${Buffer.from(cursor, 'base64url').toString().slice(0, 60)}: ${failure}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

/** A body holding `value` at `path` (array steps take index 0), and nothing else. */
function bodyWith(path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  return typeof head === 'number' ? [bodyWith(rest, value)] : { [head!]: bodyWith(rest, value) };
}

describe('body dates', () => {
  it('finds the dates of every body schema and refuses impossible ones with 400 at their path', async () => {
    const failures: string[] = [];
    const checked: string[] = [];
    for (const route of routes().filter((r) => r.body)) {
      for (const { path, kind } of dateFieldsOf(route.body!)) {
        const birth = path[path.length - 1] === 'birthDate';
        const tomorrowButOne = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
        for (const bad of [...BAD_DATES[kind], ...(birth ? [tomorrowButOne, '2999-01-01'] : [])]) {
          const failure = refusedAt(
            await call(route, url(route), bodyWith(path, bad)),
            ['body', ...path].join('.'),
          );
          if (failure) failures.push(`${route.method} ${route.path} ${path.join('.')}=${bad}: ${failure}`);
        }
        checked.push(`${route.method} ${route.path} ${path.join('.')}`);
      }
    }
    expect(failures).toEqual([]);
    // The walk must find the dates there are: a schema change that hides them fails here.
    expect(checked).toEqual(
      expect.arrayContaining([
        'post /v1/cases applicant.birthDate',
        'post /v1/cases applicant.dependants.0.birthDate',
      ]),
    );
  });

  it('accepts a birth date of today (a newborn, in any time zone) and of 1900', async () => {
    for (const birthDate of [new Date().toISOString().slice(0, 10), '1900-01-01']) {
      const res = await h.http
        .post('/v1/cases')
        .set(bearer(h.keys.caseworker))
        .send(startBody(h, { applicant: { givenName: 'A', familyName: 'B', birthDate } }));
      expect([res.status, res.body.error?.details ?? null]).toEqual([201, null]);
    }
  });
});

describe('a definition of another country', () => {
  it('refuses to start a case on another country’s process with 422 at body.definitionId', async () => {
    const res = await h.http
      .post('/v1/cases')
      .set(bearer(h.keys.admin))
      .send(startBody(h, { definitionId: 'api-mini.xb', country: 'XA' }));
    expect(res.status).toBe(422);
    expect(res.body.error.details).toMatchObject({
      rule: 'definition_country_mismatch',
      issues: [{ path: 'body.definitionId' }],
    });
    const own = await h.http
      .post('/v1/cases')
      .set(bearer(h.keys.admin))
      .send(startBody(h, { definitionId: 'api-mini.xa', country: 'XA' }));
    expect(own.status).toBe(201);
  });
});
