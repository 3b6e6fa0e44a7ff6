// Helpers for the notification and partner tests: case facts, a free port, a database whose
// "mark sent" update is lost once (a crash between the SMTP accept and the commit).
import type { CaseFacts } from '../../contract/activities';
import type { Database } from '../../lib/database';

/** Non-personal facts of a test case. */
export function caseFacts(overrides: Partial<CaseFacts> = {}): CaseFacts {
  return {
    caseId: 'case-1',
    reference: 'KE-2026-0001',
    program: 'resettlement',
    country: 'KE',
    definitionId: 'resettlement.ke',
    definitionVersion: 1,
    timeZone: 'Africa/Nairobi',
    language: 'en',
    priority: 'urgent',
    assignee: 'worker@example.org',
    ...overrides,
  };
}

export { freePort } from './processes';

/** Wraps a client so that the nth update marking a message sent fails (a lost commit). */
export function losingFirstSentUpdate(db: Database, nth = 1): Database {
  let seen = 0;
  let lost = false;
  const message = new Proxy(db.message, {
    get(target, prop, receiver) {
      if (prop !== 'update') return Reflect.get(target, prop, receiver);
      return (args: { data: { status?: string } }) => {
        if (!lost && args.data.status === 'sent' && ++seen === nth) {
          lost = true;
          return Promise.reject(new Error('connection to the database lost'));
        }
        return target.update(args as Parameters<typeof target.update>[0]);
      };
    },
  });
  return new Proxy(db, {
    get: (target, prop, receiver) => (prop === 'message' ? message : Reflect.get(target, prop, receiver)),
  });
}

/** Resolves after ms milliseconds. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
