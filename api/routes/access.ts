// API keys (admins create and revoke them; the secret is shown once) and the audit log.
import type { Database, Prisma } from '../../lib/database';
import { issueApiKey, listApiKeys, revokeKey } from '../admin/keys';
import { ADMINS } from '../access/roles';
import { MalformedRequestError } from '../errors';
import type { ApiRoutes } from '../route';
import {
  ApiKeyIdParams,
  ApiKeyList,
  AuditLog,
  AuditQuery,
  CreateApiKeyBody,
  CreatedApiKey,
} from '../schemas/access';
import { z } from '../schemas/common';

/** Declares /v1/api-keys and /v1/audit. */
export function accessRoutes(routes: ApiRoutes, { db }: { db: Database }): void {
  routes.add({
    method: 'post',
    path: '/v1/api-keys',
    tag: 'access',
    roles: ADMINS,
    summary: 'Create an API key (the secret is in this answer only)',
    body: CreateApiKeyBody,
    response: CreatedApiKey,
    statuses: { 201: 'Created' },
    handler: ({ caller, body }) => issueApiKey(db, caller, body),
  });

  routes.add({
    method: 'get',
    path: '/v1/api-keys',
    tag: 'access',
    roles: ADMINS,
    summary: 'List API keys (never their secrets)',
    response: ApiKeyList,
    handler: async () => ({ keys: await listApiKeys(db) }),
  });

  routes.add({
    method: 'delete',
    path: '/v1/api-keys/{keyId}',
    tag: 'access',
    roles: ADMINS,
    summary: 'Revoke an API key',
    params: ApiKeyIdParams,
    response: z.object({ revoked: z.literal(true) }),
    handler: async ({ caller, params }) => {
      await revokeKey(db, caller, params.keyId);
      return { revoked: true as const };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/audit',
    tag: 'access',
    roles: ADMINS,
    summary: 'The audit log, newest first',
    query: AuditQuery,
    response: AuditLog,
    handler: async ({ query }) => {
      const where: Prisma.AuditEntryWhereInput = {
        ...(query.caseId ? { caseId: query.caseId } : {}),
        ...(query.principal ? { principal: query.principal } : {}),
        ...(query.action ? { action: query.action } : {}),
        at: {
          ...(query.since ? { gte: new Date(query.since) } : {}),
          ...(query.until ? { lt: new Date(query.until) } : {}),
        },
      };
      const cursor = query.cursor ? Buffer.from(query.cursor, 'base64url').toString('utf8') : undefined;
      if (cursor !== undefined && !z.string().uuid().safeParse(cursor).success) {
        throw new MalformedRequestError('the cursor is not one this API returned', {
          issues: [{ path: 'query.cursor', message: 'is not a nextCursor of this listing' }],
        });
      }
      const rows = await db.auditEntry.findMany({
        where,
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        entries: page.map((e) => ({
          ...e,
          at: e.at.toISOString(),
          detail: (e.detail ?? null) as Record<string, unknown> | null,
        })),
        nextCursor: rows.length > query.limit && last ? Buffer.from(last.id).toString('base64url') : null,
      };
    },
  });
}
