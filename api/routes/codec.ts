// The codec server the Temporal Web UI calls to show decrypted payloads to people allowed to
// see them (POST {endpoint}/decode and /encode with `{ payloads: [...] }`), with CORS for the UI.
import type { RequestHandler } from 'express';
import type { Database } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';
import { caseKeysFor } from '../../lib/case-keys';
import { EncryptionCodec, payloadFromJson, payloadToJson } from '../../lib/payload-codec';
import { decodeAuditLines, decodeInScope } from '../access/payload-scope';
import { CASE_HANDLERS } from '../access/roles';
import { audit } from '../audit';
import type { ApiRoutes } from '../route';
import { z } from '../schemas/common';

const JsonPayload = z
  .object({
    metadata: z.record(z.string().max(200), z.string().max(10_000)).optional(),
    data: z.string().max(2_000_000).optional(),
  })
  .strict();
const Payloads = z
  .object({ payloads: z.array(JsonPayload).max(500) })
  .strict()
  .openapi('CodecPayloads');

/** CORS for the Temporal UI origins on /codec (preflight answered without a key). */
export function codecCors(origins: string[]): RequestHandler {
  return (req, res, next) => {
    if (!req.path.startsWith('/codec/')) return next();
    const origin = req.get('origin');
    if (origin && origins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, X-Namespace, X-Api-Key');
    }
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
}

/** Declares POST /codec/encode and /codec/decode. */
export function codecRoutes(routes: ApiRoutes, { db, keys }: { db: Database; keys: Keyring }): void {
  const codec = new EncryptionCodec(keys, caseKeysFor(db, keys));

  routes.add({
    method: 'post',
    path: '/codec/decode',
    tag: 'codec',
    roles: CASE_HANDLERS,
    summary:
      "Decrypt Temporal payloads for the Temporal UI: only those of cases in the caller's countries (audited per case)",
    body: Payloads,
    response: Payloads,
    handler: async ({ caller, body, req }) => {
      const results = await decodeInScope(db, codec, caller, body.payloads);
      const namespace = req.get('x-namespace')?.slice(0, 100) ?? null;
      for (const line of decodeAuditLines(results)) {
        await audit(db, caller, 'codec.decode', line.caseId, {
          decoded: line.decoded,
          withheld: line.withheld,
          namespace,
        });
      }
      return { payloads: results.map((result) => result.payload) };
    },
  });

  routes.add({
    method: 'post',
    path: '/codec/encode',
    tag: 'codec',
    roles: CASE_HANDLERS,
    summary: 'Encrypt payloads (the Temporal UI uses it to send signals and queries)',
    body: Payloads,
    response: Payloads,
    handler: async ({ body }) => ({
      payloads: (await codec.encode(body.payloads.map(payloadFromJson))).map(payloadToJson),
    }),
  });
}
