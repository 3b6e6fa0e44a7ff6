// Webhook signatures: HMAC-SHA256 over `${timestamp}.${body}`, hex, sent as `v1=<hex>`; during
// a secret rotation's overlap one `v1=` per valid secret, newest first.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The hex HMAC-SHA256 of `${timestamp}.${body}` with a secret. */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The Pathways-Signature header value: `v1=<hex>` per secret, comma-separated. */
export function signatureHeader(secrets: string[], timestamp: number, body: string): string {
  return secrets.map((secret) => `v1=${signPayload(secret, timestamp, body)}`).join(', ');
}

/** How a partner verifies a delivery (the reference implementation of the README's steps). */
export function verifySignature(input: {
  secret: string;
  timestampHeader: string;
  signatureHeader: string;
  rawBody: string;
  toleranceSeconds?: number;
  nowSeconds?: number;
}): boolean {
  const timestamp = Number(input.timestampHeader);
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300))
    return false;
  const expected = Buffer.from(signPayload(input.secret, timestamp, input.rawBody), 'hex');
  return input.signatureHeader
    .split(',')
    .map((part) => part.trim())
    .some((part) => {
      if (!part.startsWith('v1=')) return false;
      const given = Buffer.from(part.slice(3), 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
