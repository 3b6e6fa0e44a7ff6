// One way to declare an endpoint: its path, roles, request and response schemas and handler.
// Declaring it registers both the express route and its OpenAPI operation, so the document
// cannot miss a route, and every response passes through its schema (the allow-list).
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Request, RequestHandler, Response, Router } from 'express';
import { z, type AnyZodObject, type ZodTypeAny } from 'zod';
import { callerOf } from './access/authenticate';
import type { Principal, Role } from './access/roles';
import { ApiError, ForbiddenError, MalformedRequestError, malformed } from './errors';
import { noteRoute } from './observe';
import { ErrorBody } from './schemas/common';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface HandlerContext<P, Q, B> {
  caller: Principal;
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

/** What a handler answers when the status is not the route's default one. */
export class Reply<R> {
  constructor(
    readonly status: number,
    readonly body: R,
  ) {}
}

/** Answers with a specific status (e.g. 200 instead of 201 for an idempotent repeat). */
export function reply<R>(status: number, body: R): Reply<R> {
  return new Reply(status, body);
}

export interface RouteSpec<
  P extends AnyZodObject,
  Q extends AnyZodObject,
  B extends ZodTypeAny,
  R extends ZodTypeAny,
> {
  method: Method;
  /** OpenAPI-style path: /v1/cases/{caseId}. */
  path: string;
  summary: string;
  tag: string;
  /** Roles allowed; 'public' needs no key. */
  roles: Role[] | 'public';
  params?: P;
  query?: Q;
  body?: B;
  headers?: AnyZodObject;
  response: R;
  /** Success statuses with their descriptions; the first is the default. */
  statuses?: Record<number, string>;
  handler: (
    ctx: HandlerContext<z.infer<P>, z.infer<Q>, z.infer<B>>,
  ) => Promise<Reply<z.input<R>> | z.input<R>>;
}

/** A declared route as the tests and the document see it: who may call it and what it accepts. */
export interface DeclaredRoute {
  method: Method;
  path: string;
  roles: Role[] | 'public';
  params?: AnyZodObject;
  query?: AnyZodObject;
  body?: ZodTypeAny;
  headers?: AnyZodObject;
}

const ERROR_STATUSES: Record<number, string> = {
  400: 'Malformed request',
  401: 'Missing or invalid API key',
  403: 'Role or scope does not allow this',
  404: 'Not found (or not visible to this key)',
  409: 'Conflict with the case state',
  410: "The case's personal data was erased (code case_erased)",
  422: 'Rule violation',
  429: 'Rate limited',
  503: 'A dependency is unavailable',
};

/** Declares endpoints on an express router and an OpenAPI registry at once. */
export class ApiRoutes {
  readonly declared: DeclaredRoute[] = [];

  constructor(
    private readonly registry: OpenAPIRegistry,
    private readonly router: Router,
    private readonly guard: RequestHandler[],
  ) {}

  /** Declares one endpoint. */
  add<P extends AnyZodObject, Q extends AnyZodObject, B extends ZodTypeAny, R extends ZodTypeAny>(
    declaredSpec: RouteSpec<P, Q, B, R>,
  ): void {
    const names = [...declaredSpec.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
    const declaredNames = Object.keys(declaredSpec.params?.shape ?? {});
    if (names.join() !== declaredNames.join()) {
      throw new Error(
        `${declaredSpec.method} ${declaredSpec.path}: its params schema must declare exactly ${names.join(', ') || 'nothing'}`,
      );
    }
    // A route without a query schema takes no query: an unknown parameter is a 400, not silently ignored.
    const spec = { ...declaredSpec, query: declaredSpec.query ?? (NO_QUERY as unknown as Q) };
    this.declared.push({
      method: spec.method,
      path: spec.path,
      roles: spec.roles,
      params: spec.params,
      query: spec.query,
      body: spec.body,
      headers: spec.headers,
    });
    this.registry.registerPath(openApiOperation(spec));
    const expressPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
    const handlers = [
      noteRoute(spec.path),
      ...(spec.roles === 'public' ? [] : [...this.guard, allow(spec.roles)]),
    ];
    this.router[spec.method](expressPath, ...handlers, async (req: Request, res: Response) => {
      if (spec.headers) parse(spec.headers, req.headers, 'header');
      const params = parse(spec.params, req.params, 'path');
      const query = parse(spec.query, req.query, 'query');
      const body = spec.body ? parse(spec.body, req.body ?? {}, 'body') : undefined;
      const caller = spec.roles === 'public' ? (undefined as unknown as Principal) : callerOf(res);
      const result = await spec.handler({ caller, params, query, body, req, res });
      const answer =
        result instanceof Reply
          ? result
          : new Reply(Number(Object.keys(spec.statuses ?? { 200: '' })[0]), result);
      const output = spec.response.safeParse(answer.body);
      // A body that does not fit its schema is our bug, never the caller's: 500, and nothing leaks.
      if (!output.success) throw new ApiError('internal', 'internal error', undefined, output.error);
      res.status(answer.status).json(output.data);
    });
  }
}

const NO_QUERY = z.object({}).strict();

function allow(roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const caller = callerOf(res);
    if (!roles.includes(caller.role))
      throw new ForbiddenError(`the role ${caller.role} may not do this`, { allowed: roles });
    next();
  };
}

/**
 * How deep a request's JSON may nest: beyond any schema here (a definition's source, the deepest,
 * has its own limit of 64 levels below `body.source`, reported with its path), far within the
 * call stack of any reader.
 */
export const MAX_NESTING = 256;

/**
 * What no request may hold, found in one place before any schema sees it: a NUL character in any
 * text (PostgreSQL text cannot hold it), or nesting deeper than MAX_NESTING (a body of 10,000
 * nested arrays would overflow the stack of any recursive reader). Walks without recursion, in
 * document order: the refusal of the first problem, with its path.
 */
function refusedPart(value: unknown, where: string): MalformedRequestError | undefined {
  const refuse = (summary: string, path: string, message: string) =>
    new MalformedRequestError(summary, { issues: [{ path, message }] });
  const nul = (path: string) =>
    refuse('text may not contain NUL characters', path, 'contains a NUL character');
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: where, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { path, depth } = next;
    if (typeof next.value === 'string') {
      if (next.value.includes('\u0000')) return nul(path);
      continue;
    }
    if (!next.value || typeof next.value !== 'object') continue;
    if (depth >= MAX_NESTING)
      return refuse(`the request ${where} nests too deeply`, path, `nests deeper than ${MAX_NESTING} levels`);
    const entries = Object.entries(next.value);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, item] = entries[i]!;
      pending.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
    }
    const withNul = entries.find(([key]) => key.includes('\u0000'));
    if (withNul) return nul(`${path}.${withNul[0]}`);
  }
  return undefined;
}

function parse<T extends ZodTypeAny>(
  schema: T | undefined,
  value: unknown,
  where: 'body' | 'query' | 'path' | 'header',
): z.infer<T> {
  if (!schema) return {} as z.infer<T>;
  const refused = refusedPart(value, where);
  if (refused) throw refused;
  const result = schema.safeParse(value);
  if (!result.success) throw malformed(result.error, where);
  return result.data;
}

function openApiOperation(
  spec: Omit<RouteSpec<AnyZodObject, AnyZodObject, ZodTypeAny, ZodTypeAny>, 'handler'>,
): RouteConfig {
  const responses: RouteConfig['responses'] = {};
  for (const [status, description] of Object.entries(spec.statuses ?? { 200: 'OK' })) {
    responses[status] = { description, content: { 'application/json': { schema: spec.response } } };
  }
  for (const [status, description] of Object.entries(ERROR_STATUSES)) {
    if (spec.roles === 'public' && ['401', '403', '429'].includes(status)) continue;
    responses[status] = { description, content: { 'application/json': { schema: ErrorBody } } };
  }
  const roles = spec.roles === 'public' ? 'No API key needed.' : `Roles: ${spec.roles.join(', ')}.`;
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    description: roles,
    tags: [spec.tag],
    operationId: `${spec.method}${spec.path.replace(/[{}]/g, '').replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
    ...(spec.roles === 'public' ? { security: [] } : { security: [{ apiKey: [] }] }),
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.headers ? { headers: spec.headers } : {}),
      ...(spec.body
        ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } }
        : {}),
    },
    responses,
  };
}
