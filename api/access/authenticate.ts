// Request authentication and the per-key rate limit. The caller is attached to res.locals.
import type { RequestHandler, Response } from 'express';
import type { Database } from '../../lib/database';
import { RateLimitedError, UnauthenticatedError } from '../errors';
import { verifyApiKey } from './api-keys';
import type { Principal } from './roles';

/** Reads `Authorization: Bearer <key>` (or `X-Api-Key`) and sets res.locals.caller, or 401. */
export function authenticate(db: Database): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    const presented = header?.startsWith('Bearer ') ? header.slice(7).trim() : req.get('x-api-key');
    if (!presented) throw new UnauthenticatedError();
    const caller = await verifyApiKey(db, presented);
    if (!caller) throw new UnauthenticatedError('the API key is unknown or revoked');
    res.locals.caller = caller;
    next();
  };
}

/** The authenticated caller of this request. */
export function callerOf(res: Response): Principal {
  const caller = res.locals.caller as Principal | undefined;
  if (!caller) throw new UnauthenticatedError();
  return caller;
}

export interface RateLimit {
  /** Requests allowed per key per window. */
  limit: number;
  windowMs: number;
}

/** A fixed-window, in-memory limit per API key (one process; enough for one API instance). */
export function rateLimit({ limit, windowMs }: RateLimit): RequestHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return (_req, res, next) => {
    const key = callerOf(res).keyId;
    const now = Date.now();
    let window = windows.get(key);
    if (!window || now - window.start >= windowMs) {
      window = { start: now, count: 0 };
      windows.set(key, window);
      if (windows.size > 10_000)
        for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
    }
    window.count += 1;
    if (window.count > limit) throw new RateLimitedError(Math.ceil((window.start + windowMs - now) / 1000));
    next();
  };
}
