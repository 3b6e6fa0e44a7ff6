// Webhook secrets at rest: sealed with the application keyring (a database dump shows no secret
// in clear), newest first; a rotation keeps the previous secret valid until the overlap ends.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Keyring } from '../../lib/keyring';

const StoredSecret = z.object({
  sealed: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
});
export type StoredSecret = z.infer<typeof StoredSecret>;

/** A new random webhook secret, shown to the partner once. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** Parses the stored JSON column (a malformed value counts as no secret). */
export function readSecrets(stored: unknown): StoredSecret[] {
  const parsed = z.array(StoredSecret).safeParse(stored);
  return parsed.success ? parsed.data : [];
}

/** The secrets that sign now, newest first: the current one and those still in their overlap. */
export function signingSecrets(keys: Keyring, stored: unknown, now = new Date()): string[] {
  return readSecrets(stored)
    .filter((s, i) => i === 0 || (s.expiresAt !== undefined && new Date(s.expiresAt) > now))
    .map((s) => keys.open(s.sealed));
}

/** Puts a new secret first; older ones stay valid for the overlap (never longer than before), expired ones go. */
export function rotateSecrets(
  keys: Keyring,
  stored: unknown,
  secret: string,
  overlapMs: number,
  now = new Date(),
): StoredSecret[] {
  const until = new Date(now.getTime() + overlapMs);
  const previous = readSecrets(stored)
    .map((s) => ({
      ...s,
      expiresAt: s.expiresAt && new Date(s.expiresAt) < until ? s.expiresAt : until.toISOString(),
    }))
    .filter((s) => new Date(s.expiresAt) > now);
  return [{ sealed: keys.seal(secret), createdAt: now.toISOString() }, ...previous];
}
