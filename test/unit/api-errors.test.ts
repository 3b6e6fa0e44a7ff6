// The one error mapper: every failure becomes `{ error: { code, message, details } }` with
// the right status, no stack trace, and no value from the request echoed back.
import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import {
  ConflictError, DependencyUnavailableError, errorMapper, ForbiddenError, malformed, NotFoundError, RateLimitedError,
  RuleViolationError, UnauthenticatedError,
} from '../../api/errors';

function appThrowing(err: unknown) {
  const app = express();
  app.use(express.json({ limit: '1kb' }));
  app.post('/boom', () => {
    throw err;
  });
  app.use(errorMapper);
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
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await appThrowing(err).post('/boom').send({});
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(JSON.stringify(res.body)).not.toContain('/srv/app.ts');
    expect(logged).toHaveBeenCalledTimes(status >= 500 ? 1 : 0);
    logged.mockRestore();
  });

  it('sets Retry-After on 429', async () => {
    expect((await appThrowing(new RateLimitedError(7)).post('/boom').send({})).headers['retry-after']).toBe('7');
  });

  it('answers 400 for invalid JSON and 413 for an oversized body', async () => {
    const bad = await appThrowing(new Error('unreached')).post('/boom').set('Content-Type', 'application/json').send('{"a":');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'malformed']);
    const big = await appThrowing(new Error('unreached')).post('/boom').send({ a: 'x'.repeat(2000) });
    expect([big.status, big.body.error.code]).toEqual([413, 'payload_too_large']);
  });

  it('lists zod issues by path without quoting the rejected value', () => {
    const parsed = z.object({ sex: z.enum(['female', 'male']) }).safeParse({ sex: 'Zainabu' });
    const err = malformed((parsed as { error: z.ZodError }).error, 'body');
    expect(err.details).toEqual({ issues: [{ path: 'body.sex', message: expect.any(String) }] });
    expect(JSON.stringify(err.details)).not.toContain('Zainabu');
  });
});
