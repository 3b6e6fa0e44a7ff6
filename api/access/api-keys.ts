// API keys: a random secret shown once, stored as a sha256 hash with a short prefix for lookup.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type ApiKey, type Database } from '../../lib/database';
import type { Principal, Role } from './roles';

export interface NewApiKey {
  principal: string;
  role: Role;
  countries?: string[];
  partnerId?: string | null;
}

export interface CreatedApiKey {
  id: string;
  prefix: string;
  /** The full key: shown once, never stored. */
  key: string;
}

const hash = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** Creates an API key for a principal; returns the secret once (only its hash is stored). */
export async function createApiKey(db: Database, input: NewApiKey): Promise<CreatedApiKey> {
  if (input.role === 'partner' && !input.partnerId) throw new Error('a partner key needs a partnerId');
  const prefix = randomBytes(6).toString('hex');
  const key = `pw_${prefix}_${randomBytes(32).toString('base64url')}`;
  const row = await db.apiKey.create({
    data: {
      prefix,
      hash: hash(key),
      principal: input.principal,
      role: input.role,
      countries: (input.countries ?? []).map((c) => c.toUpperCase()),
      partnerId: input.partnerId ?? null,
    },
  });
  return { id: row.id, prefix, key };
}

// The key and its principal's roles in the staff directory (none unless active): one statement,
// as every request reads the key and every case action needs the roles.
const KEY_WITH_DIRECTORY_ROLES = `SELECT k.*, COALESCE(
    (SELECT s.roles FROM "Staff" s WHERE s.email = k.principal AND s.active), '{}') AS "directoryRoles"
  FROM "ApiKey" k WHERE k.prefix = $1`;

/** Finds the live key for a presented secret; null when unknown, revoked or mismatched. */
export async function verifyApiKey(db: Database, presented: string): Promise<Principal | null> {
  const match = /^pw_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(presented);
  if (!match) return null;
  const [row] = await sql<ApiKey & { directoryRoles: string[] }>(db, KEY_WITH_DIRECTORY_ROLES, [match[1]]);
  if (!row || row.revokedAt) return null;
  const expected = Buffer.from(row.hash, 'hex');
  const actual = Buffer.from(hash(presented), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return {
    keyId: row.id,
    principal: row.principal,
    role: row.role as Role,
    countries: row.countries,
    partnerId: row.partnerId,
    directoryRoles: row.directoryRoles,
  };
}

/** Revokes a key; returns false when it does not exist. */
export async function revokeApiKey(db: Database, id: string): Promise<boolean> {
  const result = await db.apiKey.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return result.count > 0;
}
