// The one error mapper: every failure becomes `{ error: { code, message, details } }` with
// the right status, no stack trace, and no value from the request echoed back.
import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import {
  ConflictError,
  DependencyUnavailableError,
  errorMapper,
  ForbiddenError,
  malformed,
  NotFoundError,
  RateLimitedError,
  ruleError,
  RuleViolationError,
  UnauthenticatedError,
} from '../../api/errors';
import { captureLogs } from '../support/logs';
import { RULE_NAMES } from '../../contract/rules';

function appThrowing(err: unknown, logs = captureLogs()) {
  const app = express();
  app.use(express.json({ limit: '1kb' }));
  app.post('/boom', () => {
    throw err;
  });
  app.use(errorMapper(logs.logger));
  return request(app);
}

describe('errorMapper', () => {
  it.each([
    [new UnauthenticatedError(), 401, 'unauthenticated'],
    [new ForbiddenError('no'), 403, 'forbidden'],
    [new NotFoundError('case', 'C-1'), 404, 'not_found'],
    [new ConflictError('closed'), 409, 'conflict'],
    [new RuleViolationError('missing field'), 422, 'rule_violation'],
    [new RateLimitedError(7), 429, 'rate_limited'],
    [new DependencyUnavailableError('database'), 503, 'dependency_unavailable'],
    [new Error('secret internals at /srv/app.ts:12'), 500, 'internal'],
  ])('maps %p to %i %s', async (err, status, code) => {
    const logs = captureLogs();
    const res = await appThrowing(err, logs).post('/boom').send({});
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(JSON.stringify(res.body)).not.toContain('/srv/app.ts');
    expect(logs.lines().filter((line) => line.level === 'error')).toHaveLength(status >= 500 ? 1 : 0);
  });

  it('answers 503 naming what to wait for when Temporal or the case worker cannot take a call', async () => {
    // What the Temporal client throws (ServiceError wrapping the gRPC status), as the server words it.
    const grpc = (code: number, message: string) =>
      Object.assign(new Error('Workflow Update failed'), {
        name: 'ServiceError',
        cause: Object.assign(new Error(`${code} ${message}`), { code }),
      });
    const cases: [Error, number, unknown][] = [
      [grpc(14, 'UNAVAILABLE: connection refused'), 503, 'temporal'],
      [
        grpc(
          9,
          'FAILED_PRECONDITION: Unable to perform workflow execution update due to Workflow Task in failed state.',
        ),
        503,
        'worker',
      ],
      [grpc(9, 'FAILED_PRECONDITION: namespace is not active'), 500, undefined],
      [grpc(13, 'INTERNAL: boom'), 500, undefined],
    ];
    for (const [err, status, dependency] of cases) {
      const res = await appThrowing(err).post('/boom').send({});
      expect([res.status, res.body.error.details?.dependency]).toEqual([status, dependency]);
    }
  });

  it('sets Retry-After on 429', async () => {
    expect((await appThrowing(new RateLimitedError(7)).post('/boom').send({})).headers['retry-after']).toBe(
      '7',
    );
  });

  it('answers 400 for invalid JSON and 413 for an oversized body', async () => {
    const bad = await appThrowing(new Error('unreached'))
      .post('/boom')
      .set('Content-Type', 'application/json')
      .send('{"a":');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'malformed']);
    const big = await appThrowing(new Error('unreached'))
      .post('/boom')
      .send({ a: 'x'.repeat(2000) });
    expect([big.status, big.body.error.code]).toEqual([413, 'payload_too_large']);
  });

  it('lists zod issues by path without quoting the rejected value', () => {
    const parsed = z.object({ sex: z.enum(['female', 'male']) }).safeParse({ sex: 'Zainabu' });
    const err = malformed((parsed as { error: z.ZodError }).error, 'body');
    expect(err.details).toEqual({ issues: [{ path: 'body.sex', message: expect.any(String) }] });
    expect(JSON.stringify(err.details)).not.toContain('Zainabu');
  });
});

describe('workflow rules', () => {
  const expected: Record<string, number> = {
    case_closed: 409,
    case_on_hold: 409,
    case_not_on_hold: 409,
    wrong_step: 409,
    step_not_completable: 409,
    not_owner: 403,
    waiting_for_family: 409,
    in_another_family: 409,
    not_in_family: 409,
    nothing_waiting: 409,
    family_merged: 409,
    family_full: 409,
    not_movable: 409,
    person_already_done: 409,
  };
  it.each([...RULE_NAMES])('%s has its status and names itself in details.rule', (rule) => {
    const err = ruleError(rule, `${rule}: not now`, { caseId: 'C-1' });
    expect(err.status).toBe(expected[rule] ?? 422);
    expect(err.details).toEqual({ rule, caseId: 'C-1' });
  });
});
