// Encrypts every Temporal payload (workflow inputs, update arguments, query results, history)
// with AES-256-GCM before it leaves the process. Each encrypted payload names its key id in
// its metadata, so keys can rotate: old payloads stay readable while the keyring lists them.
// A payload of a case workflow (or of an activity it scheduled) is encrypted with the case's
// own key (`case:<caseId>`), so shredding that key erases the case's history (lib/case-keys.ts).
import type { DataConverter, Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { caseIdOfWorkflowId } from '../contract/keys';
import { caseKeysFor, caseOfKeyId, type CaseKeys } from './case-keys';
import { database, type Database } from './database';
import { keyring as sharedKeyring, type Keyring } from './keyring';

/** Metadata encoding that marks a payload this codec encrypted. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key holding the id of the key that encrypted the payload. */
export const KEY_ID_METADATA = 'encryption-key-id';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** A payload as plain JSON (base64 bytes): what is encrypted, and what the codec server speaks. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/** Turns a payload into its JSON form (metadata values and data as base64). */
export function payloadToJson(payload: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload.metadata ?? {})) {
    if (value) metadata[name] = Buffer.from(value).toString('base64');
  }
  return { metadata, data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') };
}

/** Turns the JSON form back into a payload. */
export function payloadFromJson(json: JsonPayload): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [name, value] of Object.entries(json.metadata ?? {}))
    metadata[name] = Buffer.from(value, 'base64');
  return { metadata, data: Buffer.from(json.data ?? '', 'base64') };
}

/** The case whose workflow owns a payload, by its serialization context (none: not a case's). */
export function caseOfContext(context: SerializationContext | undefined): string | undefined {
  return context?.workflowId === undefined ? undefined : caseIdOfWorkflowId(context.workflowId);
}

/** AES-256-GCM payload codec over the application keyring and, when given, the case keys. */
export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keys: Keyring,
    private readonly caseKeys?: CaseKeys,
  ) {}

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const caseId = this.caseKeys ? caseOfContext(context) : undefined;
    const ring = caseId === undefined ? this.keys : await this.caseKeys!.keyFor(caseId);
    return payloads.map((payload) => {
      const plain = utf8.encode(JSON.stringify(payloadToJson(payload)));
      const { keyId, data } = ring.encryptBytes(plain);
      return {
        metadata: { encoding: utf8.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8.encode(keyId) },
        data,
      };
    });
  }

  /** Decrypts by the key id each payload names (the context plays no part: old payloads name keyring keys). */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    const decoded: Payload[] = [];
    for (const payload of payloads) {
      const encoding = payload.metadata?.encoding;
      if (!encoding || fromUtf8.decode(encoding) !== ENCRYPTED_ENCODING) {
        decoded.push(payload);
        continue;
      }
      const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
      if (!keyIdBytes || !payload.data) throw new Error('encrypted payload without key id or data');
      const keyId = fromUtf8.decode(keyIdBytes);
      const plain = (await this.ringFor(keyId)).decryptBytes(keyId, payload.data);
      decoded.push(payloadFromJson(JSON.parse(plain.toString('utf8')) as JsonPayload));
    }
    return decoded;
  }

  private async ringFor(keyId: string): Promise<Keyring> {
    const caseId = caseOfKeyId(keyId);
    if (caseId === undefined) return this.keys;
    if (!this.caseKeys)
      throw new Error(`payload encrypted with the key of case ${caseId}: no case keys here`);
    return this.caseKeys.existingKey(caseId);
  }
}

/**
 * The data converter for Client and Worker: case workflows' payloads encrypted with their case
 * key, every other payload with the keyring (default: the environment's database and keys).
 */
export function dataConverter(keys: Keyring = sharedKeyring(), db: Database = database()): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys, caseKeysFor(db, keys))] };
}
