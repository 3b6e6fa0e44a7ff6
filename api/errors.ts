// Typed API errors and the one place that turns any error into the response
// `{ error: { code, message, details } }`. Only 5xx are logged, never with request bodies.
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { CaseKeyUnavailableError } from '../lib/case-keys';
import type { Logger } from '../lib/logger';
import type { RuleName } from '../contract/rules';
import { SimulationError } from '../simulation/plan';

export type ErrorCode =
  | 'malformed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'case_erased'
  | 'rule_violation'
  | 'payload_too_large'
  | 'rate_limited'
  | 'dependency_unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  malformed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  case_erased: 410,
  rule_violation: 422,
  payload_too_large: 413,
  rate_limited: 429,
  dependency_unavailable: 503,
  internal: 500,
};

/** An error the API answers with its own status, code and non-personal details. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ApiError';
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** 400: the request does not match its schema. */
export class MalformedRequestError extends ApiError {
  constructor(message: string, details?: unknown) {
    super('malformed', message, details);
  }
}
/** 401: no API key, or one that is unknown or revoked. */
export class UnauthenticatedError extends ApiError {
  constructor(message = 'a valid API key is required (Authorization: Bearer <key>)') {
    super('unauthenticated', message);
  }
}
/** 403: the key's role or scope does not allow this. */
export class ForbiddenError extends ApiError {
  constructor(message: string, details?: unknown) {
    super('forbidden', message, details);
  }
}
/** 404: unknown — or not visible to this key (another partner's case). */
export class NotFoundError extends ApiError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} was not found`, { [what]: id });
  }
}
/** 409: the case is not in a state where this can happen (wrong step, already closed). */
export class ConflictError extends ApiError {
  constructor(message: string, details?: unknown) {
    super('conflict', message, details);
  }
}
/** 410: the case's personal data was erased (crypto-shredded); its non-personal facts remain. */
export class CaseErasedError extends ApiError {
  constructor(caseId: string, erasedAt?: Date) {
    super('case_erased', `the personal data of case ${caseId} was erased`, {
      caseId,
      ...(erasedAt ? { erasedAt: erasedAt.toISOString() } : {}),
    });
  }
}
/** 422: well-formed but against a rule (missing field, unknown outcome, four eyes, role). */
export class RuleViolationError extends ApiError {
  constructor(message: string, details?: unknown) {
    super('rule_violation', message, details);
  }
}
/**
 * The answer to each rule the case workflow enforces: the request came at the wrong moment (409),
 * the caller may not act on the step (403), or the request breaks a rule of the step (422).
 */
export const RULE_ERROR_CODES: Record<RuleName, 'conflict' | 'forbidden' | 'rule_violation'> = {
  case_closed: 'conflict',
  case_on_hold: 'conflict',
  case_not_on_hold: 'conflict',
  wrong_step: 'conflict',
  step_not_completable: 'conflict',
  not_owner: 'forbidden',
  invalid_input: 'rule_violation',
  unknown_outcome: 'rule_violation',
  missing_field: 'rule_violation',
  mistyped_field: 'rule_violation',
  unknown_field: 'rule_violation',
  four_eyes: 'rule_violation',
  unknown_closure_reason: 'rule_violation',
  same_assignee: 'rule_violation',
  waiting_for_family: 'conflict',
  in_another_family: 'conflict',
  not_in_family: 'conflict',
  nothing_waiting: 'conflict',
  family_merged: 'conflict',
  family_full: 'conflict',
  not_movable: 'conflict',
  person_required: 'rule_violation',
  person_not_expected: 'rule_violation',
  unknown_person: 'rule_violation',
  person_not_of_relationship: 'rule_violation',
  person_already_done: 'conflict',
};

/** The API error for a broken workflow rule; `details.rule` names it. */
export function ruleError(rule: RuleName, message: string, details: Record<string, unknown> = {}): ApiError {
  return new ApiError(RULE_ERROR_CODES[rule], message, { rule, ...details });
}

/** 429: this key sent too many requests. */
export class RateLimitedError extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', `too many requests; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}
/**
 * What a 503 waits for: the database, Temporal, or the case's worker (Temporal is up, but the
 * workflow task that would take the call keeps failing, e.g. the worker cannot reach PostgreSQL).
 */
export type Dependency = 'database' | 'temporal' | 'worker';

const UNAVAILABLE: Record<Dependency, string> = {
  database: 'database is unavailable; try again shortly',
  temporal: 'temporal is unavailable; try again shortly',
  worker: 'the workflow cannot take this now (its worker keeps failing its task); try again shortly',
};

/** 503: a dependency cannot be reached or cannot do its part; the same request may be sent again. */
export class DependencyUnavailableError extends ApiError {
  constructor(dependency: Dependency, cause?: unknown) {
    super('dependency_unavailable', UNAVAILABLE[dependency], { dependency }, cause);
  }
}

/**
 * Which dependency a Temporal client error says is out of reach, or undefined when it says
 * something else: gRPC UNAVAILABLE (14) and DEADLINE_EXCEEDED (4) are Temporal; FAILED_PRECONDITION
 * (9) about the workflow task (an update refused or aborted because the task failed) is the worker.
 */
export function temporalOutage(err: unknown): 'temporal' | 'worker' | undefined {
  if (!(err instanceof Error)) return undefined;
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = (err as { code?: unknown }).code ?? cause?.code;
  const text = `${err.message} ${typeof cause?.message === 'string' ? cause.message : ''}`;
  if (code === 14 || code === 4 || /UNAVAILABLE|DEADLINE_EXCEEDED|ECONNREFUSED/.test(text)) return 'temporal';
  if (code === 9 && /workflow task/i.test(text)) return 'worker';
  return undefined;
}

/** Turns a zod error into a 400 listing each issue's path and message. */
export function malformed(
  error: ZodError,
  where: 'body' | 'query' | 'path' | 'header',
): MalformedRequestError {
  // zod quotes the rejected value in some messages ("received 'x'"): never echo a value back.
  const issues = error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? // One issue per unknown field, at its own path, so a client can point at it.
        issue.keys.map((key) => ({
          path: [where, ...issue.path, key].join('.'),
          message: 'is not a known field',
        }))
      : [
          {
            path: [where, ...issue.path].join('.'),
            message: issue.message.replace(/,? received '[^']*'/g, ''),
          },
        ],
  );
  return new MalformedRequestError(`the request ${where} is not valid`, { issues });
}

/** Recognises errors from outside the API (body parser, database driver) and gives them an ApiError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ZodError) return malformed(err, 'body');
  // A read that reached a shredded case key (the case was erased while the request ran).
  if (err instanceof CaseKeyUnavailableError && err.shredded) return new CaseErasedError(err.caseId);
  // A simulation asked for a step, outcome or duration its definition does not have.
  if (err instanceof SimulationError)
    return new RuleViolationError('the simulation does not fit the definition', { problems: err.problems });
  const e = err as { type?: string; status?: number; code?: string; name?: string; message?: string };
  if (e?.type === 'entity.too.large')
    return new ApiError('payload_too_large', 'the request body is too large');
  if (e?.type === 'entity.parse.failed')
    return new MalformedRequestError('the request body is not valid JSON');
  // Express could not percent-decode a path parameter; its message quotes the value, so it is not echoed.
  if (err instanceof URIError && e.status === 400) {
    return new MalformedRequestError('the path is not valid percent-encoding', {
      issues: [{ path: 'path', message: 'is not valid percent-encoding' }],
    });
  }
  if (e?.status && e.status >= 400 && e.status < 500)
    return new MalformedRequestError(e.message ?? 'bad request');
  if (isDatabaseDown(e)) return new DependencyUnavailableError('database', err);
  const outage = temporalOutage(err);
  if (outage) return new DependencyUnavailableError(outage, err);
  return new ApiError('internal', 'internal error');
}

function isDatabaseDown(e: { code?: string; name?: string; message?: string }): boolean {
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'P1001', 'P1002', 'P1017', '57P01'].includes(e?.code ?? '') ||
    e?.name === 'PrismaClientInitializationError' ||
    /Can't reach database|connection terminated|Connection refused/i.test(e?.message ?? '')
  );
}

// First line only, bounded: driver messages can quote query arguments on later lines.
function summary(cause: unknown): string {
  if (cause instanceof ZodError)
    return `response schema mismatch at ${cause.issues.map((i) => i.path.join('.')).join(', ')}`;
  if (!(cause instanceof Error)) return String(cause).slice(0, 200);
  return `${cause.name}: ${(cause.message.split('\n')[0] ?? '').slice(0, 200)}`;
}

/** The single error mapper: JSON body, no stack traces; a 5xx logged with its route template and cause (first line). */
export const errorMapper =
  (logger: Logger): ErrorRequestHandler =>
  (err, req, res, _next) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500) {
      const cause = apiError.cause ?? err;
      const route = typeof res.locals.route === 'string' ? res.locals.route : 'unmatched';
      logger.error(
        { method: req.method, route, status: apiError.status, cause: summary(cause) },
        `${req.method} ${route} → ${apiError.status}`,
      );
    }
    if (apiError instanceof RateLimitedError)
      res.setHeader('Retry-After', String(apiError.retryAfterSeconds));
    const body: { code: ErrorCode; message: string; details?: unknown } = {
      code: apiError.code,
      message: apiError.message,
    };
    if (apiError.details !== undefined) body.details = apiError.details;
    res.status(apiError.status).json({ error: body });
  };
