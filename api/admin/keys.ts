// What an admin does with API keys, checked and audited in one place: the API's /v1/api-keys
// routes and the web app's keys page both call these. A key's secret is in the answer that
// creates it and nowhere else.
import type { Database } from '../../lib/database';
import { createApiKey, revokeApiKey } from '../access/api-keys';
import type { Principal, Role } from '../access/roles';
import { audit } from '../audit';
import { NotFoundError } from '../errors';

/** Creates a key (404 when its partner is unknown) and audits it; the answer holds the secret once. */
export async function issueApiKey(
  db: Database,
  caller: Principal,
  body: { principal: string; role: Role; countries: string[]; partnerId?: string },
) {
  if (body.partnerId && !(await db.partner.findUnique({ where: { id: body.partnerId } })))
    throw new NotFoundError('partner', body.partnerId);
  const created = await createApiKey(db, body);
  await audit(db, caller, 'api_key.create', null, { apiKeyId: created.id, role: body.role });
  return {
    ...created,
    principal: body.principal,
    role: body.role,
    countries: body.countries,
    partnerId: body.partnerId ?? null,
  };
}

/** Every key, oldest first, never with its secret. */
export async function listApiKeys(db: Database) {
  const keys = await db.apiKey.findMany({ orderBy: { createdAt: 'asc' } });
  return keys.map((k) => ({
    id: k.id,
    prefix: k.prefix,
    principal: k.principal,
    role: k.role,
    countries: k.countries,
    partnerId: k.partnerId,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
  }));
}

/** Revokes a live key (404 when unknown or already revoked) and audits it. */
export async function revokeKey(db: Database, caller: Principal, keyId: string): Promise<void> {
  if (!(await revokeApiKey(db, keyId))) throw new NotFoundError('api key', keyId);
  await audit(db, caller, 'api_key.revoke', null, { apiKeyId: keyId });
}
